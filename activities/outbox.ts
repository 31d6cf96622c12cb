/**
 * Delivery of the outbox (db/outbox.ts): each subscriber's entries handed to its receiver in the order
 * they were written, one at a time, each marked delivered in the receiver's own transaction — so a
 * receiver in this database (the unit notices) takes each entry exactly once, and an outside one gets
 * the (order, seq) key to drop a repeat. The first entry a receiver refuses stops the run: the activity
 * fails and Temporal retries it with backoff (workflows/outbox-delivery.ts), so nothing behind it
 * overtakes it and nothing is lost while a receiver is down.
 */
import { asyncLocalStorage } from '@temporalio/activity';
import type { Db } from '../db/client';
import { writeNotices } from '../db/notices';
import { markDelivered, pendingOutbox, recordAttemptFailed } from '../db/outbox';
import type { OutboxRow } from '../db/schema';
import { UNIT_NOTICES, type UnitNoticePayload } from '../projections/unit-notices';
import { OUTBOX_PENDING_SIGNAL, outboxWorkflowId } from '../domain/outbox';
import { withoutCitizenData } from './errors';

/** Takes one entry inside the transaction that marks it delivered. */
export type Receiver = (tx: Db, entry: OutboxRow) => Promise<void>;
export type Receivers = Readonly<Record<string, Receiver>>;

/** The unit notices: one per unit the event names, as lead or assisting unit. */
const unitNotices: Receiver = async (tx, entry) => {
  const p = entry.payload as unknown as UnitNoticePayload;
  const at = new Date(p.at);
  const of = (unit: string, kind: 'dispatched' | 'assisting') => ({
    unit,
    orderId: entry.orderId,
    seq: entry.seq,
    kind,
    at,
  });
  await writeNotices(tx, [
    ...(p.lead ? [of(p.lead, 'dispatched')] : []),
    ...p.assisting.map((u) => of(u, 'assisting')),
  ]);
};

export const RECEIVERS: Receivers = { [UNIT_NOTICES]: unitNotices };

/** Entries per activity run: the run heartbeats after each, and the workflow calls again while more wait. */
const RUN_LIMIT = 500;

/**
 * Wakes the delivery of each subscriber that has new entries (after the transaction that wrote them has
 * committed). Best effort: a lost wake-up is caught by the delivery's periodic sweep.
 */
export function wakeDeliveries(subscribers: Iterable<string>): void {
  const client = asyncLocalStorage.getStore()?.client;
  if (!client) return;
  for (const s of subscribers) {
    client.workflow
      .getHandle(outboxWorkflowId(s))
      .signal(OUTBOX_PENDING_SIGNAL)
      .catch(() => {});
  }
}

export function createOutboxActivities({ db, receivers = RECEIVERS }: { db: Db; receivers?: Receivers | undefined }) {
  return {
    /** Delivers a subscriber's waiting entries in order; how many, and whether more were left waiting. */
    async deliverOutbox({ subscriber }: { subscriber: string }): Promise<{ delivered: number; more: boolean }> {
      const receive = receivers[subscriber];
      if (!receive) throw new Error(`No receiver for the outbox subscriber ${subscriber}`);
      const entries = await pendingOutbox(db, subscriber, RUN_LIMIT);
      let delivered = 0;
      for (const entry of entries) {
        try {
          await db.transaction(async (tx) => {
            await receive(tx, entry);
            await markDelivered(tx, entry.id);
          });
        } catch (err) {
          const failure = withoutCitizenData(err);
          await recordAttemptFailed(db, entry.id, failure instanceof Error ? failure.message : String(failure));
          throw err;
        }
        delivered += 1;
        asyncLocalStorage.getStore()?.heartbeat(delivered);
      }
      return { delivered, more: entries.length === RUN_LIMIT };
    },
  };
}
