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

/** A subscriber's oldest undelivered entries, in the order they were written. */
export async function pendingOutbox(db: Db, subscriber: string, limit: number): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.subscriber, subscriber), isNull(outbox.deliveredAt)))
    .orderBy(asc(outbox.id))
    .limit(limit);
}

export async function markDelivered(db: Db, id: number): Promise<void> {
  await db
    .update(outbox)
    .set({ deliveredAt: sql`now()`, lastError: null })
    .where(eq(outbox.id, id));
}

/** Counts a failed attempt; the error's class and message only (a receiver's answer may quote anything). */
export async function recordAttemptFailed(db: Db, id: number, error: string): Promise<void> {
  await db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, lastError: error.slice(0, 500) })
    .where(eq(outbox.id, id));
}
