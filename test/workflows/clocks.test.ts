/**
 * Every SLA clock on the time-skipping server — handling, assisting-unit sub-deadline, dispute ruling,
 * return visit — met, warned (催办, L1) and breached (督办, one level up); paused and resumed; moved by
 * an extension or a coordinator's deadline; and a working-day deadline across a Golden Week.
 * (The response clock has its own file, response-sla.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDay, deadlineFor, isWorkingDay, CHINA_OFFSET_MS } from '../../domain/calendar';
import type { Limit, WorkCalendar } from '../../domain/types';
import { SA } from '../../workflows/search-attributes';
import { auditTrail, orderView } from '../../support';
import { department, gasLeak, noiseComplaint, waterMainBurst, waterOutage } from '../helpers/orders';
import {
  act,
  clockOf,
  coordinator,
  DAY,
  expectClosedAndRecorded,
  expectSoonAfter,
  HOUR,
  MINUTE,
  recordHistory,
  settledAudit,
  sleepUntil,
  startHarness,
  visitor,
  type Harness,
  type OrderHandle,
} from '../helpers/workflows';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const sleepUntil_ = (at: number) => sleepUntil(h.env, at);
const closeByCoordinator = (handle: OrderHandle) =>
  act(handle, 'forceClose', { actor: coordinator, reason: 'test finished with the order' });

async function clockEvents(orderId: string, type: 'clock_warning' | 'clock_breached', clock: string) {
  const rows = await auditTrail(h.db, orderId);
  return rows.filter((r) => r.type === type && r.data.clock === clock);
}

describe('handling clock (emergency: 2 hours)', () => {
  it('is met when the lead unit completes in time: no reminder, no escalation', async () => {
    const { intake, handle } = await h.startOrder(gasLeak);
    const gas = department(intake.leadUnit!);
    expect(clockOf(await orderView(handle), 'handling').dueAt).toBe(intake.receivedAt + 2 * HOUR);
    await h.env.sleep(MINUTE);
    await act(handle, 'acknowledge', { actor: gas });
    await sleepUntil_(intake.receivedAt + 50 * MINUTE);
    const done = await act(handle, 'complete', { actor: gas, reply: '已关闭阀门并更换泄漏管段' });
    await sleepUntil_(intake.receivedAt + 3 * HOUR);

    const v = await orderView(handle);
    const handling = clockOf(v, 'handling');
    expect(handling).toMatchObject({ breachedAt: null, stoppedAt: done.completedAt });
    expect(handling.remainingMs).toBe(2 * HOUR - (done.completedAt! - intake.receivedAt));
    expect(v).toMatchObject({ escalationLevel: 0, slaState: 'on_track', state: 'completed' });
    await settledAudit(h.db, handle);
    expect(await clockEvents(intake.orderId, 'clock_warning', 'handling')).toEqual([]);
    await act(handle, 'recordVisit', { actor: visitor, satisfaction: 'satisfied', resolution: 'resolved' });
    await expectClosedAndRecorded(h, handle);
  });

  it('reminds at 50% and 75% (L1) and breaches at exactly 100% (L2), not before', async () => {
    const { intake, handle } = await h.startOrder(gasLeak);
    const t0 = intake.receivedAt;
    await h.env.sleep(MINUTE);
    await act(handle, 'acknowledge', { actor: department(intake.leadUnit!) });

    await sleepUntil_(t0 + 59 * MINUTE);
    expect(await orderView(handle)).toMatchObject({ slaState: 'on_track', escalationLevel: 0 });
    await sleepUntil_(t0 + 61 * MINUTE);
    expect(await orderView(handle)).toMatchObject({ slaState: 'at_risk', escalationLevel: 1 });
    await sleepUntil_(t0 + 2 * HOUR - MINUTE);
    const before = await orderView(handle);
    expect(clockOf(before, 'handling').breachedAt).toBeNull();
    expect(before.escalationLevel).toBe(1);

    await sleepUntil_(t0 + 2 * HOUR + MINUTE);
    const after = await orderView(handle);
    expect(clockOf(after, 'handling').breachedAt).toBe(t0 + 2 * HOUR);
    expect(after).toMatchObject({ slaState: 'breached', escalationLevel: 2, state: 'acknowledged' });
    expect(after.escalations.map((e) => [e.level, e.cause])).toEqual([
      [1, 'handling clock at 50%'],
      [2, 'handling clock breached'],
    ]);

    await settledAudit(h.db, handle);
    const warnings = await clockEvents(intake.orderId, 'clock_warning', 'handling');
    expect(warnings.map((w) => [w.data.threshold, w.data.dueAt])).toEqual([
      [0.5, t0 + HOUR],
      [0.75, t0 + 90 * MINUTE],
    ]);
    const [breach] = await clockEvents(intake.orderId, 'clock_breached', 'handling');
    expect(breach!.data.dueAt).toBe(t0 + 2 * HOUR);
    expectSoonAfter(breach!.at.getTime(), t0 + 2 * HOUR);

    // Completing late is still possible; the breach stays on the record after closure.
    await act(handle, 'complete', { actor: department(intake.leadUnit!), reply: '已处置' });
    await act(handle, 'recordVisit', { actor: visitor, satisfaction: 'basically_satisfied', resolution: 'resolved' });
    const rows = await expectClosedAndRecorded(h, handle);
    expect((await orderView(handle)).slaState).toBe('breached');
    expect(rows.map((r) => r.type)).toContain('clock_breached');
  });
});

describe('assisting units (协办) have their own sub-deadline: 80% of the lead limit', () => {
  it('is met by the unit that contributes in time and breached by the one that does not', async () => {
    const { intake, handle } = await h.startOrder(waterMainBurst);
    const t0 = intake.receivedAt;
    const subDeadline = t0 + 96 * MINUTE;
    expect(intake.assistingUnits).toEqual(['CGJ', 'JTJ']);
    const start = await orderView(handle);
    expect(clockOf(start, 'assist', 'CGJ').dueAt).toBe(subDeadline);
    expect(clockOf(start, 'assist', 'JTJ').dueAt).toBe(subDeadline);

    await h.env.sleep(MINUTE);
    await act(handle, 'acknowledge', { actor: department('WATER') });
    const cgjSigned = await act(handle, 'acknowledge', { actor: department('CGJ') });
    expect(cgjSigned.assistingUnits.find((a) => a.unit === 'CGJ')!.acknowledgedAt).not.toBeNull();
    await sleepUntil_(t0 + 30 * MINUTE);
    const contributed = await act(handle, 'contribute', { actor: department('CGJ'), note: '已安排围挡和交通疏导' });
    expect(clockOf(contributed, 'assist', 'CGJ').stoppedAt).not.toBeNull();

    await sleepUntil_(t0 + 47 * MINUTE);
    expect((await orderView(handle)).escalationLevel).toBe(0);
    await sleepUntil_(t0 + 49 * MINUTE);
    const warned = await orderView(handle);
    expect(clockOf(warned, 'assist', 'JTJ').slaState).toBe('at_risk');
    expect(warned.escalations).toMatchObject([{ level: 1, cause: 'assist clock at 50%' }]);
    expectSoonAfter(warned.escalations[0]!.at, t0 + 48 * MINUTE);

    await sleepUntil_(subDeadline - MINUTE);
    expect(clockOf(await orderView(handle), 'assist', 'JTJ').breachedAt).toBeNull();
    await sleepUntil_(subDeadline + MINUTE);
    const breached = await orderView(handle);
    expect(clockOf(breached, 'assist', 'JTJ').breachedAt).toBe(subDeadline);
    expect(clockOf(breached, 'assist', 'CGJ')).toMatchObject({ breachedAt: null, slaState: 'on_track' });
    expect(clockOf(breached, 'handling').breachedAt).toBeNull();
    expect(breached.escalations.at(-1)).toMatchObject({ level: 2, cause: 'assist clock breached' });
    await settledAudit(h.db, handle);
    const [breach] = await clockEvents(intake.orderId, 'clock_breached', 'assist');
    expect(breach!.data).toMatchObject({ subject: 'JTJ', dueAt: subDeadline });

    await closeByCoordinator(handle);
    await expectClosedAndRecorded(h, handle);
  });
});

describe('dispute ruling (退单裁定): one working day', () => {
  async function returnedOrder() {
    const order = await h.startOrder(noiseComplaint);
    const cgj = department('CGJ');
    await h.env.sleep(MINUTE);
    await act(order.handle, 'acknowledge', { actor: cgj });
    const returned = await act(order.handle, 'returnOrder', { actor: cgj, reason: '工地噪音属住建局监管范围' });
    const ruling = clockOf(returned, 'ruling');
    expect(ruling.dueAt).toBe(
      deadlineFor(ruling.startedAt, order.intake.policy.disputeRulingLimit, order.intake.calendar),
    );
    return { ...order, returned, rulingDue: ruling.dueAt! };
  }

  it('is met by a ruling in time: the order goes back to the unit that signed', async () => {
    const { handle, returned, rulingDue } = await returnedOrder();
    const returnedAt = clockOf(returned, 'ruling').startedAt;
    await sleepUntil_(returnedAt + (rulingDue - returnedAt) / 4);
    const ruled = await act(handle, 'rule', { actor: coordinator, decision: 'keep', reason: '施工噪音由城管执法负责' });
    expect(ruled).toMatchObject({ state: 'acknowledged', leadUnit: 'CGJ', escalationLevel: 0 });
    expect(clockOf(ruled, 'ruling')).toMatchObject({ breachedAt: null, stoppedAt: expect.any(Number) });
    await sleepUntil_(rulingDue + MINUTE);
    expect((await orderView(handle)).leadUnit).toBe('CGJ');
    await closeByCoordinator(handle);
    await expectClosedAndRecorded(h, handle);
  });

  it('when nobody rules in time, goes to the backstop unit (兜底) at L3, shown as escalated', async () => {
    const { intake, handle, rulingDue } = await returnedOrder();
    await sleepUntil_(rulingDue - MINUTE);
    const before = await orderView(handle);
    expect(before).toMatchObject({ state: 'returned', leadUnit: 'CGJ', escalationLevel: 1 });
    expect(clockOf(before, 'ruling').breachedAt).toBeNull();

    await sleepUntil_(rulingDue + MINUTE);
    const after = await orderView(handle);
    expect(after).toMatchObject({ state: 'escalated', leadUnit: intake.backstopUnit, escalationLevel: 3 });
    expect(intake.backstopUnit).toBe('LJQ');
    expect(after.assistingUnits.map((a) => a.unit)).toEqual(['ZJJ', 'STHJ']);
    const ruling = clockOf(after, 'ruling');
    expect(ruling.breachedAt).toBe(rulingDue);
    expectSoonAfter(ruling.stoppedAt, rulingDue);
    // The backstop unit gets fresh response and handling clocks.
    const response = clockOf(after, 'response');
    expectSoonAfter(response.startedAt, rulingDue);
    expect(response.dueAt).toBe(response.startedAt + 15 * MINUTE);
    expect(clockOf(after, 'handling').startedAt).toBe(response.startedAt);
    expect(after.escalations.at(-1)).toMatchObject({ level: 3, cause: 'dispute not ruled on in time' });

    const rows = await settledAudit(h.db, handle);
    const types = rows.map((r) => r.type);
    const breachAt = types.indexOf('clock_breached');
    expect(types.slice(breachAt)).toEqual(['clock_breached', 'backstop_assigned', 'redispatched', 'escalated']);
    expect(rows[breachAt + 1]).toMatchObject({ actorRole: 'system', data: { from: 'CGJ', to: 'LJQ' } });

    // The backstop signs for it; L3 coordination still shows while it is open.
    expect(await act(handle, 'acknowledge', { actor: department('LJQ') })).toMatchObject({ state: 'escalated' });
    await closeByCoordinator(handle);
    await expectClosedAndRecorded(h, handle);
    await recordHistory(h, handle, 'dispute-backstop');
  });
});

describe('return visit (回访) window: three working days after completion', () => {
  async function completedOrder() {
    const order = await h.startOrder({ ...noiseComplaint, assistingUnits: [] });
    const cgj = department('CGJ');
    await h.env.sleep(MINUTE);
    await act(order.handle, 'acknowledge', { actor: cgj });
    const done = await act(order.handle, 'complete', { actor: cgj, reply: '已责令工地夜间停工' });
    const visit = clockOf(done, 'visit');
    expect(visit.dueAt).toBe(
      deadlineFor(done.completedAt!, order.intake.policy.returnVisitLimit, order.intake.calendar),
    );
    return { ...order, visitDue: visit.dueAt! };
  }

  it('is met when the citizen is reached in time', async () => {
    const { handle } = await completedOrder();
    await h.env.sleep(DAY);
    const closed = await act(handle, 'recordVisit', {
      actor: visitor,
      satisfaction: 'satisfied',
      resolution: 'resolved',
    });
    expect(clockOf(closed, 'visit')).toMatchObject({ breachedAt: null, stoppedAt: closed.closedAt });
    expect(closed).toMatchObject({ closureCode: 'resolved', slaState: 'on_track', escalationLevel: 0 });
    await expectClosedAndRecorded(h, handle);
  });

  it('reminds and breaches when nobody reaches the citizen in time', async () => {
    const { intake, handle, visitDue } = await completedOrder();
    await sleepUntil_(visitDue - MINUTE);
    const before = await orderView(handle);
    expect(clockOf(before, 'visit')).toMatchObject({ breachedAt: null, slaState: 'at_risk' });
    expect(before.escalationLevel).toBe(1);
    await sleepUntil_(visitDue + MINUTE);
    const after = await orderView(handle);
    expect(clockOf(after, 'visit').breachedAt).toBe(visitDue);
    expect(after).toMatchObject({ state: 'completed', slaState: 'breached', escalationLevel: 2 });
    await settledAudit(h.db, handle);
    expect(await clockEvents(intake.orderId, 'clock_breached', 'visit')).toHaveLength(1);
    await act(handle, 'recordVisit', { actor: visitor, satisfaction: 'satisfied', resolution: 'resolved' });
    await expectClosedAndRecorded(h, handle);
  });
});

describe('a paused clock', () => {
  it('does not count paused time: the breach moves by exactly the paused duration', async () => {
    const { intake, handle } = await h.startOrder(gasLeak);
    const t0 = intake.receivedAt;
    await h.env.sleep(MINUTE);
    await act(handle, 'acknowledge', { actor: department('GAS') });
    await sleepUntil_(t0 + 30 * MINUTE);
    const paused = await act(handle, 'pauseClock', {
      actor: coordinator,
      clock: 'handling',
      reason: '等待群众补充现场照片',
    });
    expect(clockOf(paused, 'handling')).toMatchObject({
      paused: true,
      dueAt: null,
      pausedReason: '等待群众补充现场照片',
    });
    expect(paused.slaState).toBe('paused');

    await sleepUntil_(t0 + 30 * MINUTE + 3 * HOUR);
    const still = await orderView(handle);
    expect(still).toMatchObject({ slaState: 'paused', escalationLevel: 0 });
    expect(clockOf(still, 'handling').remainingMs).toBe(clockOf(paused, 'handling').remainingMs);

    const resumed = await act(handle, 'resumeClock', { actor: coordinator, clock: 'handling', reason: '照片已补充' });
    const rows = await settledAudit(h.db, handle);
    const pausedAt = rows.find((r) => r.type === 'clock_paused')!.at.getTime();
    const resumedAt = rows.find((r) => r.type === 'clock_resumed')!.at.getTime();
    const due = t0 + 2 * HOUR + (resumedAt - pausedAt);
    expect(clockOf(resumed, 'handling')).toMatchObject({ paused: false, dueAt: due });
    expect(resumed.slaState).toBe('on_track');

    await sleepUntil_(due - MINUTE);
    expect(clockOf(await orderView(handle), 'handling').breachedAt).toBeNull();
    await sleepUntil_(due + MINUTE);
    expect(clockOf(await orderView(handle), 'handling').breachedAt).toBe(due);
    await settledAudit(h.db, handle);
    // Reminders count running time only: 60 and 90 of the 120 minutes.
    const consumed = pausedAt - t0;
    const warnings = await clockEvents(intake.orderId, 'clock_warning', 'handling');
    expect(warnings.map((w) => w.data.dueAt)).toEqual([
      resumedAt + HOUR - consumed,
      resumedAt + 90 * MINUTE - consumed,
    ]);

    await closeByCoordinator(handle);
    await expectClosedAndRecorded(h, handle);
    await recordHistory(h, handle, 'pause-resume');
  });
});

describe('a deadline that changes while the clock runs', () => {
  it('follows a granted extension (延期), and stays put when one is denied', async () => {
    const { intake, handle } = await h.startOrder(waterOutage);
    const water = department('WATER');
    const t0 = intake.receivedAt;
    const due = t0 + 12 * HOUR;
    expect(clockOf(await orderView(handle), 'handling').dueAt).toBe(due);
    await h.env.sleep(MINUTE);
    await act(handle, 'acknowledge', { actor: water });

    const requested = await act(handle, 'requestExtension', {
      actor: water,
      newDueAt: due + 6 * HOUR,
      reason: '需更换主管道，等待材料',
    });
    expect(requested).toMatchObject({
      state: 'extension_requested',
      pendingExtension: { requestedBy: 'WATER', newDueAt: due + 6 * HOUR },
    });
    expect(clockOf(requested, 'handling').dueAt).toBe(due);
    const granted = await act(handle, 'decideExtension', { actor: coordinator, grant: true, reason: '理由充分' });
    expect(granted).toMatchObject({ state: 'acknowledged', pendingExtension: null });
    expect(clockOf(granted, 'handling').dueAt).toBe(due + 6 * HOUR);

    await sleepUntil_(due + MINUTE);
    expect(clockOf(await orderView(handle), 'handling').breachedAt).toBeNull();
    await sleepUntil_(due + 6 * HOUR - MINUTE);
    expect(clockOf(await orderView(handle), 'handling').breachedAt).toBeNull();
    await sleepUntil_(due + 6 * HOUR + MINUTE);
    expect(clockOf(await orderView(handle), 'handling').breachedAt).toBe(due + 6 * HOUR);

    const asked = await h.now();
    await act(handle, 'requestExtension', { actor: water, newDueAt: asked + 2 * DAY, reason: '再申请延期' });
    const denied = await act(handle, 'decideExtension', {
      actor: coordinator,
      grant: false,
      reason: '已超期，不予延期',
    });
    expect(denied).toMatchObject({ state: 'acknowledged', pendingExtension: null, slaState: 'breached' });
    expect(clockOf(denied, 'handling')).toMatchObject({ dueAt: due + 6 * HOUR, breachedAt: due + 6 * HOUR });

    await closeByCoordinator(handle);
    const rows = await expectClosedAndRecorded(h, handle);
    expect(rows.find((r) => r.type === 'extension_granted')).toMatchObject({
      reason: '理由充分',
      data: { from: due, to: due + 6 * HOUR },
    });
    expect(rows.find((r) => r.type === 'extension_denied')!.reason).toBe('已超期，不予延期');
  });

  it("follows a coordinator's new deadline, earlier or later", async () => {
    const { intake, handle } = await h.startOrder(gasLeak);
    await h.env.sleep(MINUTE);
    await act(handle, 'acknowledge', { actor: department('GAS') });
    const shortened = (await h.now()) + 20 * MINUTE;
    const set = await act(handle, 'setDeadline', {
      actor: coordinator,
      clock: 'handling',
      dueAt: shortened,
      reason: '现场有人员被困，限20分钟内到场',
    });
    expect(clockOf(set, 'handling').dueAt).toBe(shortened);
    await sleepUntil_(shortened - MINUTE);
    expect(clockOf(await orderView(handle), 'handling').breachedAt).toBeNull();
    await sleepUntil_(shortened + MINUTE);
    const breached = await orderView(handle);
    expect(clockOf(breached, 'handling').breachedAt).toBe(shortened);
    expect(breached.escalationLevel).toBe(2);

    const later = (await h.now()) + HOUR;
    await act(handle, 'setDeadline', { actor: coordinator, clock: 'handling', dueAt: later, reason: '重新限定时限' });
    await sleepUntil_(later - MINUTE);
    expect(clockOf(await orderView(handle), 'handling').breachedAt).toBeNull();
    await sleepUntil_(later + MINUTE);
    const again = await orderView(handle);
    expect(clockOf(again, 'handling').breachedAt).toBe(later);
    expect(again.escalationLevel).toBe(3);

    await closeByCoordinator(handle);
    const rows = await expectClosedAndRecorded(h, handle);
    expect(rows.filter((r) => r.type === 'deadline_set').map((r) => r.data.to)).toEqual([shortened, later]);
    expect(intake.orderId).toBe(handle.workflowId);
  });
});

describe('working-day deadlines across a Golden Week with its make-up Saturday', () => {
  const DAY_MS = DAY;
  const dayIndex = (ms: number) => Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
  const dayStart = (index: number) => index * DAY_MS - CHINA_OFFSET_MS;
  const iso = (index: number) => chinaDay(dayStart(index));

  it('skips the holiday week, counts the make-up Saturday, and breaches exactly at the deadline', async () => {
    // A synthetic calendar around the server's (real) today: Thursday to Wednesday off, the Saturday after worked.
    const today = dayIndex(await h.now());
    let thursday = today + 2;
    while (new Date(dayStart(thursday) + CHINA_OFFSET_MS).getUTCDay() !== 4) thursday++;
    const holidays = Array.from({ length: 7 }, (_, i) => iso(thursday + i));
    const makeupSaturday = thursday + 9;
    const calendar: WorkCalendar = { holidays, makeupWorkdays: [iso(makeupSaturday)] };
    expect(isWorkingDay(iso(makeupSaturday), calendar)).toBe(true);
    // As many working days as it takes, from today, to end on the make-up Saturday.
    let amount = 0;
    for (let d = today + 1; d <= makeupSaturday; d++) if (isWorkingDay(iso(d), calendar)) amount++;
    const limit: Limit = { unit: 'working_days', amount };

    const { handle } = await h.startOrder(
      { ...noiseComplaint, assistingUnits: [] },
      { calendar, categoryLimit: limit },
    );
    const handling = clockOf(await orderView(handle), 'handling');
    const due = deadlineFor(handling.startedAt, limit, calendar);
    expect(handling.dueAt).toBe(due);
    expect(chinaDay(due - 1)).toBe(iso(makeupSaturday));
    expect(due).toBeGreaterThan(deadlineFor(handling.startedAt, limit, { holidays: [], makeupWorkdays: [] }));
    expect(due).toBeLessThan(deadlineFor(handling.startedAt, limit, { holidays, makeupWorkdays: [] }));
    const described = await handle.describe();
    expect(described.typedSearchAttributes.get(SA.handlingDueAt)?.getTime()).toBe(due);

    await h.env.sleep(MINUTE);
    await act(handle, 'acknowledge', { actor: department('CGJ') });
    // No working time passes during the holidays.
    await sleepUntil_(dayStart(thursday) + 12 * HOUR);
    const inHoliday = clockOf(await orderView(handle), 'handling').remainingMs;
    await sleepUntil_(dayStart(thursday + 6) + 12 * HOUR);
    expect(clockOf(await orderView(handle), 'handling').remainingMs).toBe(inHoliday);

    await sleepUntil_(due - MINUTE);
    const before = await orderView(handle);
    expect(clockOf(before, 'handling')).toMatchObject({ breachedAt: null, slaState: 'at_risk' });
    await sleepUntil_(due + MINUTE);
    expect(clockOf(await orderView(handle), 'handling').breachedAt).toBe(due);

    await settledAudit(h.db, handle);
    const warnings = await clockEvents(handle.workflowId, 'clock_warning', 'handling');
    expect(warnings.map((w) => w.data.dueAt)).toEqual([
      deadlineFor(handling.startedAt, { unit: 'working_days', amount: amount / 2 }, calendar),
      deadlineFor(handling.startedAt, { unit: 'working_days', amount: (amount * 3) / 4 }, calendar),
    ]);
    const [breach] = await clockEvents(handle.workflowId, 'clock_breached', 'handling');
    expect(breach!.data.dueAt).toBe(due);
    await closeByCoordinator(handle);
    await expectClosedAndRecorded(h, handle);
  });
});
