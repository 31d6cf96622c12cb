/**
 * 单位详情: one unit's figures for a period by category, and what happened to its returns, extension
 * requests and the escalations of the orders it led — the page a manager opens from the assessment.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { kpisFromOutcomes } from '../db/kpi';
import type { ReferenceCache } from '../db/reference-cache';
import { unitEvents } from '../db/unit-detail';
import { unitCode } from './http/fields';
import { notFound } from './http/problem';
import { route, type Route } from './http/route';
import { periodOf, periodQuery } from './period';
import { kpiFigures } from './schemas';

const row = z.object({ group: z.string(), raw: kpiFigures, adjusted: kpiFigures });
const unitDetailBody = z.object({
  unit: z.string(),
  from: z.string(),
  to: z.string(),
  figures: row.nullable().meta({ description: 'The unit’s row of /kpis (null: nothing counted in the period)' }),
  categories: z.array(row).meta({ description: 'The same figures of the unit’s outcomes, by category' }),
  returns: z.object({ total: z.int(), won: z.int(), lost: z.int(), waiting: z.int() }).meta({
    description: '退单 made in the period: upheld (reassigned or backstop), refused (kept by ruling), not yet ruled',
  }),
  extensions: z.object({ requested: z.int(), granted: z.int(), denied: z.int(), waiting: z.int() }),
  escalations: z
    .object({ l1: z.int(), l2: z.int(), l3: z.int() })
    .meta({ description: 'Escalations of orders while the unit led them, by the level reached' }),
});

export function unitDetailRoutes({ db, reference }: { db: Db; reference: ReferenceCache }): Route[] {
  return [
    route({
      method: 'get',
      path: '/kpis/units/:unit',
      tag: 'kpis',
      summary: "A unit's figures by category, its returns, extensions and escalations, for a period",
      roles: ['coordinator', 'auditor', 'admin', 'manager'],
      params: z.strictObject({ unit: unitCode }),
      query: periodQuery,
      responses: {
        200: { description: 'The unit’s page', body: unitDetailBody },
        404: 'No such unit',
        422: 'The period ends before it starts, or is too long',
      },
      handle: async ({ params, query }) => {
        if (!reference.get().units.has(params.unit)) throw notFound('unit');
        const { from, to } = periodOf(query);
        const weights = reference.get().policy.kpiWeights;
        const [units, categories, events] = await Promise.all([
          kpisFromOutcomes(db, { groupBy: 'unit', from, to, weights, unit: params.unit }),
          kpisFromOutcomes(db, { groupBy: 'category', from, to, weights, unit: params.unit }),
          unitEvents(db, params.unit, from, to),
        ]);
        return {
          status: 200,
          body: { unit: params.unit, ...query, figures: units[0] ?? null, categories, ...events },
        };
      },
    }),
  ];
}
