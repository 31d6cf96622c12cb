/**
 * KPIs per unit, category or the whole centre over any period, summed on request from the outcome rows
 * the audit trail yields (never from counters that can drift), raw and review-adjusted side by side; also
 * as CSV (one line per group and basis, so its size does not grow with the number of orders).
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { kpisFromOutcomes } from '../db/kpi';
import { KPI_COUNT_NAMES, type KpiFigures, type KpiRow } from '../domain/kpi';
import type { ReferenceCache } from '../db/reference-cache';
import { toCsv } from './csv';
import { periodOf, periodQuery } from './period';
import { route, type Route } from './route';
import { csvBody, kpisBody } from './schemas';

const FIGURES = [
  'onTimeResponseRate',
  'onTimeHandlingRate',
  'directAnswerRate',
  'satisfactionRate',
  'resolutionRate',
  'reopenRate',
  'returnRate',
  'averageHandlingHours',
  'composite',
] as const satisfies readonly (keyof KpiFigures)[];

const kpiQuery = periodQuery.extend({ groupBy: z.enum(['unit', 'category', 'centre']).default('unit') });

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
      handle: async ({ query }) => ({ status: 200, body: { ...query, rows: await kpisFor(db, reference, query) } }),
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
  ];
  return routes;
}
