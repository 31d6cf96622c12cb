/**
 * The KPIs' outcome rows' storage (`order_outcomes`), derived from the audit trail by the one reducer
 * (domain/order-facts → domain/kpi `kpiOutcomes`); kept by the projection projections/kpi-outcomes.ts.
 * Rows travel as one array parameter per column, never one parameter per row or per order.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import { kpiOutcomes, type KpiOutcome, type ReviewOutcome } from '../domain/kpi';
import type { OrderFacts } from '../domain/order-facts';
import type { Db } from './client';
import { orderOutcomes, ratingReviews } from './schema';
import { inRange, type OrderRange } from './trail';

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
export async function storedOutcomesIn(db: Db, range: OrderRange): Promise<Map<string, OutcomeRow[]>> {
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
