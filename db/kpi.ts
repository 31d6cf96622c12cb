/**
 * KPIs of a period as SQL over the outcome rows (db/outcomes): sums per group, count name and review,
 * and distinct orders per group. The rows are the trail's own outcomes (the one reducer), so nothing is
 * counted that could drift; `KpiTally` applies the reviews exactly as the pure computation does.
 */
import { and, eq, gte, isNotNull, lt, ne, sql } from 'drizzle-orm';
import { CENTRE, KpiTally, UNCATEGORISED, type KpiGroupBy, type KpiRow, type KpiWeights } from '../domain/kpi';
import type { Db } from './client';
import { orderOutcomes, ratingReviews } from './schema';

export interface KpiQuery {
  groupBy: KpiGroupBy;
  from: Date;
  to: Date;
  weights: KpiWeights;
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
