/**
 * Side effects of the order workflow. Every write is idempotent, keyed by order id + audit sequence
 * (never the run id, which changes on continue-as-new), so a retried activity changes nothing twice.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { enqueueReview, policyVersion, requesterActivity } from '../db/fairness';
import { auditEvents, orders } from '../db/schema';
import { ratingsForReview, requesterFlag, reviewableRatings, type RequesterFlag } from '../domain/fairness';
import { orderFacts } from '../domain/order-facts';
import type { AuditEvent } from '../domain/events';
import type { OrderReadModel } from '../domain/order-view';
import { sanitizingErrors } from './errors';

export interface ActivityDeps {
  db: Db;
}

export interface RecordOrderEventsInput {
  order: OrderReadModel;
  events: AuditEvent[];
}

const date = (ms: number | null) => (ms == null ? null : new Date(ms));

/** The requester's flag under the order's policy; null when no requester is known or the policy is missing. */
async function requesterFlagOf(tx: Db, order: OrderReadModel): Promise<RequesterFlag | null> {
  if (!order.requesterHash) return null;
  const policy = await policyVersion(tx, order.policyVersion);
  if (!policy) return null;
  const since = new Date(Date.now() - policy.fairness.windowDays * 86_400_000);
  return requesterFlag(await requesterActivity(tx, order.requesterHash, since), policy);
}

/** Queues the new ratings the fairness rule (domain/fairness) sends to third-party review. */
async function queueReviews(tx: Db, order: OrderReadModel, visitSeqs: number[]): Promise<void> {
  const trail = await tx
    .select({
      seq: auditEvents.seq,
      type: auditEvents.type,
      at: auditEvents.at,
      actorUnit: auditEvents.actorUnit,
      data: auditEvents.data,
    })
    .from(auditEvents)
    .where(eq(auditEvents.orderId, order.orderId));
  const facts = orderFacts(trail.map((e) => ({ ...e, at: e.at.getTime() })));
  const reviewable = reviewableRatings(facts, visitSeqs);
  if (!reviewable.length) return;
  const flag = await requesterFlagOf(tx, order);
  for (const visitSeq of ratingsForReview(flag, facts, reviewable)) {
    await enqueueReview(tx, {
      orderId: order.orderId,
      visitSeq,
      requesterHash: order.requesterHash!,
      unit: order.leadUnit,
    });
  }
}

export function createActivities({ db }: ActivityDeps) {
  // Errors leave without citizen data: a database error quotes the phone among its parameters.
  return sanitizingErrors({
    /** Appends audit events and brings the read-model row up to date, in one transaction. */
    async recordOrderEvents({ order, events }: RecordOrderEventsInput): Promise<void> {
      const row = {
        orderId: order.orderId,
        orderType: order.orderType,
        channel: order.channel,
        category: order.category,
        urgency: order.urgency,
        state: order.state,
        closureCode: order.closureCode,
        slaState: order.slaState,
        escalationLevel: order.escalationLevel,
        leadUnit: order.leadUnit,
        assistingUnits: order.assistingUnits,
        policyVersion: order.policyVersion,
        requesterHash: order.requesterHash,
        lat: order.lat ?? null,
        lng: order.lng ?? null,
        citizen: { ...order.citizen },
        snapshot: order.snapshot as unknown as Record<string, unknown>,
        receivedAt: new Date(order.receivedAt),
        responseDueAt: date(order.responseDueAt),
        handlingDueAt: date(order.handlingDueAt),
        closedAt: date(order.closedAt),
        updatedAt: new Date(order.updatedAt),
        lastSeq: order.lastSeq,
      };
      const { orderId: _id, receivedAt: _r, ...changes } = row;
      await db.transaction(async (tx) => {
        let inserted: { seq: number; type: string }[] = [];
        if (events.length) {
          inserted = await tx
            .insert(auditEvents)
            .values(
              events.map((e) => ({
                orderId: order.orderId,
                seq: e.seq,
                type: e.type,
                at: new Date(e.at),
                actorRole: e.actor.role,
                actorId: e.actor.id,
                actorUnit: e.actor.unit,
                reason: e.reason,
                data: e.data,
              })),
            )
            .onConflictDoNothing({ target: [auditEvents.orderId, auditEvents.seq] })
            .returning({ seq: auditEvents.seq, type: auditEvents.type });
        }
        // A retry of an older batch must never move the row backwards.
        await tx
          .insert(orders)
          .values(row)
          .onConflictDoUpdate({
            target: orders.orderId,
            set: changes,
            setWhere: sql`${orders.lastSeq} <= ${order.lastSeq}`,
          });
        // Only ratings written now: a retried batch must not queue a review twice (the queue is keyed too).
        const visits = inserted.filter((e) => e.type === 'visit_recorded').map((e) => e.seq);
        if (visits.length) await queueReviews(tx, order, visits);
      });
    },
  });
}

export type OrderActivities = ReturnType<typeof createActivities>;
