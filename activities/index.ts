/**
 * Side effects of the order workflow. Every write is idempotent, keyed by order id + audit sequence
 * (never the run id, which changes on continue-as-new), so a retried activity changes nothing twice.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { enqueueReview, policyVersion, requesterActivity } from '../db/fairness';
import { announceOrderChange } from '../db/order-changes';
import { auditEvents, orders } from '../db/schema';
import { ratedCycleOnTime, requesterFlag } from '../domain/fairness';
import type { AuditEvent } from '../domain/order';
import type { OrderReadModel } from '../workflows/order-state';

export interface ActivityDeps {
  db: Db;
}

export interface RecordOrderEventsInput {
  order: OrderReadModel;
  events: AuditEvent[];
}

const date = (ms: number | null) => (ms == null ? null : new Date(ms));

/**
 * A dissatisfied rating from a flagged requester, on a cycle the unit completed on time, goes to the
 * third-party review queue (the fairness layer).
 */
async function queueForReviewIfFlagged(tx: Db, order: OrderReadModel, visitSeq: number): Promise<boolean> {
  if (!order.requesterHash) return false;
  const policy = await policyVersion(tx, order.policyVersion);
  if (!policy) return false;
  const since = new Date(Date.now() - policy.fairness.windowDays * 86_400_000);
  const flag = requesterFlag(await requesterActivity(tx, order.requesterHash, since), policy);
  if (!flag.flagged) return false;
  const trail = await tx
    .select({ seq: auditEvents.seq, type: auditEvents.type, data: auditEvents.data })
    .from(auditEvents)
    .where(eq(auditEvents.orderId, order.orderId));
  if (!ratedCycleOnTime(trail, visitSeq)) return false;
  await enqueueReview(tx, {
    orderId: order.orderId,
    visitSeq,
    requesterHash: order.requesterHash,
    unit: order.leadUnit,
  });
  return true;
}

export function createActivities({ db }: ActivityDeps) {
  return {
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
        let inserted: { seq: number; type: string; data: Record<string, unknown> }[] = [];
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
            .returning({ seq: auditEvents.seq, type: auditEvents.type, data: auditEvents.data });
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
        // Only events written now: a retried batch must not queue a review twice (the queue is keyed too).
        let reviewQueued = false;
        for (const e of inserted) {
          if (e.type === 'visit_recorded' && e.data.satisfaction === 'dissatisfied') {
            reviewQueued = (await queueForReviewIfFlagged(tx, order, e.seq)) || reviewQueued;
          }
        }
        await announceOrderChange(tx, {
          orderId: order.orderId,
          state: order.state,
          units: [...(order.leadUnit ? [order.leadUnit] : []), ...order.assistingUnits],
          reviewQueued,
        });
      });
    },
  };
}

export type OrderActivities = ReturnType<typeof createActivities>;
