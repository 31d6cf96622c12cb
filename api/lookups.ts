/** What every console screen needs to show codes as names: units, catalogue categories, referral channels. */
import type { ReferenceCache } from '../db/reference-cache';
import { route, type Route } from './http/route';
import { lookupsBody } from './schemas';

export function lookupRoutes(deps: { reference: ReferenceCache }): Route[] {
  return [
    route({
      method: 'get',
      path: '/lookups',
      tag: 'console',
      summary: 'Unit and category names, the dispatch catalogue and the referral channels in use with their replies',
      roles: [
        'operator',
        'department',
        'coordinator',
        'visitor',
        'auditor',
        'reviewer',
        'admin',
        'manager',
        'inspector',
      ],
      responses: { 200: { description: 'The lookups of the reference data in force', body: lookupsBody } },
      handle: async () => {
        const ref = deps.reference.get();
        return {
          status: 200,
          body: {
            units: [...ref.units.values()].map((u) => ({ code: u.code, name: u.name, kind: u.kind })),
            categories: [...ref.catalogue.values()].map((c) => ({
              code: c.code,
              name: c.name,
              leadUnit: c.leadUnit,
              assistingUnits: c.assistingUnits,
              defaultUrgency: c.defaultUrgency,
            })),
            referralChannels: [...ref.referrals.channels.values()]
              .filter((c) => c.retiredAt === null)
              .map((c) => ({ code: c.code, name: c.name, reply: c.reply })),
          },
        };
      },
    }),
  ];
}
