/**
 * 政策预演 over the database, in parts a workflow runs one after another (workflows/policy-preview.ts):
 * the plan (the orders with an outcome in the period, cut into ranges of order ids), then each range's
 * trails counted now and under the candidate policy (domain/policy-preview.ts) with the decided rating
 * reviews the adjusted figures use. Reads only; the stored figures are never touched.
 */
import { and, asc, gt, gte, lt, lte, ne, sql } from 'drizzle-orm';
import { KpiTally, type RatingReview } from '../domain/kpi';
import {
  LISTED_CHANGES,
  previewOrder,
  type PreviewContext,
  type PreviewInput,
  type PreviewPart,
  type PreviewPlan,
} from '../domain/policy-preview';
import type { Db } from './client';
import { clockReference, currentPolicy } from './reference';
import { orderOutcomes, ratingReviews } from './schema';
import { trailsIn } from './trail';

/** Orders per part: a part's trails are read at once and counted in a few seconds. */
const PART_ORDERS = 20_000;

const inPeriod = (period: { from: number; to: number }) =>
  and(gte(orderOutcomes.at, new Date(period.from)), lt(orderOutcomes.at, new Date(period.to)));

export async function planPreview(db: Db, period: { from: number; to: number }): Promise<PreviewPlan> {
  const [policy, rows] = await Promise.all([
    currentPolicy(db),
    db
      .selectDistinct({ orderId: orderOutcomes.orderId })
      .from(orderOutcomes)
      .where(inPeriod(period))
      .orderBy(asc(orderOutcomes.orderId)),
  ]);
  const ranges: PreviewPlan['ranges'] = [];
  for (let i = 0; i < rows.length; i += PART_ORDERS) {
    const last = rows[Math.min(rows.length, i + PART_ORDERS) - 1]!.orderId;
    ranges.push({
      after: i === 0 ? null : rows[i - 1]!.orderId,
      upTo: last,
      orders: Math.min(PART_ORDERS, rows.length - i),
    });
  }
  return { ranges, orders: rows.length, policyVersion: policy.version, weightsNow: policy.kpiWeights };
}

async function reviewsOf(db: Db, ids: readonly string[]): Promise<Map<string, RatingReview['outcome']>> {
  const rows = await db
    .select({ orderId: ratingReviews.orderId, seq: ratingReviews.visitSeq, status: ratingReviews.status })
    .from(ratingReviews)
    .where(and(sql`${ratingReviews.orderId} = any(${sql.param(ids)}::text[])`, ne(ratingReviews.status, 'pending')));
  return new Map(rows.map((r) => [`${r.orderId}#${r.seq}`, r.status as RatingReview['outcome']]));
}

/** One range of the plan, counted both ways. */
export async function previewRange(
  db: Db,
  input: PreviewInput,
  range: PreviewPlan['ranges'][number],
): Promise<PreviewPart> {
  const { period } = input;
  // Only what the clocks need: the whole reference data would build the knowledge base's index for every range.
  const ref = await clockReference(db);
  const ids = (
    await db
      .selectDistinct({ orderId: orderOutcomes.orderId })
      .from(orderOutcomes)
      .where(
        and(
          inPeriod(period),
          range.after === null ? undefined : gt(orderOutcomes.orderId, range.after),
          lte(orderOutcomes.orderId, range.upTo),
        ),
      )
  ).map((r) => r.orderId);
  const [trails, reviews] = await Promise.all([trailsIn(db, { after: null, upTo: '', ids }), reviewsOf(db, ids)]);
  const ctx: PreviewContext = {
    policy: input.candidate,
    calendar: ref.calendar,
    entryOf: (category) => (category ? ref.catalogue.get(category) : undefined),
    asOf: Math.min(period.to, input.requestedAt),
  };
  const now = new KpiTally('unit', period);
  const candidate = new KpiTally('unit', period);
  const part: PreviewPart = { orders: trails.size, now: [], candidate: [], changedOrders: 0, changes: [] };
  for (const [orderId, trail] of trails) {
    const p = previewOrder(trail, ctx, period);
    const reviewOf = (seq: number) => reviews.get(`${orderId}#${seq}`) ?? null;
    now.addOrder(p.now, reviewOf);
    candidate.addOrder(p.candidate, reviewOf);
    if (!p.changes.length) continue;
    part.changedOrders += 1;
    if (part.changes.length >= LISTED_CHANGES) continue;
    const judged = p.candidate.find((o) => o.name === 'responseJudged' || o.name === 'handlingJudged');
    part.changes.push({ orderId, unit: judged?.unit ?? null, category: judged?.category ?? null, clocks: p.changes });
  }
  part.now = now.parts();
  part.candidate = candidate.parts();
  return part;
}
