/**
 * Reactor: tells a unit in the console (站内通知) what it must act on — an order dispatched to it as lead or
 * assisting unit, a 催办 reminder, a 督办 breach, a ruling on its return, an extension decided — and the
 * coordinators (the centre's unit) of an order raised to L3. It writes one outbox entry per event, in the
 * event's transaction; the delivery workflow (workflows/outbox-delivery.ts) hands it to its receiver
 * (activities/outbox.ts), which writes the notices.
 */
import { enqueueOutbox } from '../db/outbox';
import { UNIT_EVENTS, unitsTold, type UnitTold } from '../domain/notifications';
import type { Projection } from './projection';

export const UNIT_NOTICES = 'unit-notices';

/** `told` since every notification was a notice; entries written before it name the dispatch's units. */
export type UnitNoticePayload = { at: number } & ({ told: UnitTold[] } | { lead: string | null; assisting: string[] });

/** The notices an entry asks for. */
export function noticesOfPayload(p: UnitNoticePayload): UnitTold[] {
  if ('told' in p) return p.told;
  return [
    ...(p.lead ? [{ unit: p.lead, kind: 'dispatched' as const }] : []),
    ...p.assisting.map((unit) => ({ unit, kind: 'assisting' as const })),
  ];
}

export const unitNoticesReactor: Projection = {
  name: UNIT_NOTICES,
  follows: UNIT_EVENTS,
  async apply(tx, change) {
    const entries = change.written.flatMap((e) => {
      const told = unitsTold(e, change.order.leadUnit);
      const payload: UnitNoticePayload = { at: e.at, told };
      return told.length ? [{ subscriber: UNIT_NOTICES, orderId: change.order.orderId, seq: e.seq, payload }] : [];
    });
    if (!entries.length) return;
    await enqueueOutbox(tx, entries);
    change.wake.add(UNIT_NOTICES);
  },
};
