/**
 * The outbox's names that both sides of its delivery use: the delivery workflow of a subscriber
 * (workflows/outbox-delivery.ts) and the activity that wakes it when new entries are written.
 */

/** One delivery workflow per subscriber, under a fixed id: starting it again finds the one running. */
export const outboxWorkflowId = (subscriber: string) => `outbox-${subscriber}`;

/** "New entries are waiting" — sent after the transaction that wrote them has committed. */
export const OUTBOX_PENDING_SIGNAL = 'outboxPending';
