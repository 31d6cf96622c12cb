/**
 * Re-derives what the read model, the KPI outcome rows and the KPIs say from the audit trail alone, so a
 * disputed figure can be checked: the read model's summary of each order against its trail (and,
 * optionally, against the workflow in Temporal), holes in the trail, each order's outcome rows, and the
 * KPIs of a period worked out order by order from the trail against the SQL figures. One pass over
 * order-id ranges (db/trail), of every order or of those active in the period: one range's trails in
 * memory at a time (and, for a period, its order ids).
 */
import type { Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { kpisFromOutcomes, type KpiQuery } from '../db/kpi';
import { BATCH_ORDERS, rebuildOrderOutcomes, reviewsIn } from '../db/outcomes';
import { orders } from '../db/schema';
import { inRange, orderRanges, orderRangesActiveIn, trailOf, trailsIn, type OrderRange } from '../db/trail';
import { kpiOutcomes, KpiTally, type KpiRow } from '../domain/kpi';
import type { OrderFacts } from '../domain/order-facts';
import { summarizeTrail, trailSummary, type TrailSummary } from '../domain/trail';
import { workflowView } from '../services/orders';

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

const FIELDS = ['state', 'closureCode', 'leadUnit', 'escalationLevel', 'lastSeq'] as const;

/** Checks the read-model rows of one range against their trails' summaries; `rebuild` rewrites those that differ. */
async function checkReadModel(
  tx: Db,
  range: OrderRange,
  facts: ReadonlyMap<string, OrderFacts>,
  result: Verification,
  rebuild: boolean,
): Promise<void> {
  const rows = new Map(
    (await tx.select().from(orders).where(inRange(orders.orderId, range))).map((r) => [r.orderId, r]),
  );
  for (const [orderId, f] of facts) {
    result.checked += 1;
    const t = trailSummary(f);
    if (t.missing.length) result.gaps.push({ orderId, missing: t.missing });
    const row = rows.get(orderId);
    if (!row) {
      result.missingRows.push(orderId);
      continue;
    }
    const differing = FIELDS.filter((k) => row[k] !== t[k]);
    for (const k of differing) result.mismatches.push({ orderId, field: k, readModel: row[k], trail: t[k] });
    if (rebuild && differing.length) {
      const { missing: _missing, ...summary } = t;
      await tx.update(orders).set(summary).where(eq(orders.orderId, orderId));
    }
  }
}

/**
 * The whole check in one pass. `rebuild` rewrites the read-model rows and outcome rows that differ from
 * the trail (before the SQL KPIs are summed); `kpis` also recomputes that period both ways. With `kpis`
 * the pass covers the orders active in that period (an event or an outcome row in it), which is all its
 * figures depend on; without, or with `everyOrder`, every order.
 */
export async function recompute(
  db: Db,
  options: { rebuild?: boolean; kpis?: KpiQuery; everyOrder?: boolean; batchOrders?: number } = {},
): Promise<Recomputation> {
  const started = Date.now();
  const readModel: Verification = { checked: 0, mismatches: [], gaps: [], missingRows: [] };
  const q = options.kpis;
  const tally = q && new KpiTally(q.groupBy, { from: q.from.getTime(), to: q.to.getTime() });
  const batchOrders = options.batchOrders ?? BATCH_ORDERS;
  const pass = await rebuildOrderOutcomes(db, {
    mode: options.rebuild ? 'repair' : 'verify',
    batchOrders,
    ...(q && !options.everyOrder ? { ranges: orderRangesActiveIn(db, q, batchOrders) } : {}),
    eachRange: async (tx, range, facts) => {
      await checkReadModel(tx, range, facts, readModel, options.rebuild ?? false);
      if (!tally) return;
      const reviews = await reviewsIn(tx, range);
      for (const [orderId, f] of facts) {
        tally.addOrder(kpiOutcomes(f), (seq) => reviews.get(`${orderId}#${seq}`) ?? null);
      }
    },
  });
  let kpis: Recomputation['kpis'] = null;
  if (q && tally) {
    const fromTrail = tally.rows(q.weights);
    const fromOutcomes = await kpisFromOutcomes(db, q);
    kpis = { fromTrail, fromOutcomes, equal: JSON.stringify(fromTrail) === JSON.stringify(fromOutcomes) };
  }
  return {
    readModel,
    outcomes: { orders: pass.orders, rows: pass.rows, differing: pass.differing },
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
