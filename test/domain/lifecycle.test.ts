/** The role/state table every validator and the API's role checks read (domain/lifecycle). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, refusal, type ActionName, type Phase } from '../../domain/lifecycle';
import { ORDER_STATES, ROLES, type Role } from '../../domain/order';
import { ACTION_HANDLERS } from '../../workflows/actions';
import { updates } from '../../workflows/messages';

const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];
const PHASES = ORDER_STATES.filter((s): s is Phase => s !== 'escalated');
/** Phases an order really passes through: a direct answer closes at once, so `answered` is a closure, not a phase. */
const OPEN_PHASES = PHASES.filter((p) => p !== 'closed' && p !== 'answered');
const VISIT: Phase[] = ['completed', 'return_visit'];
const OVERRIDES: ActionName[] = [
  'rule',
  'reassign',
  'addAssisting',
  'removeAssisting',
  'decideExtension',
  'setDeadline',
  'pauseClock',
  'resumeClock',
  'escalate',
  'deescalate',
  'forceClose',
];

const allowed = (action: ActionName, role: Role | 'system', phase: Phase) => refusal(action, role, phase) === null;
const rolesOf = (action: ActionName): readonly string[] => ACTIONS[action].roles;
const phasesOf = (action: ActionName): readonly Phase[] => ACTIONS[action].phases;

describe('the lifecycle table', () => {
  it('gives every action at least one role and one phase, and the workflow an Update and a handler for each', () => {
    for (const action of ACTION_NAMES) {
      expect(rolesOf(action).length, action).toBeGreaterThan(0);
      expect(phasesOf(action).length, action).toBeGreaterThan(0);
      expect(phasesOf(action), action).not.toContain('closed');
    }
    expect(Object.keys(updates).sort()).toEqual([...ACTION_NAMES].sort());
    expect(Object.keys(ACTION_HANDLERS).sort()).toEqual([...ACTION_NAMES].sort());
  });

  it('lets departments do department work only, never an override', () => {
    const departmentActions = ACTION_NAMES.filter((a) => rolesOf(a).includes('department'));
    expect(departmentActions.sort()).toEqual(
      ['acknowledge', 'addNote', 'addPhoto', 'complete', 'contribute', 'requestExtension', 'returnOrder'].sort(),
    );
    for (const action of OVERRIDES) {
      expect(rolesOf(action), action).toEqual(['coordinator']);
      for (const phase of PHASES) expect(refusal(action, 'department', phase)?.type).toBe('Forbidden');
    }
  });

  it('lets a department act only once the order has been dispatched', () => {
    for (const action of ACTION_NAMES) {
      if (rolesOf(action).includes('department')) expect(allowed(action, 'department', 'received'), action).toBe(false);
    }
  });

  it('lets a return-visit agent act only in the return-visit phases, and only on visits', () => {
    const visitorActions = ACTION_NAMES.filter((a) => rolesOf(a).includes('visitor'));
    expect(visitorActions.sort()).toEqual(['recordFailedAttempt', 'recordVisit']);
    for (const action of visitorActions) {
      for (const phase of PHASES) {
        expect(allowed(action, 'visitor', phase), `${action} in ${phase}`).toBe(VISIT.includes(phase));
      }
    }
  });

  it('gives admins, auditors, managers and the system no action on an order', () => {
    for (const role of ['admin', 'auditor', 'manager', 'system'] as const) {
      for (const action of ACTION_NAMES) {
        for (const phase of PHASES) expect(refusal(action, role, phase)).toMatchObject({ type: 'Forbidden' });
      }
    }
  });

  it('leaves no open order stuck: a coordinator can always force-close, pause or escalate it', () => {
    for (const phase of OPEN_PHASES) {
      for (const action of ['forceClose', 'pauseClock', 'resumeClock', 'escalate', 'deescalate'] as const) {
        expect(allowed(action, 'coordinator', phase), `${action} in ${phase}`).toBe(true);
      }
    }
  });

  it('allows nothing on a closed order', () => {
    for (const action of ACTION_NAMES) {
      for (const role of ROLES) expect(allowed(action, role, 'closed')).toBe(false);
    }
  });

  it('checks the role before the state, and says which it was', () => {
    expect(refusal('acknowledge', 'operator', 'closed')).toEqual({
      type: 'Forbidden',
      code: 'role_not_allowed',
      message: '您的角色不能执行此操作',
    });
    expect(refusal('acknowledge', 'department', 'closed')).toEqual({
      type: 'WrongState',
      code: 'phase_not_allowed',
      message: '工单当前状态不允许此操作',
    });
    expect(refusal('acknowledge', 'department', 'dispatched')).toBeNull();
  });

  it('allows exactly the table: the role listed and the phase listed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ACTION_NAMES),
        fc.constantFrom<Role | 'system'>(...ROLES, 'system'),
        fc.constantFrom(...PHASES),
        (action, role, phase) => {
          const r = refusal(action, role, phase);
          if (!rolesOf(action).includes(role)) return r?.type === 'Forbidden';
          if (!phasesOf(action).includes(phase)) return r?.type === 'WrongState';
          return r === null;
        },
      ),
    );
  });
});
