/**
 * Side effects of the order workflow. Every write is idempotent, keyed by order id + audit sequence
 * (never the run id, which changes on continue-as-new), so a retried activity changes nothing twice.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { enqueueReview, policyVersion, requesterActivity } from '../db/fairness';
import { announceOrderChange } from '../db/order-changes';
import { outcomeRowsOf, replaceOutcomes } from '../db/outcomes';
import { auditEvents, orders } from '../db/schema';
import { trailOf } from '../db/trail';
import type { AuditEvent } from '../domain/events';
import { ratingsForReview, requesterFlag, reviewableRatings, type RequesterFlag } from '../domain/fairness';
import { orderFacts, type OrderFacts } from '../domain/order-facts';
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

/** The `orders` row of a read model (also what a bulk load writes, so it is the workflow's own row). */
export function readModelRow(order: OrderReadModel) {
  return {
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
}

/** The `audit_events` rows of an order's events, as stored. */
export function auditRows(orderId: string, events: readonly AuditEvent[]) {
  return events.map((e) => ({
    orderId,
    seq: e.seq,
    type: e.type,
    at: new Date(e.at),
    actorRole: e.actor.role,
    actorId: e.actor.id,
    actorUnit: e.actor.unit,
    reason: e.reason,
    data: e.data,
  }));
}

/** The requester's flag under the order's policy; null when no requester is known or the policy is missing. */
async function requesterFlagOf(tx: Db, order: OrderReadModel): Promise<RequesterFlag | null> {
  if (!order.requesterHash) return null;
  const policy = await policyVersion(tx, order.policyVersion);
  if (!policy) return null;
  const since = new Date(Date.now() - policy.fairness.windowDays * 86_400_000);
  return requesterFlag(await requesterActivity(tx, order.requesterHash, since), policy);
}

/** Queues the new ratings the fairness rule (domain/fairness) sends to third-party review; whether any was. */
async function queueReviews(tx: Db, order: OrderReadModel, facts: OrderFacts, visitSeqs: number[]): Promise<boolean> {
  const reviewable = reviewableRatings(facts, visitSeqs);
  if (!reviewable.length) return false;
  const flag = await requesterFlagOf(tx, order);
  const queued = ratingsForReview(flag, facts, reviewable);
  for (const visitSeq of queued) {
    await enqueueReview(tx, {
      orderId: order.orderId,
      visitSeq,
      requesterHash: order.requesterHash!,
      unit: order.leadUnit,
    });
  }
  return queued.length > 0;
}

export function createActivities({ db }: ActivityDeps) {
  // Errors leave without citizen data: a database error quotes the phone among its parameters.
  return sanitizingErrors({
    /**
     * Appends audit events, brings the read-model row up to date and re-derives the order's KPI outcome
     * rows from its whole trail, in one transaction.
     */
    async recordOrderEvents({ order, events }: RecordOrderEventsInput): Promise<void> {
      const row = readModelRow(order);
      const { orderId: _id, receivedAt: _r, ...changes } = row;
      await db.transaction(async (tx) => {
        const inserted = events.length
          ? await tx
              .insert(auditEvents)
              .values(auditRows(order.orderId, events))
              .onConflictDoNothing({ target: [auditEvents.orderId, auditEvents.seq] })
              .returning({ seq: auditEvents.seq, type: auditEvents.type })
          : [];
        // A retry of an older batch must never move the row backwards. The row lock it takes also
        // orders this write after a concurrent rebuild of the outcome rows (db/outcomes).
        await tx
          .insert(orders)
          .values(row)
          .onConflictDoUpdate({
            target: orders.orderId,
            set: changes,
            setWhere: sql`${orders.lastSeq} <= ${order.lastSeq}`,
          });
        // Live screens hear of the change when this transaction commits (db/order-changes).
        const change = {
          orderId: order.orderId,
          state: order.state,
          units: [...(order.leadUnit ? [order.leadUnit] : []), ...order.assistingUnits],
          reviewQueued: false,
        };
        // A retried batch wrote nothing new: the outcome rows and the review queue already reflect it.
        if (!inserted.length) return announceOrderChange(tx, change);
        const facts = orderFacts(await trailOf(tx, order.orderId));
        await replaceOutcomes(tx, order.orderId, outcomeRowsOf(order.orderId, facts));
        const visits = inserted.filter((e) => e.type === 'visit_recorded').map((e) => e.seq);
        const reviewQueued = visits.length > 0 && (await queueReviews(tx, order, facts, visits));
        await announceOrderChange(tx, { ...change, reviewQueued });
      });
    },
  });
}

export type OrderActivities = ReturnType<typeof createActivities>;
