/**
 * Who may do what, in which state, and which event moves an order to which phase: the tables the
 * workflow, the API's role checks and the trail's reducer all read. Pure data and functions, importable
 * by workflow code.
 */
import type { AuditEventType } from './events';
import { MAX_ESCALATION_LEVEL } from './escalation';
import { ORDER_STATES, type OrderStatus, type Role } from './order';
import { refusalOf, type RefusalReason } from './refusals';

/** The lifecycle position of an order; `escalated` is shown on top of it while coordination (L3) holds the order. */
export type Phase = Exclude<OrderStatus, 'escalated'>;
export const PHASES = ORDER_STATES.filter((s): s is Phase => s !== 'escalated');

const HANDLING: Phase[] = ['dispatched', 'acknowledged', 'extension_requested', 'reopened'];
const OPEN: Phase[] = ['received', 'dispatched', 'acknowledged', 'returned', 'extension_requested', 'reopened'];
const AFTER_DISPATCH: Phase[] = ['dispatched', 'acknowledged', 'returned', 'extension_requested', 'reopened'];
/** The return visit's phases (回访): completed, and tried without reaching the citizen. */
export const VISIT_PHASES: Phase[] = ['completed', 'return_visit'];

export const ACTIONS = {
  // intake (受理)
  classify: { roles: ['operator'], phases: ['received'] },
  dispatch: { roles: ['operator', 'coordinator'], phases: ['received'] },
  answer: { roles: ['operator'], phases: ['received'] },
  refer: { roles: ['operator'], phases: ['received', 'dispatched'] },
  withdraw: { roles: ['operator'], phases: OPEN },
  // A held likely repeat is on the coordinators' queue too (待派单): they merge it as they dispatch it.
  mergeInto: { roles: ['operator', 'coordinator'], phases: ['received', 'dispatched'] },
  // departments (承办单位)
  acknowledge: { roles: ['department'], phases: HANDLING },
  returnOrder: { roles: ['department'], phases: ['dispatched', 'acknowledged'] },
  requestExtension: { roles: ['department'], phases: ['acknowledged', 'reopened'] },
  addNote: { roles: ['department'], phases: AFTER_DISPATCH },
  contribute: { roles: ['department'], phases: HANDLING },
  complete: { roles: ['department'], phases: ['acknowledged', 'extension_requested', 'reopened'] },
  // coordinators (协调/督办)
  rule: { roles: ['coordinator'], phases: ['returned'] },
  reassign: { roles: ['coordinator'], phases: AFTER_DISPATCH },
  addAssisting: { roles: ['coordinator'], phases: HANDLING },
  removeAssisting: { roles: ['coordinator'], phases: HANDLING },
  decideExtension: { roles: ['coordinator'], phases: ['extension_requested'] },
  setDeadline: { roles: ['coordinator'], phases: [...AFTER_DISPATCH, ...VISIT_PHASES] },
  pauseClock: { roles: ['coordinator'], phases: [...OPEN, ...VISIT_PHASES] },
  resumeClock: { roles: ['coordinator'], phases: [...OPEN, ...VISIT_PHASES] },
  escalate: { roles: ['coordinator'], phases: [...OPEN, ...VISIT_PHASES] },
  deescalate: { roles: ['coordinator'], phases: [...OPEN, ...VISIT_PHASES] },
  forceClose: { roles: ['coordinator'], phases: [...OPEN, ...VISIT_PHASES] },
  // 质检复核: a reviewer clears the findings (the return visit goes ahead) or sends the order back to its unit
  clearQuality: { roles: ['reviewer'], phases: VISIT_PHASES },
  returnForQuality: { roles: ['reviewer'], phases: VISIT_PHASES },
  // return visits (回访)
  recordVisit: { roles: ['visitor'], phases: VISIT_PHASES },
  recordFailedAttempt: { roles: ['visitor'], phases: VISIT_PHASES },
  // the citizen's lookup: a lost verification code re-issued on the citizen's call, while the order runs
  reissueCode: { roles: ['operator'], phases: [...OPEN, ...VISIT_PHASES] },
  // 照片: the operator adds the citizen's from receipt while the order is open (at intake, or sent in later); a
  // department, once dispatched, only as the lead unit with the order in its hands (api/photos.ts)
  addPhoto: { roles: ['operator', 'department'], phases: OPEN, departmentPhases: AFTER_DISPATCH },
} as const satisfies Record<
  string,
  { roles: readonly Role[]; phases: readonly Phase[]; departmentPhases?: readonly Phase[] }
>;

export type ActionName = keyof typeof ACTIONS;

/**
 * The phase an audit event moves an order to, where the event alone decides it: the workflow moves the
 * order as it records the event (workflows/order-state), and the trail's reducer (domain/order-facts)
 * replays the same table. `before extension`: back to the phase the extension request found. A ruling
 * decides by whether the lead unit had signed, which both read from their own state.
 */
export const PHASE_AFTER: Partial<Record<AuditEventType, Phase | 'before extension'>> = {
  received: 'received',
  dispatched: 'dispatched',
  redispatched: 'dispatched',
  acknowledged: 'acknowledged',
  returned: 'returned',
  extension_requested: 'extension_requested',
  extension_granted: 'before extension',
  extension_denied: 'before extension',
  completed: 'completed',
  visit_attempt_failed: 'return_visit',
  reopened: 'reopened',
  quality_returned: 'reopened',
  closed: 'closed',
};

/** Phases in which a unit is responsible; at L3 high-level coordination holds them, shown as `escalated`. */
const COORDINATED: Phase[] = ['received', 'dispatched', 'acknowledged', 'returned', 'extension_requested', 'reopened'];

/** The state people and search attributes see for a phase at an escalation level. */
export function shownState(phase: Phase, escalationLevel: number): OrderStatus {
  return escalationLevel >= MAX_ESCALATION_LEVEL && COORDINATED.includes(phase) ? 'escalated' : phase;
}

export type Refusal = RefusalReason & { type: 'Forbidden' | 'WrongState' };

/** Why a role may not take an action in a phase, or null if the table allows it. */
export function refusal(action: ActionName, role: Role | 'system', phase: Phase): Refusal | null {
  const rule = ACTIONS[action];
  if (!(rule.roles as readonly string[]).includes(role)) {
    return { type: 'Forbidden', ...refusalOf('role_not_allowed') };
  }
  // A department's own phases where they are fewer than the action's (never before dispatch).
  const phases: readonly Phase[] =
    role === 'department' && 'departmentPhases' in rule ? rule.departmentPhases : rule.phases;
  if (!phases.includes(phase)) {
    return { type: 'WrongState', ...refusalOf('phase_not_allowed') };
  }
  return null;
}
