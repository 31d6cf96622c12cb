/**
 * Side effects of the order workflow. Every write is idempotent, keyed by order id + audit sequence
 * (never the run id, which changes on continue-as-new), so a retried activity changes nothing twice.
 */
import type { Db } from '../db/client';
import { auditEvents } from '../db/schema';
import { auditRows } from '../db/trail';
import type { AuditEvent, AuditEventType } from '../domain/events';
import type { OrderReadModel } from '../domain/order-view';
import { trailChange } from '../projections/projection';
import { applyProjections } from '../projections/registry';
import { sanitizingErrors } from './errors';
import { notificationReceivers, type NotifyDeps } from './notifications';
import { createOutboxActivities, RECEIVERS, wakeDeliveries, type Receivers } from './outbox';

export interface ActivityDeps {
  db: Db;
  /** The outbox's receivers by subscriber; the built-in ones (activities/outbox.ts, ./notifications.ts) unless told. */
  receivers?: Receivers;
  /** The citizens' SMS: without it, their entries wait for a worker that has it. */
  notify?: NotifyDeps;
}

export interface RecordOrderEventsInput {
  order: OrderReadModel;
  events: AuditEvent[];
}

export function createActivities({ db, receivers, notify }: ActivityDeps) {
  // Errors leave without citizen data: a database error quotes the phone among its parameters.
  return sanitizingErrors({
    /**
     * Appends audit events and brings every projection of the trail up to date with them
     * (projections/registry.ts), in one transaction: what a caller reads after the write reflects it.
     */
    async recordOrderEvents({ order, events }: RecordOrderEventsInput): Promise<void> {
      const wake = await db.transaction(async (tx) => {
        const inserted = events.length
          ? await tx
              .insert(auditEvents)
              .values(auditRows(order.orderId, events))
              .onConflictDoNothing({ target: [auditEvents.orderId, auditEvents.seq] })
              .returning({ seq: auditEvents.seq, type: auditEvents.type, at: auditEvents.at, data: auditEvents.data })
          : [];
        // A retried batch appends nothing: only the projections that follow every batch see it.
        const written = inserted.map((e) => ({ ...e, type: e.type as AuditEventType, at: e.at.getTime() }));
        const change = trailChange(tx, order, written);
        await applyProjections(tx, change);
        return change.wake;
      });
      wakeDeliveries(wake);
    },
    ...createOutboxActivities({
      db,
      receivers: receivers ?? { ...RECEIVERS, ...notificationReceivers(notify) },
      now: notify?.now,
    }),
  });
}

export type OrderActivities = ReturnType<typeof createActivities>;
