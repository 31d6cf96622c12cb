/**
 * 值班大屏: what the duty manager watches — open orders by SLA state and escalation level, breaches of the
 * last hour, orders held at the centre, disputes waiting for a ruling, calls per hour — in one read the
 * console repeats on every live change.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import type { ReferenceCache } from '../db/reference-cache';
import { wallCounts } from '../db/wall';
import { SLA_STATES } from '../domain/order';
import { route, type Route } from './http/route';
import { instant } from './views';

/** The hours of calls the wall shows, the current one last. */
const CALL_HOURS = 12;
const HOUR_MS = 3_600_000;

const wallBody = z.object({
  at: instant,
  open: z.array(z.object({ slaState: z.enum(SLA_STATES), escalationLevel: z.int(), count: z.int() })),
  held: z.int().meta({ description: 'Work orders no unit owns yet (待派单)' }),
  disputes: z.int().meta({ description: 'Returned orders waiting for a ruling (退单待裁定)' }),
  breachesLastHour: z.int().meta({ description: 'Clocks that ran out in the last 60 minutes' }),
  callsPerHour: z.array(z.object({ hour: instant, count: z.int() })).meta({
    description: `Orders received in each of the last ${CALL_HOURS} hours (UTC hours), oldest first, none left out`,
  }),
  operatorLoad: z
    .object({
      windowHours: z.int(),
      abusiveCallsBeforeBreak: z.int(),
      operators: z.array(
        z.object({
          operator: z.string(),
          calls: z.int(),
          abusiveCalls: z.int().meta({ description: 'Calls marked 辱骂 / 威胁 / 情绪激烈 at intake' }),
          needsBreak: z.boolean().meta({ description: "At or above the policy's threshold: prompt a break" }),
        }),
      ),
    })
    .meta({ description: "The operators' load in the policy's window; never part of a unit's assessment" }),
});

export function wallRoutes({ db, reference }: { db: Db; reference: ReferenceCache }): Route[] {
  return [
    route({
      method: 'get',
      path: '/wall',
      tag: 'console',
      summary: 'The duty wall: open orders by SLA state and level, breaches, held orders, disputes, calls per hour',
      roles: ['manager', 'coordinator'],
      responses: { 200: { description: 'The counts now', body: wallBody }, 503: 'Database unavailable' },
      handle: async () => {
        const now = Date.now();
        const { windowHours, abusiveCallsBeforeBreak } = reference.get().policy.operatorLoad;
        const counts = await wallCounts(db, now, CALL_HOURS, windowHours);
        const first = Math.floor(now / HOUR_MS) * HOUR_MS - (CALL_HOURS - 1) * HOUR_MS;
        const byHour = new Map(counts.calls.map((c) => [c.hour, c.count]));
        return {
          status: 200,
          body: {
            at: new Date(now).toISOString(),
            open: counts.open.map((o) => ({ ...o, slaState: o.slaState as (typeof SLA_STATES)[number] })),
            held: counts.held,
            disputes: counts.disputes,
            breachesLastHour: counts.breachesLastHour,
            callsPerHour: Array.from({ length: CALL_HOURS }, (_, i) => {
              const hour = first + i * HOUR_MS;
              return { hour: new Date(hour).toISOString(), count: byHour.get(hour) ?? 0 };
            }),
            operatorLoad: {
              windowHours,
              abusiveCallsBeforeBreak,
              operators: counts.operators.map((o) => ({
                ...o,
                needsBreak: o.abusiveCalls >= abusiveCallsBeforeBreak,
              })),
            },
          },
        };
      },
    }),
  ];
}
