/**
 * KPIs per unit, category or the whole centre over any period, summed on request from the outcome rows
 * the audit trail yields (never from counters that can drift), raw and review-adjusted side by side; also
 * as CSV (one line per group and basis, so its size does not grow with the number of orders).
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { inspectionScoresByUnit } from '../db/inspection';
import { kpisFromOutcomes, outcomesOfRate } from '../db/kpi';
import { KPI_COUNT_NAMES, KPI_RATES, type KpiFigures, type KpiRow } from '../domain/kpi';
import type { ReferenceCache } from '../db/reference-cache';
import { toCsv } from './http/csv';
import { periodOf, periodQuery } from './period';
import { route, type Route } from './http/route';
import { csvBody, kpiOutcomesPage, kpisBody } from './schemas';

const FIGURES = [...KPI_RATES, 'averageHandlingHours', 'composite'] as const satisfies readonly (keyof KpiFigures)[];

const kpiQuery = periodQuery.extend({ groupBy: z.enum(['unit', 'category', 'centre']).default('unit') });

/** A page's end in the drill-down: the last row's instant (ms), order, seq and outcome name. */
const OUTCOME_CURSOR = /^(\d{1,15})_(WO[0-9A-Z]{14})_(\d{1,9})_([a-zA-Z]{1,40})$/;
const outcomeCursor = z
  .string()
  .regex(OUTCOME_CURSOR, 'must be a cursor from this API')
  .transform((raw) => {
    const [, at, orderId, seq, name] = OUTCOME_CURSOR.exec(raw)!;
    return { at: Number(at), orderId: orderId!, seq: Number(seq), name: name! };
  });
const drillQuery = periodQuery.extend({
  unit: z.string().regex(/^[A-Z0-9_]{2,32}$/),
  rate: z.enum(KPI_RATES),
  part: z.enum(['numerator', 'denominator']),
  basis: z.enum(['raw', 'adjusted']).default('raw'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: outcomeCursor.optional(),
});

export async function kpisFor(db: Db, reference: ReferenceCache, q: z.infer<typeof kpiQuery>): Promise<KpiRow[]> {
  const period = periodOf(q);
  return kpisFromOutcomes(db, { groupBy: q.groupBy, ...period, weights: reference.get().policy.kpiWeights });
}

/** One CSV line per group and basis (raw / adjusted): the figures, then every count behind them. */
export function kpisToCsv(rows: KpiRow[]): string {
  const lines = rows.flatMap((r) =>
    (['raw', 'adjusted'] as const).map((basis) => {
      const f = r[basis];
      return [
        r.group,
        basis,
        f.orders,
        ...FIGURES.map((k) => f[k] ?? ''),
        ...KPI_COUNT_NAMES.map((c) => f.counts[c] ?? 0),
      ];
    }),
  );
  return toCsv(lines, ['group', 'basis', 'orders', ...FIGURES, ...KPI_COUNT_NAMES]);
}

export function kpiRoutes({ db, reference }: { db: Db; reference: ReferenceCache }): Route[] {
  const readers = ['coordinator', 'auditor', 'admin', 'manager'] as const;
  const routes = [
    route({
      method: 'get',
      path: '/kpis',
      tag: 'kpis',
      summary: 'KPIs for a period, raw and review-adjusted, by unit, category or centre',
      roles: readers,
      query: kpiQuery,
      responses: {
        200: { description: 'One row per group', body: kpisBody },
        400: 'Invalid period',
        422: 'The period ends before it starts, or is too long',
      },
      handle: async ({ query }) => {
        const period = periodOf(query);
        // 抽查得分 beside the rates: a unit's mean score on its orders inspected in the period.
        const inspection = query.groupBy === 'unit' ? await inspectionScoresByUnit(db, period.from, period.to) : [];
        return {
          status: 200,
          body: {
            ...query,
            rows: await kpisFor(db, reference, query),
            weights: reference.get().policy.kpiWeights,
            inspection,
          },
        };
      },
    }),
    route({
      method: 'get',
      path: '/kpis.csv',
      tag: 'kpis',
      summary: 'The same KPIs as CSV, with every count behind each figure',
      roles: readers,
      query: kpiQuery,
      produces: 'text/csv',
      responses: {
        200: { description: 'CSV', body: csvBody },
        400: 'Invalid period',
        422: 'The period ends before it starts, or is too long',
      },
      handle: async ({ query }) => ({
        status: 200,
        contentType: 'text/csv; charset=utf-8',
        body: kpisToCsv(await kpisFor(db, reference, query)),
      }),
    }),
    route({
      method: 'get',
      path: '/kpis/outcomes',
      tag: 'kpis',
      summary: 'The orders behind a unit’s rate in a period: every outcome its numerator or denominator counts',
      roles: readers,
      query: drillQuery,
      responses: {
        200: { description: 'A page of outcomes, oldest first, and how many there are', body: kpiOutcomesPage },
        400: 'Invalid period, rate or cursor',
        422: 'The period ends before it starts, or is too long',
      },
      handle: async ({ query }) => {
        const page = await outcomesOfRate(db, { ...query, ...periodOf(query) });
        return {
          status: 200,
          body: {
            total: page.total,
            items: page.items.map(({ name, at, ...o }) => ({ ...o, outcome: name, at: at.toISOString() })),
            nextCursor: page.next && `${page.next.at}_${page.next.orderId}_${page.next.seq}_${page.next.name}`,
          },
        };
      },
    }),
  ];
  return routes;
}
