/**
 * Reactor: tells a unit in the console (站内通知) that an order was dispatched to it, as lead or assisting
 * unit. It writes one outbox entry per event, in the event's transaction; the delivery workflow
 * (workflows/outbox-delivery.ts) hands it to its receiver (activities/outbox.ts), which writes the notices.
 */
import { enqueueOutbox } from '../db/outbox';
import type { AuditEventData } from '../domain/events';
import type { Projection, WrittenEvent } from './projection';

export const UNIT_NOTICES = 'unit-notices';

export interface UnitNoticePayload {
  at: number;
  lead: string | null;
  assisting: string[];
}

/** Who an event tells of a new order, as lead and as assisting unit; null when it tells no one. */
function noticeOf(e: WrittenEvent): UnitNoticePayload | null {
  switch (e.type) {
    case 'dispatched':
    case 'redispatched': {
      const d = e.data as AuditEventData['dispatched'];
      return { at: e.at, lead: d.leadUnit, assisting: d.assistingUnits };
    }
    case 'backstop_assigned':
      return { at: e.at, lead: (e.data as AuditEventData['backstop_assigned']).to, assisting: [] };
    case 'assisting_added':
      return { at: e.at, lead: null, assisting: [(e.data as AuditEventData['assisting_added']).unit] };
    default:
      return null;
  }
}

export const unitNoticesReactor: Projection = {
  name: UNIT_NOTICES,
  follows: ['dispatched', 'redispatched', 'backstop_assigned', 'assisting_added'],
  async apply(tx, change) {
    const entries = change.written.flatMap((e) => {
      const payload = noticeOf(e);
      return payload
        ? [{ subscriber: UNIT_NOTICES, orderId: change.order.orderId, seq: e.seq, payload: { ...payload } }]
        : [];
    });
    if (!entries.length) return;
    await enqueueOutbox(tx, entries);
    change.wake.add(UNIT_NOTICES);
  },
};
