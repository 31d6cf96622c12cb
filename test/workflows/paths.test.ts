/**
 * Every path of the lifecycle (SPEC §2) on the time-skipping server with the real worker and database:
 * each ends with the audit trail complete (seq 1..n) and the read model matching the final view.
 * Some of these workflows' histories are recorded for the replay test (RECORD_HISTORIES=1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalOf } from '../../domain/refusals';
import { REJECTION } from '../../workflows/messages';
import { SA } from '../../workflows/search-attributes';
import { orderView } from '../../support';
import {
  consultation,
  department,
  gasLeak,
  noiseComplaint,
  operator,
  unclassifiedHelp,
  waterOutage,
} from '../helpers/orders';
import {
  act,
  clockOf,
  coordinator,
  expectClosedAndRecorded,
  expectRejected,
  HOUR,
  MINUTE,
  recordHistory,
  settledAudit,
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

const cgj = department('CGJ');
const satisfied = { actor: visitor, satisfaction: 'satisfied', resolution: 'resolved' } as const;
const unhappy = { actor: visitor, satisfaction: 'dissatisfied', resolution: 'unresolved' } as const;
const types = async (handle: OrderHandle) => (await settledAudit(h.db, handle)).map((r) => r.type);

async function acknowledgedNoise(body = noiseComplaint) {
  const order = await h.startOrder(body);
  await act(order.handle, 'acknowledge', { actor: cgj });
  return order;
}

describe('intake', () => {
  it('answers a consultation directly from a knowledge-base article (直接答复)', async () => {
    const { handle } = await h.startOrder(consultation);
    const received = await orderView(handle);
    expect(received).toMatchObject({ state: 'received', orderType: 'consultation', leadUnit: null });
    const answered = await act(handle, 'answer', {
      actor: operator,
      articleId: 'KB0001',
      reply: '可通过江滨通APP挂失，并到政务服务中心即时补办。',
    });
    expect(answered).toMatchObject({
      state: 'closed',
      closureCode: 'answered',
      closure: { code: 'answered', articleId: 'KB0001' },
      reply: '可通过江滨通APP挂失，并到政务服务中心即时补办。',
    });
    expect(clockOf(answered, 'response')).toMatchObject({ breachedAt: null, stoppedAt: answered.closedAt });
    const rows = await expectClosedAndRecorded(h, handle);
    expect(rows.map((r) => r.type)).toEqual(['received', 'answered', 'closed']);
    expect(rows[1]).toMatchObject({ actorRole: 'operator', data: { articleId: 'KB0001' } });
    await recordHistory(h, handle, 'direct-answer');
  });

  it('refers a request outside government remit to its channel', async () => {
    const { handle } = await h.startOrder({ ...noiseComplaint, description: '邻居欠我钱不还，要求政府帮我追讨' });
    const referred = await act(handle, 'refer', {
      actor: operator,
      channel: 'litigation',
      reply: '属民间借贷纠纷，请通过人民法院诉讼解决。',
    });
    expect(referred).toMatchObject({ closureCode: 'referred', closure: { referredTo: 'litigation' } });
    const rows = await expectClosedAndRecorded(h, handle);
    expect(rows.find((r) => r.type === 'referred')!.data).toEqual({ channel: 'litigation' });
  });

  it('closes a withdrawn request with the reason', async () => {
    const { handle } = await acknowledgedNoise();
    const withdrawn = await act(handle, 'withdraw', { actor: operator, reason: '市民来电表示工地已停工，撤回诉求' });
    expect(withdrawn).toMatchObject({
      closureCode: 'withdrawn',
      closure: { reason: '市民来电表示工地已停工，撤回诉求' },
    });
    await expectClosedAndRecorded(h, handle);
  });
});

describe('handling', () => {
  it('classify → dispatch → acknowledge → complete → satisfied → closed resolved', async () => {
    const { handle } = await h.startOrder(unclassifiedHelp);
    expect(await orderView(handle)).toMatchObject({ state: 'received', leadUnit: null, category: null });
    await act(handle, 'classify', {
      actor: operator,
      orderType: 'help',
      category: 'manhole_cover_missing',
      categoryName: '井盖缺失/破损',
      urgency: 'urgent',
      handlingClass: 'general',
      categoryLimit: null,
    });
    const dispatched = await act(handle, 'dispatch', { actor: operator, leadUnit: 'CGJ', assistingUnits: ['WATER'] });
    expect(dispatched).toMatchObject({ state: 'dispatched', leadUnit: 'CGJ', category: 'manhole_cover_missing' });
    expect(dispatched.assistingUnits.map((a) => a.unit)).toEqual(['WATER']);

    await h.env.sleep(5 * MINUTE);
    const signed = await act(handle, 'acknowledge', { actor: cgj, note: '已派人前往' });
    expect(signed).toMatchObject({ state: 'acknowledged', acknowledgedAt: expect.any(Number) });
    expect(clockOf(signed, 'response').breachedAt).toBeNull();
    await act(handle, 'acknowledge', { actor: department('WATER') });
    await act(handle, 'addNote', { actor: cgj, note: '现场已设置警示标志' });
    await act(handle, 'contribute', { actor: department('WATER'), note: '井盖属供水公司资产，已安排更换' });
    await h.env.sleep(2 * 60 * MINUTE);
    const completed = await act(handle, 'complete', { actor: cgj, reply: '井盖已更换并加固' });
    expect(completed).toMatchObject({ state: 'completed', reply: '井盖已更换并加固' });
    expect(clockOf(completed, 'handling')).toMatchObject({ breachedAt: null, stoppedAt: completed.completedAt });
    expect(completed.notes.map((n) => [n.unit, n.kind])).toEqual([
      ['CGJ', 'progress'],
      ['WATER', 'contribution'],
    ]);

    const closed = await act(handle, 'recordVisit', { ...satisfied, comment: '处理很及时' });
    expect(closed).toMatchObject({
      state: 'closed',
      closureCode: 'resolved',
      escalationLevel: 0,
      slaState: 'on_track',
    });
    expect(closed.visits).toMatchObject([{ satisfaction: 'satisfied', resolution: 'resolved', comment: '处理很及时' }]);
    const rows = await expectClosedAndRecorded(h, handle);
    expect(rows.map((r) => r.type)).toEqual([
      'received',
      'classified',
      'dispatched',
      'acknowledged',
      'assist_acknowledged',
      'note_added',
      'assist_contributed',
      'completed',
      'visit_recorded',
      'closed',
    ]);
    expect(rows[3]).toMatchObject({ actorRole: 'department', actorUnit: 'CGJ', reason: '已派人前往' });
    await recordHistory(h, handle, 'dispatch-resolve');
  });

  it('return (退单) → ruling → reassigned to another lead unit with fresh clocks', async () => {
    const { handle } = await acknowledgedNoise();
    const returned = await act(handle, 'returnOrder', { actor: cgj, reason: '属市场监管局职责' });
    expect(returned).toMatchObject({ state: 'returned', returns: 1, leadUnit: 'CGJ' });
    await h.env.sleep(30 * MINUTE);
    const ruled = await act(handle, 'rule', {
      actor: coordinator,
      decision: 'reassign',
      leadUnit: 'SCJG',
      reason: '经核实属市场监管局职责',
    });
    expect(ruled).toMatchObject({ state: 'dispatched', leadUnit: 'SCJG', acknowledgedAt: null, escalationLevel: 0 });
    expect(ruled.assistingUnits.map((a) => a.unit)).toEqual(['ZJJ', 'STHJ']);
    const response = clockOf(ruled, 'response');
    expect(response.stoppedAt).toBeNull();
    expect(response.dueAt! - response.startedAt).toBe(15 * MINUTE);
    expect(clockOf(ruled, 'handling').startedAt).toBe(response.startedAt);
    expect(clockOf(ruled, 'ruling').breachedAt).toBeNull();

    await act(handle, 'acknowledge', { actor: department('SCJG') });
    await act(handle, 'complete', { actor: department('SCJG'), reply: '已处理' });
    await act(handle, 'recordVisit', satisfied);
    const rows = await expectClosedAndRecorded(h, handle);
    expect(rows.find((r) => r.type === 'ruled')).toMatchObject({
      actorRole: 'coordinator',
      reason: '经核实属市场监管局职责',
      data: { decision: 'reassign', leadUnit: 'SCJG' },
    });
    expect(rows.find((r) => r.type === 'redispatched')!.data).toMatchObject({ leadUnit: 'SCJG' });
  });

  it('escalates to L3 when returned more than twice', async () => {
    const { handle } = await acknowledgedNoise();
    for (let i = 1; i <= 2; i++) {
      await act(handle, 'returnOrder', { actor: cgj, reason: `第${i}次退单` });
      const kept = await act(handle, 'rule', { actor: coordinator, decision: 'keep', reason: '维持原派单' });
      expect(kept).toMatchObject({ state: 'acknowledged', escalationLevel: 0, returns: i });
    }
    const third = await act(handle, 'returnOrder', { actor: cgj, reason: '第3次退单' });
    expect(third).toMatchObject({ state: 'escalated', escalationLevel: 3, returns: 3 });
    expect(third.escalations).toMatchObject([{ level: 3, cause: 'returned more than 2 times' }]);
    await act(handle, 'rule', { actor: coordinator, decision: 'keep', reason: '高位协调后维持' });
    expect((await orderView(handle)).state).toBe('escalated');
    await act(handle, 'forceClose', { actor: coordinator, reason: '高位协调会议已明确处置方案，结案' });
    await expectClosedAndRecorded(h, handle);
  });

  it('coordinators add and remove assisting units, each with its own clock', async () => {
    const { handle } = await acknowledgedNoise();
    const added = await act(handle, 'addAssisting', { actor: coordinator, unit: 'JTJ', reason: '涉及道路占用' });
    expect(added.assistingUnits.map((a) => a.unit)).toEqual(['ZJJ', 'STHJ', 'JTJ']);
    expect(clockOf(added, 'assist', 'JTJ').stoppedAt).toBeNull();
    const removed = await act(handle, 'removeAssisting', { actor: coordinator, unit: 'ZJJ', reason: '不涉及住建' });
    expect(removed.assistingUnits.map((a) => a.unit)).toEqual(['STHJ', 'JTJ']);
    expect(removed.clocks.some((c) => c.subject === 'ZJJ')).toBe(false);
    await act(handle, 'contribute', { actor: department('JTJ'), note: '已协调交警' });
    await act(handle, 'forceClose', { actor: coordinator, reason: '测试结束' });
    const rows = await expectClosedAndRecorded(h, handle);
    expect(rows.filter((r) => r.type.startsWith('assisting_')).map((r) => [r.type, r.data.unit])).toEqual([
      ['assisting_added', 'JTJ'],
      ['assisting_removed', 'ZJJ'],
    ]);
  });

  it('coordinators hold every clock of an order and resume it, with a reason', async () => {
    const { handle } = await h.startOrder(waterOutage);
    const held = await act(handle, 'pauseClock', { actor: coordinator, reason: '等待市民提供户号' });
    expect(held.slaState).toBe('paused');
    expect(held.clocks.filter((c) => c.paused).map((c) => c.kind)).toEqual(['response', 'handling']);
    await h.env.sleep(60 * MINUTE);
    const resumed = await act(handle, 'resumeClock', { actor: coordinator, reason: '户号已提供' });
    expect(resumed.clocks.every((c) => !c.paused)).toBe(true);
    expect(clockOf(resumed, 'response').remainingMs).toBeGreaterThan(14 * MINUTE);
    await act(handle, 'acknowledge', { actor: department('WATER') });
    await act(handle, 'forceClose', { actor: coordinator, reason: '测试结束' });
    const rows = await expectClosedAndRecorded(h, handle);
    expect(rows.filter((r) => r.type === 'clock_paused').map((r) => r.data.clock)).toEqual(['response', 'handling']);
  });

  it('coordinators escalate and de-escalate; L3 shows the order as escalated', async () => {
    const { handle } = await acknowledgedNoise();
    const up = await act(handle, 'escalate', { actor: coordinator, level: 3, reason: '涉及多部门，提请高位协调' });
    expect(up).toMatchObject({ state: 'escalated', escalationLevel: 3 });
    const described = await handle.describe();
    expect(described.typedSearchAttributes.get(SA.orderState)).toBe('escalated');
    expect(described.typedSearchAttributes.get(SA.escalationLevel)).toBe(3);
    const down = await act(handle, 'deescalate', { actor: coordinator, level: 1, reason: '牵头单位已明确' });
    expect(down).toMatchObject({ state: 'acknowledged', escalationLevel: 1 });
    expect(down.escalations.map((e) => [e.level, e.cause])).toEqual([
      [3, '涉及多部门，提请高位协调'],
      [1, '牵头单位已明确'],
    ]);
    await act(handle, 'forceClose', { actor: coordinator, reason: '测试结束' });
    const rows = await expectClosedAndRecorded(h, handle);
    expect(rows.find((r) => r.type === 'escalated')).toMatchObject({
      actorRole: 'coordinator',
      data: { from: 0, to: 3 },
    });
  });
});

describe('return visit (回访)', () => {
  it('reopens a dissatisfied, unresolved case to the same unit, then closes it resolved', async () => {
    const { handle } = await acknowledgedNoise();
    const first = await act(handle, 'complete', { actor: cgj, reply: '已要求工地整改' });
    await h.env.sleep(60 * MINUTE);
    const reopened = await act(handle, 'recordVisit', { ...unhappy, comment: '晚上还在施工' });
    expect(reopened).toMatchObject({ state: 'reopened', reopens: 1, leadUnit: 'CGJ', completedAt: null });
    const handling = clockOf(reopened, 'handling');
    expect(handling).toMatchObject({ stoppedAt: null, breachedAt: null });
    expect(handling.startedAt).toBeGreaterThan(first.completedAt!);
    await act(handle, 'complete', { actor: cgj, reply: '已对工地立案处罚，夜间停工' });
    const closed = await act(handle, 'recordVisit', satisfied);
    expect(closed).toMatchObject({ closureCode: 'resolved', reopens: 1, escalationLevel: 0 });
    expect(closed.visits.map((v) => v.satisfaction)).toEqual(['dissatisfied', 'satisfied']);
    expect(await types(handle)).toContain('reopened');
    await expectClosedAndRecorded(h, handle);
  });

  it('escalates to L3 on the third reopen (more than two), shown as escalated while open', async () => {
    const { handle } = await acknowledgedNoise({ ...noiseComplaint, assistingUnits: [] });
    for (let i = 1; i <= 3; i++) {
      await act(handle, 'complete', { actor: cgj, reply: `第${i}次办结` });
      const v = await act(handle, 'recordVisit', unhappy);
      expect(v).toMatchObject({
        reopens: i,
        escalationLevel: i <= 2 ? 0 : 3,
        state: i <= 2 ? 'reopened' : 'escalated',
      });
    }
    const l3 = await orderView(handle);
    expect(l3.escalations).toMatchObject([{ level: 3, cause: 'reopened more than 2 times' }]);
    expect((await handle.describe()).typedSearchAttributes.get(SA.orderState)).toBe('escalated');
    const completed = await act(handle, 'complete', { actor: cgj, reply: '高位协调后彻底整改' });
    expect(completed.state).toBe('completed');
    const closed = await act(handle, 'forceClose', { actor: coordinator, reason: '经高位协调已彻底解决，强制结案' });
    expect(closed).toMatchObject({
      closureCode: 'force_closed',
      closure: { reason: '经高位协调已彻底解决，强制结案' },
    });
    await expectClosedAndRecorded(h, handle);
    await recordHistory(h, handle, 'reopen-escalate-force-close');
  });

  it('closes unreachable after the policy number of failed attempts', async () => {
    const { intake, handle } = await acknowledgedNoise();
    await act(handle, 'complete', { actor: cgj, reply: '已处理' });
    const max = intake.policy.maxVisitAttempts;
    expect(max).toBe(3);
    for (let i = 1; i < max; i++) {
      const v = await act(handle, 'recordFailedAttempt', { actor: visitor, note: `第${i}次电话无人接听` });
      expect(v).toMatchObject({ state: 'return_visit', visitAttempts: i });
    }
    const closed = await act(handle, 'recordFailedAttempt', { actor: visitor, note: '第3次电话无人接听' });
    expect(closed).toMatchObject({ state: 'closed', closureCode: 'unreachable', visitAttempts: max });
    const rows = await expectClosedAndRecorded(h, handle);
    expect(rows.at(-1)).toMatchObject({ actorRole: 'system', reason: 'citizen unreachable after 3 attempts' });
  });
});

describe('repeated requests (并单)', () => {
  it('links duplicates to the primary: contacts rise, urgency rises at the third, duplicates close merged', async () => {
    const primary = await h.startOrder(noiseComplaint);
    expect(primary.intake.urgency).toBe('urgent');
    const before = await orderView(primary.handle);
    const merge = async (channel: 'web' | 'app') => {
      const dup = await h.startOrder({ ...noiseComplaint, channel });
      const merged = await act(dup.handle, 'mergeInto', { actor: operator, primaryOrderId: primary.intake.orderId });
      expect(merged).toMatchObject({ closureCode: 'merged', closure: { mergedInto: primary.intake.orderId } });
      await expectClosedAndRecorded(h, dup.handle);
      return dup;
    };

    const first = await merge('web');
    await expect.poll(async () => (await orderView(primary.handle)).contacts.length).toBe(1);
    expect((await orderView(primary.handle)).urgency).toBe('urgent');
    const second = await merge('app');
    await expect.poll(async () => (await orderView(primary.handle)).contacts.length).toBe(2);
    const raised = await orderView(primary.handle);
    expect(raised.urgency).toBe('emergency');
    // The emergency limit (2 hours) now runs, from the raise: sooner than the 3 working days it had.
    const handling = clockOf(raised, 'handling');
    expect(handling.dueAt! - handling.startedAt).toBe(2 * HOUR);
    expect(handling.startedAt).toBeGreaterThanOrEqual(second.intake.receivedAt);
    expect(handling.dueAt).toBeLessThan(clockOf(before, 'handling').dueAt!);
    expect(raised.contacts).toEqual([
      { orderId: first.intake.orderId, channel: 'web', at: first.intake.receivedAt },
      { orderId: second.intake.orderId, channel: 'app', at: second.intake.receivedAt },
    ]);
    expect((await primary.handle.describe()).typedSearchAttributes.get(SA.urgency)).toBe('emergency');
    const rows = await settledAudit(h.db, primary.handle);
    expect(rows.filter((r) => r.type === 'contact_merged').map((r) => r.data)).toEqual([
      { contactOrderId: first.intake.orderId, contacts: 2 },
      { contactOrderId: second.intake.orderId, contacts: 3 },
    ]);
    expect(rows.find((r) => r.type === 'urgency_raised')).toMatchObject({
      reason: '3 contacts about the same matter',
      data: { from: 'urgent', to: 'emergency', handlingDueAt: handling.dueAt },
    });
    expect((await primary.handle.describe()).typedSearchAttributes.get(SA.handlingDueAt)?.getTime()).toBe(
      handling.dueAt,
    );

    await act(primary.handle, 'acknowledge', { actor: cgj });
    await act(primary.handle, 'complete', { actor: cgj, reply: '已处理' });
    await act(primary.handle, 'recordVisit', satisfied);
    await expectClosedAndRecorded(h, primary.handle);
    await recordHistory(h, primary.handle, 'merge-primary');
    await recordHistory(h, second.handle, 'merge-duplicate');
  });

  it('does not close a duplicate whose primary cannot take the contact', async () => {
    const closedPrimary = await h.startOrder(gasLeak);
    await act(closedPrimary.handle, 'forceClose', { actor: coordinator, reason: '测试：已结案的主单' });
    await h.result(closedPrimary.handle);
    for (const primaryOrderId of ['WO-DOES-NOT-EXIST', closedPrimary.intake.orderId]) {
      const dup = await h.startOrder(noiseComplaint);
      const before = await orderView(dup.handle);
      const refused = await expectRejected(
        act(dup.handle, 'mergeInto', { actor: operator, primaryOrderId }),
        REJECTION.ruleViolation,
      );
      expect(refused.message).toBe(refusalOf('merge_target_not_open').message);
      expect(refused.details).toEqual([{ code: 'merge_target_not_open', field: 'primaryOrderId' }]);
      const after = await orderView(dup.handle);
      expect(after).toMatchObject({ state: 'dispatched', closureCode: null, lastSeq: before.lastSeq });
      expect(await types(dup.handle)).toEqual(['received', 'dispatched']);
    }
  });
});
