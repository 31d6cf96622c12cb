/** 质检's queries: the unit's recent reply fingerprints, and the quality review queue (质检复核). */
import { and, asc, desc, eq, getTableColumns, gt, ne, sql } from 'drizzle-orm';
import type { Db } from './client';
import { auditEvents, orders, qualityReviews, replyFingerprints, type QualityReviewRow } from './schema';
import type { ReplyFindingCode } from '../domain/reply-quality';

/** The fingerprints of the unit's latest `limit` replies on orders other than `orderId`. */
export async function recentReplyFingerprints(db: Db, unit: string, orderId: string, limit: number): Promise<string[]> {
  if (limit <= 0) return [];
  const rows = await db
    .select({ fingerprint: replyFingerprints.fingerprint })
    .from(replyFingerprints)
    .where(and(eq(replyFingerprints.unit, unit), ne(replyFingerprints.orderId, orderId)))
    .orderBy(desc(replyFingerprints.at))
    .limit(limit);
  return rows.map((r) => r.fingerprint);
}

export async function recordReplyFingerprint(
  db: Db,
  row: { orderId: string; seq: number; unit: string; fingerprint: string; at: number },
): Promise<void> {
  await db
    .insert(replyFingerprints)
    .values({ ...row, at: new Date(row.at) })
    .onConflictDoNothing();
}

export async function queueQualityReview(
  db: Db,
  review: { orderId: string; seq: number; at: number; unit: string | null; codes: ReplyFindingCode[] },
): Promise<void> {
  const { at, ...row } = review;
  await db
    .insert(qualityReviews)
    .values({ ...row, createdAt: new Date(at) })
    .onConflictDoNothing();
}

/** The reviewer's decision (the audit event at `seq`, with its reason and reviewer) closes the order's pending review. */
export async function qualityReviewDecided(
  db: Db,
  orderId: string,
  seq: number,
  status: 'cleared' | 'returned',
): Promise<void> {
  const [event] = await db
    .select({ at: auditEvents.at, reason: auditEvents.reason, actorId: auditEvents.actorId })
    .from(auditEvents)
    .where(and(eq(auditEvents.orderId, orderId), eq(auditEvents.seq, seq)));
  if (!event) return;
  await db
    .update(qualityReviews)
    .set({ status, reason: event.reason, reviewerId: event.actorId, decidedAt: event.at })
    .where(and(eq(qualityReviews.orderId, orderId), eq(qualityReviews.status, 'pending')));
}

/**
 * The queue, each review with what the reviewer judges: the request, the unit's reply and the category, as
 * the read model holds them now (the citizen's contact is not read).
 */
export async function listQualityReviews(
  db: Db,
  status: QualityReviewRow['status'],
  afterId: number,
  limit: number,
): Promise<(QualityReviewRow & { request: string | null; reply: string | null; categoryName: string | null })[]> {
  return db
    .select({
      ...getTableColumns(qualityReviews),
      request: sql<string | null>`${orders.snapshot}->>'description'`,
      reply: sql<string | null>`${orders.snapshot}->>'reply'`,
      categoryName: sql<string | null>`${orders.snapshot}->>'categoryName'`,
    })
    .from(qualityReviews)
    .leftJoin(orders, eq(orders.orderId, qualityReviews.orderId))
    .where(and(eq(qualityReviews.status, status), gt(qualityReviews.id, afterId)))
    .orderBy(asc(qualityReviews.id))
    .limit(limit);
}
