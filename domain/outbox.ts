/**
 * The outbox's names that both sides of its delivery use: the delivery workflow of a subscriber
 * (workflows/outbox-delivery.ts) and the activity that wakes it when new entries are written.
 */

/** One delivery workflow per subscriber, under a fixed id: starting it again finds the one running. */
export const outboxWorkflowId = (subscriber: string) => `outbox-${subscriber}`;

/** "New entries are waiting" — sent after the transaction that wrote them has committed. */
export const OUTBOX_PENDING_SIGNAL = 'outboxPending';

/**
 * A family of subscribers, one per receiver of the same kind (each unit's webhook): `family:member`. Each has
 * a delivery of its own, so one receiver that is down holds back only its own entries.
 */
export const subscriberFamily = (subscriber: string) => {
  const at = subscriber.indexOf(':');
  return at < 0 ? subscriber : subscriber.slice(0, at + 1);
};

/** A unit's webhook deliveries (activities/notifications.ts). */
export const UNIT_WEBHOOKS = 'unit-webhook:';
export const unitWebhookSubscriber = (unit: string) => `${UNIT_WEBHOOKS}${unit}`;

/** The citizens' SMS (activities/notifications.ts). */
export const CITIZEN_SMS = 'citizen-sms';
/**
 * The citizens' notices of the return visit (回访预告): SMS too, but a delivery of their own, as each follows
 * the same event as the completion message and the outbox keeps one entry per subscriber and event.
 */
export const CITIZEN_VISIT_SMS = 'citizen-visit-sms';
