/**
 * The API's one representation of time, without a server: every instant of an order and of its audit
 * events an RFC 3339 string (UTC), every duration whole milliseconds, and the order schema of the
 * OpenAPI document describing exactly what the mapping writes.
 */
import { describe, expect, it } from 'vitest';
import { apiEventData, apiOrderView, orderSchema } from '../../api/views';
import { applyAction } from '../../workflows/actions';
import { OrderState } from '../../workflows/order-state';
import { orderView } from '../../workflows/order-view';
import { epochNumbers } from '../helpers/api';
import { department, noiseComplaint, operator } from '../helpers/orders';
import { intakeOf } from '../helpers/reference';

const T0 = Date.parse('2026-12-01T02:00:00Z');
const MIN = 60_000;
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An order that has been through most of what the view holds: clocks met, breached and paused, notes, escalation. */
function busyOrder() {
  const o = OrderState.receive(intakeOf(noiseComplaint, T0, { actor: operator }));
  o.fireDueClocks(T0 + 16 * MIN);
  applyAction(o, 'acknowledge', { actor: department('CGJ'), note: '已签收' }, T0 + 20 * MIN);
  applyAction(o, 'addNote', { actor: department('CGJ'), note: '已到现场' }, T0 + 30 * MIN);
  applyAction(
    o,
    'pauseClock',
    { actor: { role: 'coordinator', id: 'c', unit: 'CENTRE' }, clock: 'assist', reason: '等待' },
    T0 + 31 * MIN,
  );
  return o;
}

describe('apiOrderView', () => {
  it('writes every instant as RFC 3339 in UTC and leaves no epoch-ms number in the order', () => {
    const view = orderView(busyOrder(), T0 + 40 * MIN);
    const api = apiOrderView(view);
    expect(epochNumbers(api)).toEqual([]);
    expect(api.receivedAt).toBe('2026-12-01T02:00:00.000Z');
    const response = api.clocks.find((c) => c.kind === 'response')!;
    expect(response).toMatchObject({ dueAt: null, breachedAt: '2026-12-01T02:15:00.000Z' });
    expect(response.stoppedAt).toMatch(RFC3339_UTC);
    expect(api.clocks.find((c) => c.kind === 'handling')!.dueAt).toMatch(RFC3339_UTC);
    expect(api.notes.map((n) => n.at)).toEqual(['2026-12-01T02:30:00.000Z']);
    expect(api.escalations.length).toBeGreaterThan(0);
    for (const e of api.escalations) expect(e.at).toMatch(RFC3339_UTC);
    // The order schema of the OpenAPI document accepts exactly this shape.
    expect(orderSchema.strict().safeParse(api).error).toBeUndefined();
  });

  it('gives durations in whole milliseconds', () => {
    const view = orderView(busyOrder(), T0 + 40 * MIN);
    view.clocks[0]!.remainingMs = 207360000.00000003;
    expect(apiOrderView(view).clocks[0]!.remainingMs).toBe(207360000);
    for (const c of apiOrderView(view).clocks) expect(Number.isInteger(c.remainingMs)).toBe(true);
  });

  it('keeps the fields a route adds, such as the contact as the caller may see it', () => {
    const view = { ...orderView(busyOrder(), T0), citizenVisibility: 'masked' as const };
    expect(apiOrderView(view).citizenVisibility).toBe('masked');
  });
});

describe('apiEventData', () => {
  it('writes the instants of an audit event as RFC 3339 and leaves counts, levels and lateness as numbers', () => {
    const at = Date.parse('2027-01-10T06:30:51Z');
    expect(apiEventData('extension_granted', { from: T0, to: at, requested: at })).toEqual({
      from: '2026-12-01T02:00:00.000Z',
      to: '2027-01-10T06:30:51.000Z',
      requested: '2027-01-10T06:30:51.000Z',
    });
    expect(apiEventData('escalated', { from: 1, to: 2 })).toEqual({ from: 1, to: 2 });
    expect(apiEventData('clock_breached', { clock: 'response', subject: null, dueAt: T0, latenessMs: 1200 })).toEqual({
      clock: 'response',
      subject: null,
      dueAt: '2026-12-01T02:00:00.000Z',
      latenessMs: 1200,
    });
    expect(apiEventData('dispatched', { leadUnit: 'CGJ', responseDueAt: null, handlingDueAt: T0 })).toMatchObject({
      responseDueAt: null,
      handlingDueAt: '2026-12-01T02:00:00.000Z',
    });
    // Rows from a newer version of an unknown type pass as stored.
    expect(apiEventData('from_the_future', { at: 5 })).toEqual({ at: 5 });
  });
});
