/**
 * The Temporal UI's "current details" and the NextDueAt search attribute, without a server: instants in
 * China time, one line per clock, and the next reminder or breach rather than a breach long past.
 */
import { describe, expect, it } from 'vitest';
import { applyAction } from '../../workflows/actions';
import { renderDetails } from '../../workflows/details';
import { OrderState } from '../../workflows/order-state';
import { orderView } from '../../workflows/order-view';
import { orderSearchAttributes, SA } from '../../workflows/search-attributes';
import { intakeOf } from '../helpers/reference';
import { department, noiseComplaint, operator } from '../helpers/orders';

const T0 = Date.parse('2026-12-01T02:00:00Z'); // a Tuesday, 10:00 China time
const MIN = 60_000;
const coordinator = { role: 'coordinator' as const, id: 'coord-1', unit: 'CENTRE' };

const nextDueAt = (o: OrderState, now: number, earliestDue = false) =>
  orderSearchAttributes(o, now, earliestDue).find((p) => p.key.name === SA.nextDueAt.name)?.value;

describe('current details', () => {
  it('show each clock on its own line by its instants in China time, never a countdown', () => {
    const o = OrderState.receive(intakeOf(noiseComplaint, T0, { actor: operator }));
    o.fireDueClocks(T0 + 16 * MIN); // the 15-minute response clock breaches at 10:15
    applyAction(o, 'acknowledge', { actor: department('ZJJ') }, T0 + 20 * MIN);
    applyAction(o, 'pauseClock', { actor: coordinator, clock: 'assist', reason: '等待现场勘查' }, T0 + 21 * MIN);
    const now = T0 + 30 * MIN;
    const details = renderDetails(orderView(o, now), now, o.nextClockEventAt());
    const lines = details.split('\n');
    expect(lines).toContain('- **response**: breached 2026-12-01 10:15');
    expect(lines.find((l) => l.startsWith('- **handling**'))).toMatch(
      /^- \*\*handling\*\*: due \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/,
    );
    expect(lines).toContain('- **assist (ZJJ)**: paused (等待现场勘查)');
    expect(lines).toContain('_as of 2026-12-01 10:30_');
    // Facts are paragraphs or list items: nothing runs into the line before it.
    expect(details).not.toMatch(/remaining|\|/);
    expect(details).toMatch(/\n\nClocks \(China time\):\n\n- /);
    expect(lines.find((l) => l.startsWith('Next reminder or breach: '))).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });
});

describe('NextDueAt', () => {
  it('is the next reminder or breach: a breached clock leaves it for the clocks still to fire', () => {
    const o = OrderState.receive(intakeOf(noiseComplaint, T0, { actor: operator }));
    expect(nextDueAt(o, T0)).toEqual(new Date(o.nextClockEventAt()!));
    expect(nextDueAt(o, T0)!.valueOf()).toBe(T0 + 7.5 * MIN); // the response clock's 50 % reminder
    o.fireDueClocks(T0 + 16 * MIN);
    const next = nextDueAt(o, T0 + 16 * MIN) as Date;
    expect(next.getTime()).toBeGreaterThan(T0 + 16 * MIN);
    // Before: the breached response clock's due instant, in the past, kept it in "due in the next hour".
    expect(nextDueAt(o, T0 + 16 * MIN, true)).toEqual(new Date(T0 + 15 * MIN));
  });
});
