/**
 * Re-derives what the projections and the KPIs say from the audit trail alone, so a disputed figure can
 * be checked: each projection that can be checked (projections/registry.ts: the read model's summary,
 * the KPI outcome rows) against the trail (and the read model, optionally, against the workflow in
 * Temporal), holes in the trail, and the KPIs of a period worked out order by order from the trail
 * against the SQL figures. One pass over order-id ranges (projections/rebuild.ts), of every order or of
 * those active in the period: one range's trails in memory at a time (and, for a period, its order ids).
 */
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client';
import { kpisFromOutcomes, type KpiQuery } from '../db/kpi';
import { reviewsIn } from '../db/outcomes';
import { orderRanges, orderRangesActiveIn, trailOf, trailsIn } from '../db/trail';
import { kpiOutcomes, KpiTally, type KpiRow } from '../domain/kpi';
import { summarizeTrail, type TrailSummary } from '../domain/trail';
import { kpiOutcomes as kpiOutcomesProjection } from '../projections/kpi-outcomes';
import { MISSING_ROW, readModel } from '../projections/read-model';
import { BATCH_ORDERS, passOverTrail } from '../projections/rebuild';
import { checkable } from '../projections/registry';
import { workflowView } from '../api/order-reads';

export interface Mismatch {
  orderId: string;
  field: string;
  readModel: unknown;
  trail: unknown;
}

export interface Verification {
  checked: number;
  mismatches: Mismatch[];
  /** Orders whose trail has a hole, with the missing sequence numbers. */
  gaps: { orderId: string; missing: number[] }[];
  /** Orders that are in the trail but not in the read model. */
  missingRows: string[];
}

export interface Recomputation {
  readModel: Verification;
  /** Orders whose stored outcome rows differ from their trail's (rewritten with `rebuild`). */
  outcomes: { orders: number; rows: number; differing: string[] };
  /** The period's KPIs from the trail (the pure reducer, order by order) and summed in SQL from the outcome rows. */
  kpis: { fromTrail: KpiRow[]; fromOutcomes: KpiRow[]; equal: boolean } | null;
  ms: number;
}

/**
 * The whole check in one pass over the trail (projections/rebuild.ts). `projections` names the ones to
 * check (default every one that can be: projections/registry.ts); `rebuild` rewrites the rows that
 * differ from the trail (before the SQL KPIs are summed); `kpis` also recomputes that period both ways.
 * With `kpis` the pass covers the orders active in that period (an event or an outcome row in it), which
 * is all its figures depend on; without, or with `everyOrder`, every order.
 */
export async function recompute(
  db: Db,
  options: {
    rebuild?: boolean;
    kpis?: KpiQuery;
    everyOrder?: boolean;
    batchOrders?: number;
    projections?: readonly string[];
  } = {},
): Promise<Recomputation> {
  const started = Date.now();
  const gaps: Verification['gaps'] = [];
  const q = options.kpis;
  const tally = q && new KpiTally(q.groupBy, { from: q.from.getTime(), to: q.to.getTime() });
  const batchOrders = options.batchOrders ?? BATCH_ORDERS;
  const pass = await passOverTrail(db, {
    projections: checkable(options.projections),
    mode: options.rebuild ? 'repair' : 'verify',
    batchOrders,
    ...(q && !options.everyOrder ? { ranges: orderRangesActiveIn(db, q, batchOrders) } : {}),
    eachRange: async (tx, range, facts) => {
      for (const [orderId, f] of facts) if (f.missing.length) gaps.push({ orderId, missing: f.missing });
      if (!tally) return;
      const reviews = await reviewsIn(tx, range);
      for (const [orderId, f] of facts) {
        tally.addOrder(kpiOutcomes(f), (seq) => reviews.get(`${orderId}#${seq}`) ?? null);
      }
    },
  });
  const readModelDifferences = pass.differences[readModel.name] ?? [];
  const mismatches = readModelDifferences
    .filter((d) => d.field !== MISSING_ROW)
    .map(({ orderId, field, stored, trail }) => ({ orderId, field, readModel: stored, trail }));
  const missingRows = readModelDifferences.filter((d) => d.field === MISSING_ROW).map((d) => d.orderId);
  let kpis: Recomputation['kpis'] = null;
  if (q && tally) {
    const fromTrail = tally.rows(q.weights);
    const fromOutcomes = await kpisFromOutcomes(db, q);
    kpis = { fromTrail, fromOutcomes, equal: JSON.stringify(fromTrail) === JSON.stringify(fromOutcomes) };
  }
  return {
    readModel: { checked: pass.orders, mismatches, gaps, missingRows },
    outcomes: {
      orders: pass.orders,
      rows: pass.derived[kpiOutcomesProjection.name] ?? 0,
      differing: (pass.differences[kpiOutcomesProjection.name] ?? []).map((d) => d.orderId),
    },
    kpis,
    ms: Date.now() - started,
  };
}

/** Compares every read-model row with its trail; `rebuild` rewrites the rows (and outcome rows) that differ from it. */
export async function verifyReadModel(db: Db, options: { rebuild?: boolean } = {}): Promise<Verification> {
  return (await recompute(db, options)).readModel;
}

/** Every order's trail summary, range by range, or the given orders'. */
async function* summaries(db: Db, orderIds?: string[]): AsyncGenerator<[string, TrailSummary]> {
  if (orderIds) {
    for (const id of orderIds) yield [id, summarizeTrail(await trailOf(db, id))];
    return;
  }
  for await (const range of orderRanges(db, 1_000)) {
    for (const [id, trail] of await trailsIn(db, range)) yield [id, summarizeTrail(trail)];
  }
}

/** Compares the trail of each order with its workflow: state and last audit sequence must agree. */
export async function verifyAgainstTemporal(db: Db, client: Client, orderIds?: string[]): Promise<Mismatch[]> {
  const mismatches: Mismatch[] = [];
  for await (const [orderId, t] of summaries(db, orderIds)) {
    const view = await workflowView(client, orderId);
    for (const [field, wf] of [
      ['state', view.state],
      ['lastSeq', view.lastSeq],
      ['leadUnit', view.leadUnit],
    ] as const) {
      if (t[field] !== wf) mismatches.push({ orderId, field: `workflow.${field}`, readModel: wf, trail: t[field] });
    }
  }
  return mismatches;
}
