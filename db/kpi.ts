/**
 * KPIs of a period as SQL over the outcome rows (db/outcomes): sums per group, count name and review,
 * and distinct orders per group. The rows are the trail's own outcomes (the one reducer), so nothing is
 * counted that could drift; `KpiTally` applies the reviews exactly as the pure computation does.
 */
import { and, eq, gte, inArray, isNotNull, lt, ne, sql } from 'drizzle-orm';
import {
  CENTRE,
  KpiTally,
  leftOutIfNotAttributable,
  RATE_PARTS,
  UNCATEGORISED,
  type KpiGroupBy,
  type KpiRate,
  type KpiRow,
  type KpiWeights,
} from '../domain/kpi';
import type { Db } from './client';
import { orderOutcomes, ratingReviews } from './schema';

export interface KpiQuery {
  groupBy: KpiGroupBy;
  from: Date;
  to: Date;
  weights: KpiWeights;
  /** Only this unit's outcomes (a unit's own page, by category). */
  unit?: string;
}

export async function kpisFromOutcomes(db: Db, q: KpiQuery): Promise<KpiRow[]> {
  const group =
    q.groupBy === 'centre'
      ? sql<string>`${CENTRE}::text`
      : q.groupBy === 'unit'
        ? sql<string>`${orderOutcomes.unit}`
        : sql<string>`coalesce(${orderOutcomes.category}, ${UNCATEGORISED})`;
  const inPeriod = and(
    gte(orderOutcomes.at, q.from),
    lt(orderOutcomes.at, q.to),
    q.groupBy === 'unit' ? isNotNull(orderOutcomes.unit) : undefined,
    q.unit === undefined ? undefined : eq(orderOutcomes.unit, q.unit),
  );
  const pairs = db
    .select({ group: group.as('group'), orderId: orderOutcomes.orderId })
    .from(orderOutcomes)
    .where(inPeriod)
    .groupBy(sql`1`, sql`2`)
    .as('pairs');
  // Grouped by position: the group expression carries a parameter, which PostgreSQL would not match textually.
  const [sums, orders] = await Promise.all([
    db
      .select({
        group,
        name: orderOutcomes.name,
        review: ratingReviews.status,
        value: sql<number>`sum(${orderOutcomes.value})::float8`,
      })
      .from(orderOutcomes)
      .leftJoin(
        ratingReviews,
        and(
          eq(ratingReviews.orderId, orderOutcomes.orderId),
          eq(ratingReviews.visitSeq, orderOutcomes.ratingSeq),
          ne(ratingReviews.status, 'pending'),
        ),
      )
      .where(inPeriod)
      .groupBy(sql`1`, sql`2`, sql`3`),
    // Distinct (group, order) pairs by hashing, then counted: count(distinct) would sort a year's rows.
    db
      .select({ group: pairs.group, orders: sql<number>`count(*)::int` })
      .from(pairs)
      .groupBy(sql`1`),
  ]);
  const tally = new KpiTally(q.groupBy, undefined);
  for (const s of sums) tally.addSum(s.group, s.name, s.value, s.review === 'pending' ? null : s.review);
  for (const o of orders) tally.addOrders(o.group, o.orders);
  return tally.rows(q.weights);
}

/** Where a page of outcome rows ends: the keyset (at, order, seq, name) of its last row. */
export interface OutcomeCursor {
  at: number;
  orderId: string;
  seq: number;
  name: string;
}

export interface RateOutcomeQuery {
  unit: string;
  rate: KpiRate;
  part: 'numerator' | 'denominator';
  basis: 'raw' | 'adjusted';
  from: Date;
  to: Date;
  limit: number;
  cursor?: OutcomeCursor;
}

/**
 * The outcome rows behind one unit's rate in a period — one per counted outcome, so their number is the
 * figure's numerator or denominator exactly — oldest first, a page at a time. Adjusted leaves out the rows
 * a `not_attributable` review takes out of the figure, by the same rule as the sums above.
 */
export async function outcomesOfRate(db: Db, q: RateOutcomeQuery) {
  const names = RATE_PARTS[q.rate][q.part];
  const leftOut = names.filter(leftOutIfNotAttributable);
  const where = and(
    eq(orderOutcomes.unit, q.unit),
    inArray(orderOutcomes.name, names),
    gte(orderOutcomes.at, q.from),
    lt(orderOutcomes.at, q.to),
    q.basis === 'adjusted' && leftOut.length > 0
      ? sql`not (${orderOutcomes.name} in ${leftOut} and exists (select 1 from ${ratingReviews} where ${ratingReviews.orderId} = ${orderOutcomes.orderId} and ${ratingReviews.visitSeq} = ${orderOutcomes.ratingSeq} and ${ratingReviews.status} = 'not_attributable'))`
      : undefined,
  );
  const after = q.cursor
    ? sql`(${orderOutcomes.at}, ${orderOutcomes.orderId}, ${orderOutcomes.seq}, ${orderOutcomes.name}) > (${new Date(q.cursor.at).toISOString()}::timestamptz, ${q.cursor.orderId}, ${q.cursor.seq}, ${q.cursor.name})`
    : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        orderId: orderOutcomes.orderId,
        seq: orderOutcomes.seq,
        name: orderOutcomes.name,
        at: orderOutcomes.at,
        category: orderOutcomes.category,
      })
      .from(orderOutcomes)
      .where(and(where, after))
      .orderBy(orderOutcomes.at, orderOutcomes.orderId, orderOutcomes.seq, orderOutcomes.name)
      .limit(q.limit + 1),
    db
      .select({ n: sql<number>`coalesce(sum(${orderOutcomes.value}), 0)::int` })
      .from(orderOutcomes)
      .where(where),
  ]);
  const items = rows.slice(0, q.limit);
  const last = rows.length > q.limit ? items.at(-1) : undefined;
  return {
    total: total?.n ?? 0,
    items,
    next: last ? { at: last.at.getTime(), orderId: last.orderId, seq: last.seq, name: last.name } : null,
  };
}
