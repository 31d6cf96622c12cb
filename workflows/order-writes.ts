/**
 * How an order's events reach the database: the activity that writes a batch of them with the read-model
 * row (activities/ recordOrderEvents, which also brings every projection up to date), as a local activity
 * first and as a retrying activity when the database is slow or down; a batch the database refuses for
 * its data (record_failed); and the outbox writer of the current run mode, chained by callbacks.
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { isCancellation, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createActivities, RecordOrderEventsInput } from '../activities';
import { SYSTEM_ACTOR } from '../domain/order';
import { INVALID_ORDER_DATA } from '../domain/record-failure';
import type { OrderView } from './messages';
import type { OrderState } from './order-state';
import { readModelOf } from './order-view';

export const { recordOrderEvents } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  // The database may be down for a while: keep retrying with a bounded backoff rather than give up.
  retry: {
    initialInterval: '500 ms',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    nonRetryableErrorTypes: [INVALID_ORDER_DATA],
  },
});

/**
 * The same write as a local activity: done inside the workflow task that caused it, so a change costs
 * one workflow task instead of a task, an activity and a second task. Bounded tightly, because the
 * action's answer waits for it; when the database is slow or down the write falls back to the activity
 * above, which retries in the background while actions go on.
 */
const { recordOrderEvents: recordOrderEventsNow } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2 seconds',
  scheduleToCloseTimeout: '3 seconds',
  retry: { initialInterval: '100 ms', maximumAttempts: 2, nonRetryableErrorTypes: [INVALID_ORDER_DATA] },
});

export type Write = (input: RecordOrderEventsInput) => Promise<void>;

/** The outbox's first `size` events with the read-model row as the order stands (`view`: its view now). */
export function batchOf(order: OrderState, size: number, view?: OrderView): RecordOrderEventsInput {
  return { order: readModelOf(order, Date.now(), view), events: order.outbox.slice(0, size) };
}

/** The rest of writeBatch once the database refused the batch for its data (`sqlState`). */
export async function recordRefusal(order: OrderState, size: number, sqlState: string, write: Write): Promise<true> {
  const attempt = () => refusal(write(batchOf(order, size)));
  const withheld = order.withholdUnstorable();
  const written = (await attempt()) === null;
  const batch = order.outbox.slice(0, size);
  const range = { fromSeq: batch[0]!.seq, toSeq: batch.at(-1)!.seq, sqlState };
  order.noteRecordFailure(range, Date.now());
  // A refused record of an earlier refusal is not recorded once more, or the two would follow each other forever.
  if (written || batch.some((e) => e.type !== 'record_failed')) {
    order.record('record_failed', Date.now(), SYSTEM_ACTOR, null, { ...range, withheld, written });
  }
  return true;
}

/** The SQLSTATE when the write was refused for its data (activities/errors.ts), null when it succeeded. */
export async function refusal(write: Promise<void>): Promise<string | null> {
  try {
    await write;
    return null;
  } catch (err) {
    const sqlState = refusedSqlState(err);
    if (sqlState === null) throw err;
    return sqlState;
  }
}

function refusedSqlState(err: unknown): string | null {
  // An activity's failure comes wrapped in an ActivityFailure, a local activity's as it was thrown.
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (!(cause instanceof ApplicationFailure) || cause.type !== INVALID_ORDER_DATA) return null;
  const facts = cause.details?.[0] as { sqlState?: unknown } | undefined;
  return typeof facts?.sqlState === 'string' ? facts.sqlState : 'unknown';
}

/**
 * The local write, or when it fails or times out, the activity that retries until the database is back.
 * A write refused for its data would be refused there too: it goes back to writeBatch.
 */
export function recordLocally(input: RecordOrderEventsInput): Promise<void> {
  return recordOrderEventsNow(input).catch((err: unknown) => {
    if (isCancellation(err) || refusedSqlState(err) !== null) throw err;
    return recordOrderEvents(input);
  });
}

/**
 * The outbox written in order, one batch at a time, started by the change that filled it (`write`, a
 * no-op while a batch is in flight: its end writes what came meanwhile) and chained by callbacks rather
 * than a loop of awaits, so a batch costs the local activity's own promises and two more. The same
 * commands as flushOutbox's; a batch leaves the outbox only once written (or recorded as refused).
 */
export function outboxWriter(
  order: OrderState,
  published: () => void,
): { write(view?: OrderView): void; idle(): boolean } {
  let inFlight = false;
  const written = (size: number, refused: boolean) => {
    if (refused) published();
    order.written(size);
    inFlight = false;
    write();
  };
  const write = (view?: OrderView): void => {
    const size = order.outbox.length;
    if (inFlight || size === 0) return;
    inFlight = true;
    const input = batchOf(order, size, view);
    // recordLocally, with its fallback folded into this one callback pair.
    void recordOrderEventsNow(input).then(
      () => written(size, false),
      (err: unknown): Promise<void> => {
        const fallback = isCancellation(err) || refusedSqlState(err) !== null ? null : recordOrderEvents(input);
        const refused = (failure: unknown) => {
          const sqlState = refusedSqlState(failure);
          if (sqlState === null) throw failure;
          return recordRefusal(order, size, sqlState, recordLocally).then((r) => written(size, r));
        };
        return fallback ? fallback.then(() => written(size, false), refused) : refused(err);
      },
    );
  };
  return { write, idle: () => !inFlight && order.outbox.length === 0 };
}
