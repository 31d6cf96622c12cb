/**
 * Reactors of the notifications (domain/notifications.ts) beside the console's notices (./unit-notices):
 * the webhook of each unit an event tells that has one, and the SMS of a citizen who agreed at intake.
 * Each writes its outbox entries in the events' transaction, without citizen data (the receivers read what
 * the message needs when they send it: activities/notifications.ts).
 */
import { enqueueOutbox, type OutboxEntry } from '../db/outbox';
import { unitsWithWebhook } from '../db/notifications';
import {
  CITIZEN_EVENTS,
  citizenMessagesOf,
  UNIT_EVENTS,
  unitsTold,
  type CitizenMessage,
  type UnitNoticeKind,
} from '../domain/notifications';
import { CITIZEN_SMS, CITIZEN_VISIT_SMS, unitWebhookSubscriber } from '../domain/outbox';
import type { Projection } from './projection';

export interface UnitWebhookPayload {
  at: number;
  unit: string;
  kind: UnitNoticeKind;
}

export interface CitizenSmsPayload {
  at: number;
  message: CitizenMessage;
  /** Emergencies are sent in the quiet hours too. */
  emergency: boolean;
}

export const unitWebhooksReactor: Projection = {
  name: 'unit-webhooks',
  follows: UNIT_EVENTS,
  async apply(tx, change) {
    const told = change.written.flatMap((e) => unitsTold(e, change.order.leadUnit).map((t) => ({ e, ...t })));
    const hooked = await unitsWithWebhook(
      tx,
      told.map((t) => t.unit),
    );
    const entries: OutboxEntry[] = told
      .filter((t) => hooked.has(t.unit))
      .map(({ e, unit, kind }) => {
        const payload: UnitWebhookPayload = { at: e.at, unit, kind };
        return {
          subscriber: unitWebhookSubscriber(unit),
          orderId: change.order.orderId,
          seq: e.seq,
          payload: { ...payload },
        };
      });
    if (!entries.length) return;
    await enqueueOutbox(tx, entries);
    for (const entry of entries) change.wake.add(entry.subscriber);
  },
};

export const citizenSmsReactor: Projection = {
  name: CITIZEN_SMS,
  follows: CITIZEN_EVENTS,
  async apply(tx, change) {
    const { citizen, orderId, urgency } = change.order;
    // 同意短信通知: asked at intake; a citizen who did not agree, or gave no phone, is sent nothing.
    if (citizen.smsConsent !== true || !citizen.phone) return;
    const at = new Map(change.written.map((e) => [e.seq, e.at]));
    const entries: OutboxEntry[] = citizenMessagesOf(change.written).map(({ seq, message }) => {
      const payload: CitizenSmsPayload = { at: at.get(seq)!, message, emergency: urgency === 'emergency' };
      const subscriber = message === 'visit_notice' ? CITIZEN_VISIT_SMS : CITIZEN_SMS;
      return { subscriber, orderId, seq, payload: { ...payload } };
    });
    if (!entries.length) return;
    await enqueueOutbox(tx, entries);
    for (const entry of entries) change.wake.add(entry.subscriber);
  },
};
