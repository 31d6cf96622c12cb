/**
 * The outbox's storage (schema `outbox`): rows a reactor adds in the transaction of the events they
 * follow, read by the delivery of one subscriber in id order, marked delivered once, and the failed
 * attempts counted for whoever watches the outbox.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from './client';
import { outbox, type OutboxRow } from './schema';

export type OutboxEntry = Pick<OutboxRow, 'subscriber' | 'orderId' | 'seq' | 'payload'>;

/** Adds entries; one already there for its (subscriber, order, seq) is left as it is (a retried batch). */
export async function enqueueOutbox(tx: Db, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length)
    await tx
      .insert(outbox)
      .values([...entries])
      .onConflictDoNothing();
}

/**
 * A subscriber's oldest undelivered entries, in the order they were written, but for those held past `now`
 * and whatever of the same order was written after one of them (an order's entries go in order).
 */
export async function pendingOutbox(db: Db, subscriber: string, limit: number, now: Date): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.subscriber, subscriber),
        isNull(outbox.deliveredAt),
        sql`not exists (select 1 from outbox held where held.subscriber = ${outbox.subscriber}
          and held.order_id = ${outbox.orderId} and held.delivered_at is null and held.id <= ${outbox.id}
          and held.not_before > ${now.toISOString()}::timestamptz)`,
      ),
    )
    .orderBy(asc(outbox.id))
    .limit(limit);
}

/** Marks an entry delivered: sent, or `skipped` with the reason nothing was sent. */
export async function markDelivered(db: Db, id: number, skipped: string | null = null): Promise<void> {
  await db
    .update(outbox)
    .set({ deliveredAt: sql`now()`, lastError: null, skipped })
    .where(eq(outbox.id, id));
}

/** Holds an entry until `at` (and the order's later entries behind it). */
export async function holdUntil(db: Db, id: number, at: Date): Promise<void> {
  await db.update(outbox).set({ notBefore: at }).where(eq(outbox.id, id));
}

/** The subscribers with entries waiting, for starting their deliveries when the worker starts. */
export async function waitingSubscribers(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ s: outbox.subscriber }).from(outbox).where(isNull(outbox.deliveredAt));
  return rows.map((r) => r.s);
}

/** Counts a failed attempt; the error's class and message only (a receiver's answer may quote anything). */
export async function recordAttemptFailed(db: Db, id: number, error: string): Promise<void> {
  await db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, lastError: error.slice(0, 500) })
    .where(eq(outbox.id, id));
}
