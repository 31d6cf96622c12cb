/** The audit trail and review outcomes a KPI computation reads. */
import { and, asc, gte, inArray, lt, ne } from 'drizzle-orm';
import type { KpiEvent, RatingReview } from '../domain/kpi';
import type { Db } from './client';
import { auditEvents, ratingReviews } from './schema';

/** Every event of every order with any event in [from, to): outcomes need the order's whole history. */
export async function kpiTrail(db: Db, from: Date, to: Date): Promise<KpiEvent[]> {
  const active = db
    .selectDistinct({ orderId: auditEvents.orderId })
    .from(auditEvents)
    .where(and(gte(auditEvents.at, from), lt(auditEvents.at, to)));
  const rows = await db
    .select({
      orderId: auditEvents.orderId,
      seq: auditEvents.seq,
      type: auditEvents.type,
      at: auditEvents.at,
      actorUnit: auditEvents.actorUnit,
      data: auditEvents.data,
    })
    .from(auditEvents)
    .where(inArray(auditEvents.orderId, active))
    .orderBy(asc(auditEvents.orderId), asc(auditEvents.seq));
  return rows.map((r) => ({ ...r, at: r.at.getTime() }));
}

/** Decided reviews of the given orders' ratings. */
export async function kpiReviews(db: Db, orderIds: string[]): Promise<RatingReview[]> {
  if (!orderIds.length) return [];
  const rows = await db
    .select({ orderId: ratingReviews.orderId, seq: ratingReviews.visitSeq, outcome: ratingReviews.status })
    .from(ratingReviews)
    .where(and(inArray(ratingReviews.orderId, orderIds), ne(ratingReviews.status, 'pending')));
  return rows.map((r) => ({ ...r, outcome: r.outcome as RatingReview['outcome'] }));
}
