/**
 * Delivery of the outbox (db/outbox.ts): each subscriber's entries handed to its receiver in the order
 * they were written, one at a time, each marked delivered in the receiver's own transaction — so a
 * receiver in this database (the unit notices) takes each entry exactly once, and an outside one gets
 * the (order, seq) key to drop a repeat. The first entry a receiver refuses stops the run: the activity
 * fails and Temporal retries it with backoff (workflows/outbox-delivery.ts), so nothing behind it
 * overtakes it and nothing is lost while a receiver is down.
 */
import { asyncLocalStorage } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client';
import { writeNotices } from '../db/notices';
import { holdUntil, markDelivered, pendingOutbox, recordAttemptFailed } from '../db/outbox';
import type { OutboxRow } from '../db/schema';
import { noticesOfPayload, UNIT_NOTICES, type UnitNoticePayload } from '../projections/unit-notices';
import { OUTBOX_PENDING_SIGNAL, outboxWorkflowId, subscriberFamily } from '../domain/outbox';
import { withoutCitizenData } from './errors';

/**
 * What a receiver did with an entry besides taking it: took it without sending (`skipped`, why), or holds it
 * until an instant (epoch ms), with the order's later entries behind it.
 */
export type Receipt = { skipped: string } | { holdUntil: number } | undefined;
/** Takes one entry inside the transaction that marks it delivered. */
export type Receiver = (tx: Db, entry: OutboxRow) => Promise<Receipt>;
/** By subscriber, or by a family of subscribers (`family:`, domain/outbox.ts). */
export type Receivers = Readonly<Record<string, Receiver>>;

/** The unit notices: one per unit the event names, as lead or assisting unit. */
const unitNotices: Receiver = async (tx, entry) => {
  const p = entry.payload as unknown as UnitNoticePayload;
  const at = new Date(p.at);
  await writeNotices(
    tx,
    noticesOfPayload(p).map(({ unit, kind }) => ({ unit, orderId: entry.orderId, seq: entry.seq, kind, at })),
  );
  return undefined;
};

export const RECEIVERS: Receivers = { [UNIT_NOTICES]: unitNotices };

/** Entries per activity run: the run heartbeats after each, and the workflow calls again while more wait. */
const RUN_LIMIT = 500;

/**
 * Wakes the delivery of each subscriber that has new entries (after the transaction that wrote them has
 * committed); a member of a family (a unit's webhook) has its delivery started by its first entry. Best
 * effort: a lost wake-up is caught by the delivery's periodic sweep, and the worker starts the delivery of
 * every subscriber with entries waiting (runtime/outbox-deliveries.ts).
 */
export function wakeDeliveries(subscribers: Iterable<string>): void {
  const context = asyncLocalStorage.getStore();
  if (!context?.client) return;
  for (const s of subscribers) wake(context.client, context.info.taskQueue, s).catch(() => {});
}

async function wake(client: Client, taskQueue: string, subscriber: string): Promise<void> {
  const workflowId = outboxWorkflowId(subscriber);
  if (subscriberFamily(subscriber) === subscriber) {
    await client.workflow.getHandle(workflowId).signal(OUTBOX_PENDING_SIGNAL);
    return;
  }
  await client.workflow.signalWithStart('outboxDeliveryWorkflow', {
    workflowId,
    taskQueue,
    args: [{ subscriber }],
    signal: OUTBOX_PENDING_SIGNAL,
  });
}

export function createOutboxActivities({
  db,
  receivers = RECEIVERS,
  now = Date.now,
}: {
  db: Db;
  receivers?: Receivers | undefined;
  /** The clock held entries are compared with (a test's quiet hours). */
  now?: (() => number) | undefined;
}) {
  return {
    /** Delivers a subscriber's waiting entries in order; how many, and whether more were left waiting. */
    async deliverOutbox({ subscriber }: { subscriber: string }): Promise<{ delivered: number; more: boolean }> {
      const entries = await pendingOutbox(db, subscriber, RUN_LIMIT, new Date(now()));
      const receive = receivers[subscriber] ?? receivers[subscriberFamily(subscriber)];
      if (!receive && entries.length) throw new Error(`No receiver for the outbox subscriber ${subscriber}`);
      // Orders with an entry held in this run: their later entries wait behind it.
      const held = new Set<string>();
      let delivered = 0;
      for (const entry of entries) {
        if (held.has(entry.orderId)) continue;
        try {
          await db.transaction(async (tx) => {
            const receipt = await receive!(tx, entry);
            if (receipt && 'holdUntil' in receipt) {
              held.add(entry.orderId);
              await holdUntil(tx, entry.id, new Date(receipt.holdUntil));
            } else await markDelivered(tx, entry.id, receipt?.skipped ?? null);
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
