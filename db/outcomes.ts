/**
 * The KPIs' outcome rows (`order_outcomes`), derived from the audit trail by the one reducer
 * (domain/order-facts → domain/kpi `kpiOutcomes`): replaced for one order in the transaction that appends
 * its events, and rebuilt or verified for every order, in order-id ranges, by `rebuildOrderOutcomes`.
 * Rows travel as one array parameter per column, never one parameter per row or per order.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import { kpiOutcomes, type KpiOutcome, type ReviewOutcome } from '../domain/kpi';
import { orderFacts, type OrderFacts } from '../domain/order-facts';
import type { Db } from './client';
import { auditEvents, orderOutcomes, orders, ratingReviews } from './schema';
import { inRange, orderRanges, trailsIn, type OrderRange } from './trail';

/** An outcome row of one order. */
export type OutcomeRow = KpiOutcome & { orderId: string };

/** An order's outcome rows, from the facts of its trail. */
export function outcomeRowsOf(orderId: string, facts: OrderFacts): OutcomeRow[] {
  return kpiOutcomes(facts).map((o) => ({ ...o, orderId }));
}

/** A PostgreSQL array literal: one bound parameter however many elements (every element quoted, or NULL). */
function arrayLiteral(values: readonly (string | number | null)[]): string {
  const element = (v: string | number | null) => (v === null ? 'NULL' : `"${String(v).replace(/["\\]/g, '\\$&')}"`);
  return `{${values.map(element).join(',')}}`;
}

/** Replaces the outcome rows of one order, or of every order in a range, with `rows`. */
export async function replaceOutcomes(db: Db, scope: string | OrderRange, rows: readonly OutcomeRow[]): Promise<void> {
  await db
    .delete(orderOutcomes)
    .where(typeof scope === 'string' ? eq(orderOutcomes.orderId, scope) : inRange(orderOutcomes.orderId, scope));
  if (!rows.length) return;
  const column = (pick: (r: OutcomeRow) => string | number | null) => arrayLiteral(rows.map(pick));
  // Two writers of one range (two processes backfilling at start) compute the same rows: the later one wins.
  await db.execute(sql`
    insert into ${orderOutcomes} (order_id, seq, name, at, unit, category, value, rating_seq)
    select * from unnest(${column((r) => r.orderId)}::text[], ${column((r) => r.seq)}::int[],
      ${column((r) => r.name)}::text[], ${column((r) => new Date(r.at).toISOString())}::timestamptz[],
      ${column((r) => r.unit)}::text[], ${column((r) => r.category)}::text[], ${column((r) => r.value)}::bigint[],
      ${column((r) => r.ratingSeq)}::int[])
    on conflict (order_id, seq, name) do update set at = excluded.at, unit = excluded.unit,
      category = excluded.category, value = excluded.value, rating_seq = excluded.rating_seq`);
}

/** The stored outcome rows of the orders in a range, by order id. */
async function storedOutcomesIn(db: Db, range: OrderRange): Promise<Map<string, OutcomeRow[]>> {
  const rows = await db.select().from(orderOutcomes).where(inRange(orderOutcomes.orderId, range));
  const byOrder = new Map<string, OutcomeRow[]>();
  for (const r of rows) {
    const row = { ...r, at: r.at.getTime() };
    byOrder.set(r.orderId, [...(byOrder.get(r.orderId) ?? []), row]);
  }
  return byOrder;
}

/** The decided reviews of the ratings of the orders in a range, keyed `orderId#visitSeq`. */
export async function reviewsIn(db: Db, range: OrderRange): Promise<Map<string, ReviewOutcome>> {
  const rows = await db
    .select({ orderId: ratingReviews.orderId, seq: ratingReviews.visitSeq, status: ratingReviews.status })
    .from(ratingReviews)
    .where(and(inRange(ratingReviews.orderId, range), ne(ratingReviews.status, 'pending')));
  return new Map(rows.map((r) => [`${r.orderId}#${r.seq}`, r.status as Exclude<typeof r.status, 'pending'>]));
}

const rowKey = (r: OutcomeRow) => JSON.stringify([r.seq, r.name, r.at, r.unit, r.category, r.value, r.ratingSeq]);

/** Whether two sets of one order's outcome rows are the same, in any order. */
export function sameOutcomes(a: readonly OutcomeRow[], b: readonly OutcomeRow[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map(rowKey));
  return b.every((r) => keys.has(rowKey(r)));
}

export interface OutcomeRebuild {
  orders: number;
  events: number;
  rows: number;
  /** Orders whose stored rows differed from their trail (`verify`, `repair`). */
  differing: string[];
  ms: number;
}

/** Orders per range of a pass over the trail: one read and one write each. */
export const BATCH_ORDERS = 5_000;

export interface RebuildOptions {
  /**
   * `replace` (default): write every order's rows; `verify`: compare only; `repair`: compare and
   * rewrite the orders that differ.
   */
  mode?: 'replace' | 'verify' | 'repair';
  /** Orders per range (one read, one write); default `BATCH_ORDERS`. */
  batchOrders?: number;
  /** The orders to derive, range by range; default every order with a trail (`orderRanges`). */
  ranges?: AsyncIterable<OrderRange>;
  /** Called after each range. */
  onProgress?: (done: Omit<OutcomeRebuild, 'differing' | 'ms'>) => void;
  /**
   * Also called for each range with its orders' facts, inside the range's transaction (`tx`), so another
   * check can ride on the same pass over the trail (npm run recompute).
   */
  eachRange?: (tx: Db, range: OrderRange, facts: ReadonlyMap<string, OrderFacts>) => Promise<void>;
}

/**
 * Derives every order's outcome rows from its audit trail, range by range (two ranges in flight: one
 * reduced while the other is read or written). A range is written in one transaction that first locks
 * its orders' read-model rows, so an order whose events are being appended meanwhile is re-derived by
 * that write afterwards, never left stale. Safe to run on a live system; for a bulk load, run it once
 * after the COPY of `audit_events`.
 */
export async function rebuildOrderOutcomes(db: Db, options: RebuildOptions = {}): Promise<OutcomeRebuild> {
  const mode = options.mode ?? 'replace';
  const started = Date.now();
  const total: OutcomeRebuild = { orders: 0, events: 0, rows: 0, differing: [], ms: 0 };

  const oneRange = async (range: OrderRange) => {
    const work = async (tx: Db) => {
      if (mode !== 'verify') {
        await tx.execute(sql`select 1 from ${orders} where ${inRange(orders.orderId, range)} for share`);
      }
      const trails = await trailsIn(tx, range);
      const stored = mode === 'replace' ? null : await storedOutcomesIn(tx, range);
      const rows: OutcomeRow[] = [];
      const factsOf = new Map<string, OrderFacts>();
      for (const [orderId, trail] of trails) {
        const facts = orderFacts(trail);
        factsOf.set(orderId, facts);
        const derived = outcomeRowsOf(orderId, facts);
        total.events += trail.length;
        total.rows += derived.length;
        if (stored && !sameOutcomes(derived, stored.get(orderId) ?? [])) {
          total.differing.push(orderId);
          if (mode === 'repair') await replaceOutcomes(tx, orderId, derived);
        }
        if (mode === 'replace') rows.push(...derived);
      }
      if (mode === 'replace') await replaceOutcomes(tx, range, rows);
      await options.eachRange?.(tx, range, factsOf);
      total.orders += trails.size;
    };
    if (mode === 'verify') await work(db);
    else await db.transaction((tx) => work(tx));
    options.onProgress?.({ orders: total.orders, events: total.events, rows: total.rows });
  };

  let inFlight: Promise<void> | null = null;
  for await (const range of options.ranges ?? orderRanges(db, options.batchOrders ?? BATCH_ORDERS)) {
    const next = oneRange(range);
    if (inFlight) await inFlight;
    inFlight = next;
  }
  if (inFlight) await inFlight;
  total.ms = Date.now() - started;
  return total;
}

/** Fills the outcome rows of a database that has a trail but none yet (the first start after the table appeared). */
export async function backfillOrderOutcomes(db: Db): Promise<OutcomeRebuild | null> {
  const any = sql<number>`1`;
  const [trail] = await db.select({ any }).from(auditEvents).limit(1);
  const [outcome] = await db.select({ any }).from(orderOutcomes).limit(1);
  return trail && !outcome ? rebuildOrderOutcomes(db) : null;
}
