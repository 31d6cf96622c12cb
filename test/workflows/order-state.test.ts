/**
 * The order's rules without a server: the state class and the action handlers driven directly, in
 * milliseconds. The Temporal-backed suites beside this one check what needs a server (timers, Updates,
 * continue-as-new, replay).
 */
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { ClockKind } from '../../domain/clock';
import type { ActionName } from '../../domain/lifecycle';
import type { Actor } from '../../domain/order';
import { URGENCIES, type SlaPolicy } from '../../domain/types';
import { addContact, applyAction, validateAction } from '../../workflows/actions';
import type { InputOf } from '../../workflows/messages';
import { OrderState } from '../../workflows/order-state';
import { orderView, readModelOf } from '../../workflows/order-view';
import { intakeOf } from '../helpers/reference';
import { consultation, department, noiseComplaint, operator } from '../helpers/orders';

const T0 = Date.parse('2026-12-01T02:00:00Z'); // a Tuesday, 10:00 China time
const MIN = 60_000;
const coordinator: Actor = { role: 'coordinator', id: 'coord-1', unit: 'CENTRE' };
const visitor: Actor = { role: 'visitor', id: 'visit-1', unit: 'CENTRE' };
const CGJ = department('CGJ');

function newOrder(policy: Partial<SlaPolicy> = {}, body = noiseComplaint) {
  return OrderState.receive(intakeOf(body, T0, { actor: operator, policy }));
}

/** What the workflow does with an Update: validate, fire the clocks already due, apply. */
function take<K extends ActionName>(o: OrderState, name: K, input: InputOf<K>, at: number): void {
  validateAction(o, name, input, at);
  o.fireDueClocks(at);
  applyAction(o, name, input, at);
}

function rejection(fn: () => void): { type: string | undefined; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApplicationFailure) return { type: err.type ?? undefined, message: err.message };
    throw err;
  }
  throw new Error('expected a rejection');
}

const running = (o: OrderState, kind: ClockKind, subject: string | null = null) => {
  const c = o.clock(kind, subject);
  return c !== undefined && c.stoppedAt === null;
};
const types = (o: OrderState) => o.snapshot.outbox.map((e) => e.type);

describe('an order driven without a server', () => {
  it('intake dispatches per the catalogue with the response, handling and assisting clocks running', () => {
    const o = newOrder();
    expect(o.state).toBe('dispatched');
    expect(o.snapshot.leadUnit).toBe('CGJ');
    expect(types(o)).toEqual(['received', 'dispatched']);
    expect(running(o, 'response') && running(o, 'handling')).toBe(true);
    for (const a of o.snapshot.assisting) expect(running(o, 'assist', a.unit)).toBe(true);
    expect(o.dueAt('response')).toBe(T0 + 15 * MIN);
  });

  it('signing stops the response clock; completing stops handling and assisting, and opens the visit window', () => {
    const o = newOrder();
    take(o, 'acknowledge', { actor: CGJ }, T0 + 5 * MIN);
    expect(running(o, 'response')).toBe(false);
    expect(o.clock('response')?.breachedAt).toBeNull();
    take(o, 'complete', { actor: CGJ, reply: '已处理' }, T0 + 60 * MIN);
    expect(o.state).toBe('completed');
    expect(running(o, 'handling')).toBe(false);
    expect(o.snapshot.assisting.every((a) => !running(o, 'assist', a.unit))).toBe(true);
    expect(running(o, 'visit')).toBe(true);
  });

  it('an action after a due breach is judged and recorded after the breach (escalated one level)', () => {
    const o = newOrder();
    take(o, 'acknowledge', { actor: CGJ }, T0 + 20 * MIN);
    expect(types(o).slice(2)).toEqual([
      'clock_warning',
      'escalated',
      'clock_warning',
      'clock_breached',
      'escalated',
      'acknowledged',
    ]);
    expect(o.snapshot.escalationLevel).toBe(2);
    expect(o.snapshot.outbox.at(-1)?.data).toMatchObject({ responseMet: false });
  });

  it('a unit not on the order is refused as not on it; the lifecycle table refuses wrong roles and states', () => {
    const o = newOrder();
    expect(rejection(() => validateAction(o, 'acknowledge', { actor: department('JTJ') }, T0)).type).toBe('NotOnOrder');
    expect(rejection(() => validateAction(o, 'forceClose', { actor: CGJ, reason: 'x' }, T0)).type).toBe('Forbidden');
    expect(
      rejection(() =>
        validateAction(o, 'recordVisit', { actor: visitor, satisfaction: 'satisfied', resolution: 'resolved' }, T0),
      ).type,
    ).toBe('WrongState');
    const before = JSON.stringify(o.snapshot);
    rejection(() => validateAction(o, 'complete', { actor: CGJ, reply: 'x' }, T0));
    expect(JSON.stringify(o.snapshot)).toBe(before);
  });

  it('returned more often than the policy allows goes to L3; an overdue ruling goes to the backstop unit', () => {
    const o = newOrder({ maxReturnsBeforeL3: 1 });
    take(o, 'returnOrder', { actor: CGJ, reason: '不属于本单位职责' }, T0 + MIN);
    expect(running(o, 'ruling') && !running(o, 'response')).toBe(true);
    take(o, 'rule', { actor: coordinator, decision: 'keep', reason: '属于城管职责' }, T0 + 2 * MIN);
    expect(o.state).toBe('dispatched');
    expect(running(o, 'response') && !running(o, 'ruling')).toBe(true);
    take(o, 'returnOrder', { actor: CGJ, reason: '仍不属于' }, T0 + 3 * MIN);
    expect(o.snapshot.escalationLevel).toBe(3);
    expect(o.snapshot.escalations.at(-1)?.cause).toBe('returned more than 1 times');
    // Nobody rules within the ruling limit (one working day): the backstop unit takes the order.
    o.fireDueClocks(T0 + 3 * 86_400_000);
    expect(o.snapshot.leadUnit).toBe(o.snapshot.intake.backstopUnit);
    expect(types(o)).toContain('backstop_assigned');
  });

  it('dissatisfied and unresolved reopens to the same unit on a fresh handling clock', () => {
    const o = newOrder();
    take(o, 'acknowledge', { actor: CGJ }, T0 + MIN);
    take(o, 'complete', { actor: CGJ, reply: '已处理' }, T0 + 2 * MIN);
    take(o, 'recordVisit', { actor: visitor, satisfaction: 'dissatisfied', resolution: 'unresolved' }, T0 + 3 * MIN);
    expect(o.state).toBe('reopened');
    expect(o.snapshot.leadUnit).toBe('CGJ');
    expect(running(o, 'handling') && !running(o, 'visit')).toBe(true);
    expect(o.clock('handling')?.startedAt).toBe(T0 + 3 * MIN);
  });

  it('pause and resume hold the named clock; a granted extension moves the handling deadline', () => {
    const o = newOrder();
    take(o, 'acknowledge', { actor: CGJ }, T0 + MIN);
    take(o, 'pauseClock', { actor: coordinator, clock: 'handling', reason: '等待市民补充材料' }, T0 + 2 * MIN);
    expect(o.clock('handling')?.runningSince).toBeNull();
    take(o, 'resumeClock', { actor: coordinator, clock: 'handling', reason: '材料已补充' }, T0 + 10 * MIN);
    expect(o.clock('handling')?.runningSince).toBe(T0 + 10 * MIN);
    const requested = (o.dueAt('handling') ?? 0) + 86_400_000;
    take(o, 'requestExtension', { actor: CGJ, reason: '需要协调', newDueAt: requested }, T0 + 11 * MIN);
    take(o, 'decideExtension', { actor: coordinator, grant: true, reason: '同意' }, T0 + 12 * MIN);
    expect(o.state).toBe('acknowledged');
    expect(o.snapshot.outbox.at(-1)).toMatchObject({ type: 'extension_granted' });
  });

  it('a repeat contact that reaches the threshold raises urgency once; after closure it is still recorded', () => {
    const o = newOrder({ contactsToRaiseUrgency: 3 });
    const contact = (n: number) => ({
      orderId: `WO0000000000000${n}`,
      channel: 'phone' as const,
      at: T0 + n * MIN,
      requesterHash: null,
      actor: operator,
    });
    const initial = o.snapshot.urgency;
    const raised = URGENCIES[URGENCIES.indexOf(initial) - 1];
    addContact(o, contact(1), T0 + MIN);
    expect(o.snapshot.urgency).toBe(initial);
    addContact(o, contact(2), T0 + 2 * MIN);
    expect(o.snapshot.urgency).toBe(raised);
    expect(types(o).slice(-1)).toEqual(['urgency_raised']);
    addContact(o, contact(3), T0 + 3 * MIN);
    expect(o.snapshot.urgency).toBe(raised);
    take(o, 'forceClose', { actor: coordinator, reason: '重复诉求已另案处理' }, T0 + 4 * MIN);
    addContact(o, contact(4), T0 + 5 * MIN);
    expect(o.snapshot.contacts).toHaveLength(4);
    expect(types(o).slice(-2)).toEqual(['closed', 'contact_merged']);
  });

  it('a consultation answered directly meets its response clock and closes as answered', () => {
    const o = newOrder({}, consultation);
    expect(o.state).toBe('received');
    take(o, 'answer', { actor: operator, articleId: 'KB001', reply: '请携带身份证办理' }, T0 + MIN);
    expect(o.state).toBe('closed');
    expect(o.snapshot.closure?.code).toBe('answered');
    expect(o.clock('response')?.stoppedAt).toBe(T0 + MIN);
  });
});

describe('the return visit: all nine ratings', () => {
  const done = () => {
    const o = newOrder();
    take(o, 'acknowledge', { actor: CGJ }, T0 + MIN);
    take(o, 'complete', { actor: CGJ, reply: '已处理' }, T0 + 2 * MIN);
    return o;
  };
  const cases = [
    ['satisfied', 'resolved', 'resolved'],
    ['satisfied', 'partly', 'partly_resolved'],
    ['satisfied', 'unresolved', 'unresolved'],
    ['basically_satisfied', 'resolved', 'resolved'],
    ['basically_satisfied', 'partly', 'partly_resolved'],
    ['basically_satisfied', 'unresolved', 'unresolved'],
    ['dissatisfied', 'resolved', 'resolved'],
    ['dissatisfied', 'partly', 'partly_resolved'],
    ['dissatisfied', 'unresolved', 'reopened'],
  ] as const;
  it.each(cases)(
    '%s + %s → %s: the closure never claims what the citizen denied',
    (satisfaction, resolution, expected) => {
      const o = done();
      take(o, 'recordVisit', { actor: visitor, satisfaction, resolution }, T0 + 3 * MIN);
      if (expected === 'reopened') expect(o.state).toBe('reopened');
      else expect([o.state, o.snapshot.closure?.code]).toEqual(['closed', expected]);
    },
  );

  it('policy decides which ratings reopen', () => {
    const o = newOrder({ reopenOnRating: { satisfaction: ['dissatisfied'], resolution: ['partly', 'unresolved'] } });
    take(o, 'acknowledge', { actor: CGJ }, T0 + MIN);
    take(o, 'complete', { actor: CGJ, reply: '已处理' }, T0 + 2 * MIN);
    take(o, 'recordVisit', { actor: visitor, satisfaction: 'dissatisfied', resolution: 'partly' }, T0 + 3 * MIN);
    expect(o.state).toBe('reopened');
    expect(o.snapshot.outbox.at(-1)).toMatchObject({
      type: 'reopened',
      reason: 'return-visit rating: dissatisfied, partly',
    });
  });
});

describe('extensions and new deadlines', () => {
  const signed = (policy: Partial<SlaPolicy> = {}) => {
    const o = newOrder(policy);
    take(o, 'acknowledge', { actor: CGJ }, T0 + MIN);
    return o;
  };
  /** Sunday 10 January 2027, 14:30 China time: a day off. */
  const SUNDAY = Date.parse('2027-01-10T14:30:00+08:00');
  const FRIDAY_MIDNIGHT = Date.parse('2027-01-09T00:00:00+08:00');

  it('a granted day off falls at 24:00 of the working day before; the clock, the view and the event agree', () => {
    const o = signed({ maxExtension: { unit: 'calendar_days', amount: 60 } });
    take(o, 'requestExtension', { actor: CGJ, reason: '需要协调', newDueAt: SUNDAY }, T0 + 2 * MIN);
    take(o, 'decideExtension', { actor: coordinator, grant: true, reason: '同意' }, T0 + 3 * MIN);
    expect(o.dueAt('handling')).toBe(FRIDAY_MIDNIGHT);
    expect(orderView(o, T0 + 3 * MIN).clocks.find((c) => c.kind === 'handling')?.dueAt).toBe(FRIDAY_MIDNIGHT);
    expect(o.snapshot.outbox.at(-1)).toMatchObject({
      type: 'extension_granted',
      data: { to: FRIDAY_MIDNIGHT, requested: SUNDAY },
    });
    expect(readModelOf(o, T0 + 3 * MIN).handlingDueAt).toBe(FRIDAY_MIDNIGHT);
  });

  it('an extension beyond the policy’s maximum is refused, naming the field', () => {
    const o = signed({ maxExtension: { unit: 'working_days', amount: 5 } });
    const due = o.dueAt('handling')!;
    const farAway = Date.parse('9999-12-31T00:00:00Z');
    expect(
      rejection(() =>
        validateAction(o, 'requestExtension', { actor: CGJ, reason: '久拖', newDueAt: farAway }, T0 + 2 * MIN),
      ),
    ).toMatchObject({
      type: 'RuleViolation',
      message: '时限最多可延至当前时限后 5 个工作日',
    });
    expect(() =>
      validateAction(o, 'requestExtension', { actor: CGJ, reason: '协调', newDueAt: due + 86_400_000 }, T0 + 2 * MIN),
    ).not.toThrow();
    expect(
      rejection(() =>
        validateAction(
          o,
          'setDeadline',
          { actor: coordinator, clock: 'handling', dueAt: farAway, reason: '改期' },
          T0 + 2 * MIN,
        ),
      ).type,
    ).toBe('RuleViolation');
  });
});

describe('completion while an assisting unit gave no opinion (协办意见)', () => {
  it('is the lead unit’s decision; the units without an opinion are on the record', () => {
    const o = newOrder();
    const [first, ...others] = o.snapshot.assisting.map((a) => a.unit);
    // The catalogue gives noise two assisting units: one gives an opinion, the other stays silent.
    expect(others).toEqual(['STHJ']);
    take(o, 'acknowledge', { actor: CGJ }, T0 + MIN);
    take(o, 'contribute', { actor: department(first!), note: '已配合核查' }, T0 + 2 * MIN);
    take(o, 'complete', { actor: CGJ, reply: '已处理' }, T0 + 3 * MIN);
    expect(o.state).toBe('completed');
    const completed = o.snapshot.outbox.at(-1);
    expect(completed?.type).toBe('completed');
    expect(completed?.data).toMatchObject({ assistingWithoutOpinion: others });
    expect(JSON.stringify(completed?.data)).not.toContain(first!);
  });
});
