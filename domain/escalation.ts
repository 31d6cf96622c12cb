/**
 * The escalation ladder and every automatic escalation: the one place that answers "when does an order go
 * up a level, and when does it reach L3?". Pure, importable by workflow code; the order's state applies
 * what this decides (workflows/order-state.ts `escalateOn`), coordinators move it by hand within the ladder.
 */
import type { ClockKind } from './clock';
import type { SlaPolicy } from './types';

/** L0 normal → L1 reminder (催办) → L2 supervision (督办) → L3 high-level coordination (高位协调). */
export const ESCALATION_LEVELS = { normal: 0, reminder: 1, supervision: 2, coordination: 3 } as const;
export const MAX_ESCALATION_LEVEL = ESCALATION_LEVELS.coordination;

/** What happened to the order that may escalate it. */
export type EscalationTrigger =
  /** A clock reached a warning threshold (by default 50 % and 75 %). */
  | { kind: 'clock_warning'; clock: ClockKind; threshold: number }
  /** A clock reached 100 %. */
  | { kind: 'clock_breached'; clock: ClockKind }
  /** The lead unit returned the order (退单); `returns` counts this one. */
  | { kind: 'returned'; returns: number }
  /** The citizen's rating sent the order back to its unit (重办); `reopens` counts this one. */
  | { kind: 'reopened'; reopens: number };

export interface EscalationMove {
  to: number;
  cause: string;
  /** The dispute was not ruled on in time: the district's backstop unit (兜底) takes the order. */
  toBackstop?: true;
}

type LadderPolicy = Pick<SlaPolicy, 'maxReturnsBeforeL3' | 'maxReopensBeforeL3'>;

/**
 * The level an order at `level` goes to after `trigger`, and why; null when it stays where it is.
 * - the first warning of any clock reminds the unit: L0 → L1 (later warnings change nothing);
 * - a breach of any clock escalates one level (督办), so a breach at L2 reaches L3;
 * - a dispute not ruled on in time goes to the backstop unit and to L3;
 * - an order returned, or reopened, more often than the policy allows goes to L3.
 */
export function escalationOn(trigger: EscalationTrigger, level: number, policy: LadderPolicy): EscalationMove | null {
  const step = stepFor(trigger, level, policy);
  // An overdue ruling hands the order to the backstop unit even when it is at L3 already.
  return step && (step.to > level || step.toBackstop) ? step : null;
}

function stepFor(trigger: EscalationTrigger, level: number, policy: LadderPolicy): EscalationMove | null {
  switch (trigger.kind) {
    case 'clock_warning':
      return level === ESCALATION_LEVELS.normal
        ? { to: ESCALATION_LEVELS.reminder, cause: `${trigger.clock} clock at ${trigger.threshold * 100}%` }
        : null;
    case 'clock_breached':
      if (trigger.clock === 'ruling') {
        return { to: MAX_ESCALATION_LEVEL, cause: 'dispute not ruled on in time', toBackstop: true };
      }
      return { to: Math.min(level + 1, MAX_ESCALATION_LEVEL), cause: `${trigger.clock} clock breached` };
    case 'returned':
      return trigger.returns > policy.maxReturnsBeforeL3
        ? { to: MAX_ESCALATION_LEVEL, cause: `returned more than ${policy.maxReturnsBeforeL3} times` }
        : null;
    case 'reopened':
      return trigger.reopens > policy.maxReopensBeforeL3
        ? { to: MAX_ESCALATION_LEVEL, cause: `reopened more than ${policy.maxReopensBeforeL3} times` }
        : null;
  }
}

/** Why a coordinator's manual move is refused, or null: escalation goes up, de-escalation down, within the ladder. */
export function manualLevelRefusal(direction: 'up' | 'down', to: number, level: number): string | null {
  if (direction === 'up') {
    return Number.isInteger(to) && to > level && to <= MAX_ESCALATION_LEVEL
      ? null
      : `escalation must go above L${level} and at most to L${MAX_ESCALATION_LEVEL}`;
  }
  return Number.isInteger(to) && to >= 0 && to < level ? null : `de-escalation must go below L${level}`;
}
