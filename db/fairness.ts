/** Queries of the fairness layer: a requester's recent activity and the third-party review queue. */
import { and, asc, eq, gt, gte, sql } from 'drizzle-orm';
import type { Db } from './client';
import { auditEvents, orders, ratingReviews, slaPolicies, type RatingReviewRow } from './schema';
import type { AuditEventType } from '../domain/events';
import { withGovernanceDefaults } from '../domain/policy';
import { requesterFlag, type RequesterFlag } from '../domain/fairness';
import type { SlaPolicy } from '../domain/types';

export async function requesterActivity(db: Db, requesterHash: string, since: Date) {
  const [contacts] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(orders)
    .where(and(eq(orders.requesterHash, requesterHash), gte(orders.receivedAt, since)));
  const [dissatisfied] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .innerJoin(orders, eq(orders.orderId, auditEvents.orderId))
    .where(
      and(
        eq(orders.requesterHash, requesterHash),
        eq(auditEvents.type, 'visit_recorded' satisfies AuditEventType),
        sql`${auditEvents.data}->>'satisfaction' = 'dissatisfied'`,
        gte(auditEvents.at, since),
      ),
    );
  return { contacts: contacts?.n ?? 0, dissatisfied: dissatisfied?.n ?? 0 };
}

/** 会哭的孩子有奶吃: a requester's fairness flag at `now`, over the policy's rolling window. */
export async function requesterFlagOf(
  db: Db,
  policy: Pick<SlaPolicy, 'fairness'>,
  requesterHash: string,
  now = Date.now(),
): Promise<RequesterFlag> {
  const since = new Date(now - policy.fairness.windowDays * 86_400_000);
  return requesterFlag(await requesterActivity(db, requesterHash, since), policy);
}

export async function policyVersion(db: Db, version: number) {
  const [row] = await db.select().from(slaPolicies).where(eq(slaPolicies.version, version));
  return row ? withGovernanceDefaults(row.policy) : undefined;
}

export async function enqueueReview(
  db: Db,
  review: { orderId: string; visitSeq: number; requesterHash: string; unit: string | null },
): Promise<void> {
  await db.insert(ratingReviews).values(review).onConflictDoNothing();
}

export async function listReviews(db: Db, status: RatingReviewRow['status'], afterId: number, limit: number) {
  return db
    .select()
    .from(ratingReviews)
    .where(and(eq(ratingReviews.status, status), gt(ratingReviews.id, afterId)))
    .orderBy(asc(ratingReviews.id))
    .limit(limit);
}

/** Decides a pending review; undefined when it does not exist or was already decided. */
export async function decideReview(
  db: Db,
  id: number,
  decision: { status: 'upheld' | 'not_attributable'; reason: string; reviewerId: string },
): Promise<RatingReviewRow | undefined> {
  const [row] = await db
    .update(ratingReviews)
    .set({ ...decision, decidedAt: new Date() })
    .where(and(eq(ratingReviews.id, id), eq(ratingReviews.status, 'pending')))
    .returning();
  return row;
}

export async function reviewById(db: Db, id: number): Promise<RatingReviewRow | undefined> {
  const [row] = await db.select().from(ratingReviews).where(eq(ratingReviews.id, id));
  return row;
}
