/**
 * Every Update validator rejects what it must — wrong role, unit not on the order, wrong state, bad
 * date, broken rule — with an ApplicationFailure of the right type, and the rejection changes nothing:
 * the same view and lastSeq from the workflow, the same rows in the audit table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/order';
import { REJECTION } from '../../workflows/messages';
import { auditTrail, orderView } from '../../support';
import { consultation, department, noiseComplaint, operator, unclassifiedHelp } from '../helpers/orders';
import {
  act,
  clockOf,
  coordinator,
  DAY,
  expectRejected,
  HOUR,
  settledAudit,
  stable,
  startHarness,
  visitor,
  type Harness,
  type Order,
} from '../helpers/workflows';

let h: Harness;
const cgj = department('CGJ');
const zjj = department('ZJJ'); // assisting on the noise complaints
const outsider = department('JYJ');
const auditor: Actor = { role: 'auditor', id: 'auditor-test', unit: 'CENTRE' };
const admin: Actor = { role: 'admin', id: 'admin-test', unit: 'CENTRE' };

/** One order in each position the cases need; no case may change any of them. */
const fixtures = {} as Record<
  'consultation' | 'unclassified' | 'dispatched' | 'acknowledged' | 'returned' | 'extension' | 'completed',
  Order
>;

beforeAll(async () => {
  h = await startHarness();
  const start = () => h.startOrder(noiseComplaint);
  fixtures.consultation = await h.startOrder(consultation);
  fixtures.unclassified = await h.startOrder(unclassifiedHelp);
  fixtures.dispatched = await start();
  fixtures.acknowledged = await start();
  await act(fixtures.acknowledged.handle, 'acknowledge', { actor: cgj });
  await act(fixtures.acknowledged.handle, 'acknowledge', { actor: zjj });
  fixtures.returned = await start();
  await act(fixtures.returned.handle, 'acknowledge', { actor: cgj });
  await act(fixtures.returned.handle, 'returnOrder', { actor: cgj, reason: '非本单位职责' });
  fixtures.extension = await start();
  await act(fixtures.extension.handle, 'acknowledge', { actor: cgj });
  const due = clockOf(await orderView(fixtures.extension.handle), 'handling').dueAt!;
  await act(fixtures.extension.handle, 'requestExtension', { actor: cgj, newDueAt: due + DAY, reason: '需要现场监测' });
  fixtures.completed = await start();
  await act(fixtures.completed.handle, 'acknowledge', { actor: cgj });
  await act(fixtures.completed.handle, 'complete', { actor: cgj, reply: '已处理' });
});
afterAll(async () => h?.close());

type Fixture = keyof typeof fixtures;
interface Case {
  name: string;
  on: Fixture;
  type: (typeof REJECTION)[keyof typeof REJECTION];
  run(order: Order): Promise<unknown>;
}

const reason = '测试';
const handlingDue = async (o: Order) => clockOf(await orderView(o.handle), 'handling').dueAt!;

const CASES: Case[] = [
  // ---- roles: the lifecycle table ----------------------------------------------------------
  {
    name: 'an operator signs for an order',
    on: 'dispatched',
    type: 'Forbidden',
    run: (o) => act(o.handle, 'acknowledge', { actor: operator }),
  },
  {
    name: 'a visitor completes an order',
    on: 'acknowledged',
    type: 'Forbidden',
    run: (o) => act(o.handle, 'complete', { actor: visitor, reply: '办结' }),
  },
  {
    name: 'a coordinator records a return visit',
    on: 'completed',
    type: 'Forbidden',
    run: (o) => act(o.handle, 'recordVisit', { actor: coordinator, satisfaction: 'satisfied', resolution: 'resolved' }),
  },
  {
    name: 'an operator rules on a dispute',
    on: 'returned',
    type: 'Forbidden',
    run: (o) => act(o.handle, 'rule', { actor: operator, decision: 'keep', reason }),
  },
  {
    name: 'the lead unit grants its own extension',
    on: 'extension',
    type: 'Forbidden',
    run: (o) => act(o.handle, 'decideExtension', { actor: cgj, grant: true, reason }),
  },
  {
    name: 'the lead unit force-closes',
    on: 'acknowledged',
    type: 'Forbidden',
    run: (o) => act(o.handle, 'forceClose', { actor: cgj, reason }),
  },
  {
    name: 'the lead unit reassigns itself away',
    on: 'acknowledged',
    type: 'Forbidden',
    run: (o) => act(o.handle, 'reassign', { actor: cgj, leadUnit: 'ZJJ', reason }),
  },
  {
    name: 'an auditor adds a note',
    on: 'acknowledged',
    type: 'Forbidden',
    run: (o) => act(o.handle, 'addNote', { actor: auditor, note: '备注' }),
  },
  {
    name: 'an admin escalates',
    on: 'acknowledged',
    type: 'Forbidden',
    run: (o) => act(o.handle, 'escalate', { actor: admin, level: 2, reason }),
  },
  // ---- units: only the lead or an assisting unit acts, and only the lead may do lead work ----
  {
    name: 'a unit not on the order signs for it',
    on: 'dispatched',
    type: 'NotOnOrder',
    run: (o) => act(o.handle, 'acknowledge', { actor: outsider }),
  },
  {
    name: 'a unit not on the order completes it',
    on: 'acknowledged',
    type: 'NotOnOrder',
    run: (o) => act(o.handle, 'complete', { actor: outsider, reply: '办结' }),
  },
  {
    name: 'a unit not on the order asks for an extension',
    on: 'acknowledged',
    type: 'NotOnOrder',
    run: async (o) =>
      act(o.handle, 'requestExtension', { actor: outsider, newDueAt: (await handlingDue(o)) + DAY, reason }),
  },
  {
    name: 'a unit not on the order tries a coordinator action',
    on: 'acknowledged',
    type: 'NotOnOrder',
    run: (o) => act(o.handle, 'forceClose', { actor: outsider, reason }),
  },
  {
    name: 'a department user without a unit adds a note',
    on: 'acknowledged',
    type: 'NotOnOrder',
    run: (o) => act(o.handle, 'addNote', { actor: { role: 'department', id: 'x', unit: null }, note: '备注' }),
  },
  {
    name: 'an assisting unit completes',
    on: 'acknowledged',
    type: 'Forbidden',
    run: (o) => act(o.handle, 'complete', { actor: zjj, reply: '办结' }),
  },
  {
    name: 'an assisting unit returns the order',
    on: 'acknowledged',
    type: 'Forbidden',
    run: (o) => act(o.handle, 'returnOrder', { actor: zjj, reason }),
  },
  {
    name: 'the lead unit contributes as if assisting',
    on: 'acknowledged',
    type: 'Forbidden',
    run: (o) => act(o.handle, 'contribute', { actor: cgj, note: '意见' }),
  },
  // ---- states ----------------------------------------------------------------------------------
  {
    name: 'the lead unit completes before signing',
    on: 'dispatched',
    type: 'WrongState',
    run: (o) => act(o.handle, 'complete', { actor: cgj, reply: '办结' }),
  },
  {
    name: 'the lead unit signs twice',
    on: 'acknowledged',
    type: 'WrongState',
    run: (o) => act(o.handle, 'acknowledge', { actor: cgj }),
  },
  {
    name: 'an assisting unit signs twice',
    on: 'acknowledged',
    type: 'WrongState',
    run: (o) => act(o.handle, 'acknowledge', { actor: zjj }),
  },
  {
    name: 'a return visit before completion',
    on: 'acknowledged',
    type: 'WrongState',
    run: (o) => act(o.handle, 'recordVisit', { actor: visitor, satisfaction: 'satisfied', resolution: 'resolved' }),
  },
  {
    name: 'a ruling with no dispute',
    on: 'acknowledged',
    type: 'WrongState',
    run: (o) => act(o.handle, 'rule', { actor: coordinator, decision: 'keep', reason }),
  },
  {
    name: 'an extension decision with no request',
    on: 'acknowledged',
    type: 'WrongState',
    run: (o) => act(o.handle, 'decideExtension', { actor: coordinator, grant: true, reason }),
  },
  {
    name: 'a second extension request while one is pending',
    on: 'extension',
    type: 'WrongState',
    run: async (o) =>
      act(o.handle, 'requestExtension', { actor: cgj, newDueAt: (await handlingDue(o)) + 2 * DAY, reason }),
  },
  {
    name: 'resuming when nothing is paused',
    on: 'acknowledged',
    type: 'WrongState',
    run: (o) => act(o.handle, 'resumeClock', { actor: coordinator, reason }),
  },
  {
    name: 'a new deadline for a clock already met',
    on: 'acknowledged',
    type: 'WrongState',
    run: async (o) =>
      act(o.handle, 'setDeadline', { actor: coordinator, clock: 'response', dueAt: (await h.now()) + HOUR, reason }),
  },
  {
    name: 'referring an order already being handled',
    on: 'acknowledged',
    type: 'WrongState',
    run: (o) => act(o.handle, 'refer', { actor: operator, channel: 'litigation', reply: '请诉讼' }),
  },
  {
    name: 'returning a completed order',
    on: 'completed',
    type: 'WrongState',
    run: (o) => act(o.handle, 'returnOrder', { actor: cgj, reason }),
  },
  {
    name: 'classifying a dispatched order',
    on: 'dispatched',
    type: 'WrongState',
    run: (o) =>
      act(o.handle, 'classify', {
        actor: operator,
        orderType: 'complaint',
        category: 'street_vending',
        categoryName: '占道经营',
        urgency: 'normal',
        handlingClass: 'general',
        categoryLimit: null,
      }),
  },
  {
    name: 'withdrawing a completed order',
    on: 'completed',
    type: 'WrongState',
    run: (o) => act(o.handle, 'withdraw', { actor: operator, reason }),
  },
  // ---- dates -----------------------------------------------------------------------------------
  {
    name: 'an extension to a past date',
    on: 'acknowledged',
    type: 'RuleViolation',
    run: async (o) => act(o.handle, 'requestExtension', { actor: cgj, newDueAt: (await h.now()) - HOUR, reason }),
  },
  {
    name: 'an extension ending before the current deadline',
    on: 'acknowledged',
    type: 'RuleViolation',
    run: async (o) =>
      act(o.handle, 'requestExtension', { actor: cgj, newDueAt: (await handlingDue(o)) - HOUR, reason }),
  },
  {
    name: 'an extension to no date at all',
    on: 'acknowledged',
    type: 'RuleViolation',
    run: (o) => act(o.handle, 'requestExtension', { actor: cgj, newDueAt: Number.NaN, reason }),
  },
  {
    name: 'a coordinator deadline in the past',
    on: 'acknowledged',
    type: 'RuleViolation',
    run: async (o) =>
      act(o.handle, 'setDeadline', { actor: coordinator, clock: 'handling', dueAt: (await h.now()) - HOUR, reason }),
  },
  {
    name: 'granting an extension to a past date',
    on: 'extension',
    type: 'RuleViolation',
    run: async (o) =>
      act(o.handle, 'decideExtension', { actor: coordinator, grant: true, newDueAt: (await h.now()) - 1, reason }),
  },
  // ---- rules -----------------------------------------------------------------------------------
  {
    name: 'dispatching a consultation',
    on: 'consultation',
    type: 'RuleViolation',
    run: (o) => act(o.handle, 'dispatch', { actor: operator, leadUnit: 'RSJ', assistingUnits: [] }),
  },
  {
    name: 'answering a help request from the knowledge base',
    on: 'unclassified',
    type: 'RuleViolation',
    run: (o) => act(o.handle, 'answer', { actor: operator, articleId: 'KB0001', reply: '答复' }),
  },
  {
    name: 'classifying a work order without a category',
    on: 'unclassified',
    type: 'RuleViolation',
    run: (o) =>
      act(o.handle, 'classify', {
        actor: operator,
        orderType: 'help',
        category: null,
        categoryName: null,
        urgency: 'normal',
        handlingClass: 'general',
        categoryLimit: null,
      }),
  },
  {
    name: 'dispatching with the lead unit also assisting',
    on: 'unclassified',
    type: 'RuleViolation',
    run: (o) => act(o.handle, 'dispatch', { actor: operator, leadUnit: 'CGJ', assistingUnits: ['CGJ'] }),
  },
  {
    name: 'merging an order into itself',
    on: 'dispatched',
    type: 'RuleViolation',
    run: (o) => act(o.handle, 'mergeInto', { actor: operator, primaryOrderId: o.intake.orderId }),
  },
  {
    name: 'a ruling that reassigns to the same unit',
    on: 'returned',
    type: 'RuleViolation',
    run: (o) => act(o.handle, 'rule', { actor: coordinator, decision: 'reassign', leadUnit: 'CGJ', reason }),
  },
  {
    name: 'a ruling that reassigns to nobody',
    on: 'returned',
    type: 'RuleViolation',
    run: (o) => act(o.handle, 'rule', { actor: coordinator, decision: 'reassign', reason }),
  },
  {
    name: 'reassigning to the current lead unit',
    on: 'acknowledged',
    type: 'RuleViolation',
    run: (o) => act(o.handle, 'reassign', { actor: coordinator, leadUnit: 'CGJ', reason }),
  },
  {
    name: 'adding an assisting unit already on the order',
    on: 'acknowledged',
    type: 'RuleViolation',
    run: (o) => act(o.handle, 'addAssisting', { actor: coordinator, unit: 'ZJJ', reason }),
  },
  {
    name: 'adding the lead unit as assisting',
    on: 'acknowledged',
    type: 'RuleViolation',
    run: (o) => act(o.handle, 'addAssisting', { actor: coordinator, unit: 'CGJ', reason }),
  },
  {
    name: 'removing a unit that is not assisting',
    on: 'acknowledged',
    type: 'RuleViolation',
    run: (o) => act(o.handle, 'removeAssisting', { actor: coordinator, unit: 'JTJ', reason }),
  },
  {
    name: 'escalating to the current level',
    on: 'acknowledged',
    type: 'RuleViolation',
    run: (o) => act(o.handle, 'escalate', { actor: coordinator, level: 0, reason }),
  },
  {
    name: 'escalating above L3',
    on: 'acknowledged',
    type: 'RuleViolation',
    run: (o) => act(o.handle, 'escalate', { actor: coordinator, level: 4, reason }),
  },
  {
    name: 'de-escalating an order at L0',
    on: 'acknowledged',
    type: 'RuleViolation',
    run: (o) => act(o.handle, 'deescalate', { actor: coordinator, level: 0, reason }),
  },
];

describe('a rejected action changes nothing', () => {
  for (const c of CASES) {
    it(`${c.type}: ${c.name}`, async () => {
      const order = fixtures[c.on];
      const before = await orderView(order.handle);
      const audit = await settledAudit(h.db, order.handle);

      const failure = await expectRejected(c.run(order), c.type);
      expect(failure.message).not.toBe('');
      expect(failure.nonRetryable).toBe(true);

      const after = await orderView(order.handle);
      expect(after.lastSeq).toBe(before.lastSeq);
      expect(stable(after)).toEqual(stable(before));
      expect((await auditTrail(h.db, order.intake.orderId)).map((r) => r.id)).toEqual(audit.map((r) => r.id));
    });
  }

  it('says why in Chinese, with the rule’s code and the field: the role, the state or the rule', async () => {
    const { handle } = fixtures.acknowledged;
    const role = await expectRejected(act(handle, 'forceClose', { actor: cgj, reason }), 'Forbidden');
    expect(role.message).toBe('您的角色不能执行此操作');
    expect(role.details).toEqual([{ code: 'role_not_allowed' }]);
    const state = await expectRejected(act(handle, 'acknowledge', { actor: cgj }), 'WrongState');
    expect(state.message).toBe('只有已派单的工单可以签收');
    expect(state.details).toEqual([{ code: 'sign_for_not_dispatched' }]);
    const rule = await expectRejected(
      act(handle, 'setDeadline', { actor: coordinator, clock: 'handling', dueAt: 0, reason }),
      'RuleViolation',
    );
    expect(rule.message).toBe('时间须晚于现在');
    expect(rule.details).toEqual([{ code: 'not_in_future', field: 'dueAt' }]);
  });
});
