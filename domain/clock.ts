/**
 * SLA clocks: response (响应), handling (办理), dispute ruling (退单裁定), return visit (回访) and assisting units (协办).
 * A clock spends a budget of wall or working time, can be paused and re-deadlined, reminds (催办) at policy fractions
 * and breaches at 100%. Clocks live in Temporal workflow state: plain JSON data, and every function here is pure.
 */
import { advanceMs, elapsedMs, limitMeasure, limitMs } from './calendar';
import type { Limit, WorkCalendar } from './types';

export const CLOCK_KINDS = ['response', 'handling', 'ruling', 'visit', 'assist'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

export interface Clock {
  kind: ClockKind;
  /** For 'assist' clocks: the assisting unit code; otherwise null. */
  subject: string | null;
  measure: 'wall' | 'working';
  startedAt: number;
  /** Total allowed, in measured time. */
  budgetMs: number;
  /** Measured time consumed before the current running segment. */
  consumedMs: number;
  /** Null while paused or stopped. */
  runningSince: number | null;
  pausedReason: string | null;
  /** Ascending fractions in (0, 1), e.g. [0.5, 0.75]. */
  thresholds: number[];
  /** How many thresholds have fired. */
  warningsFired: number;
  breachedAt: number | null;
  /** Met or stopped: no more events. */
  stoppedAt: number | null;
}

export type ClockEvent =
  | { kind: ClockKind; subject: string | null; type: 'warning'; threshold: number; dueAt: number }
  | { kind: ClockKind; subject: string | null; type: 'breach'; dueAt: number };

/** Measured time consumed by `at`, including the running segment. */
function consumedAt(c: Clock, at: number, cal: WorkCalendar): number {
  return c.consumedMs + (c.runningSince === null ? 0 : elapsedMs(c.runningSince, at, c.measure, cal));
}

/**
 * The instant the clock reaches `point` ms of measured time if it runs from `anchor` on. A point already consumed
 * (e.g. a clock paused after its due instant, or a shortened budget) is due at `anchor`, as time cannot run backwards.
 */
function instantOf(c: Clock, point: number, anchor: number, cal: WorkCalendar): number {
  return advanceMs(anchor, Math.max(0, point - c.consumedMs), c.measure, cal);
}

/** Rounded so that warning instants are whole milliseconds, as Temporal timers are. */
function thresholdPoint(c: Clock, threshold: number): number {
  return Math.round(threshold * c.budgetMs);
}

function requireNotStopped(c: Clock, action: string): void {
  if (c.stoppedAt !== null) throw new Error(`Cannot ${action} the stopped ${c.kind} clock`);
}

/** The calendar is not needed to start (the budget is measured time) but keeps the signature uniform. */
export function startClock(
  kind: ClockKind,
  subject: string | null,
  start: number,
  limit: Limit,
  thresholds: number[],
  _cal: WorkCalendar,
): Clock {
  if ((kind === 'assist') !== (subject !== null)) throw new Error(`Only an assist clock has a subject (${kind})`);
  thresholds.forEach((f, i) => {
    if (!(f > 0 && f < 1) || (i > 0 && f <= thresholds[i - 1]!)) {
      throw new Error(`Warning thresholds must ascend strictly within (0, 1): ${thresholds.join(', ')}`);
    }
  });
  return {
    kind,
    subject,
    measure: limitMeasure(limit),
    startedAt: start,
    budgetMs: limitMs(limit),
    consumedMs: 0,
    runningSince: start,
    pausedReason: null,
    thresholds: [...thresholds],
    warningsFired: 0,
    breachedAt: null,
    stoppedAt: null,
  };
}

/** When the budget runs out; null when paused or stopped. */
export function clockDueAt(c: Clock, cal: WorkCalendar): number | null {
  return c.runningSince === null ? null : instantOf(c, c.budgetMs, c.runningSince, cal);
}

/** Measured time left at `now`, negative when overdue; also meaningful while paused or stopped. */
export function clockRemainingMs(c: Clock, now: number, cal: WorkCalendar): number {
  return c.budgetMs - consumedAt(c, now, cal);
}

/** The instant of the next unfired warning or else the breach; null if paused, stopped or already breached. */
export function nextClockEventAt(c: Clock, cal: WorkCalendar): number | null {
  if (c.runningSince === null || c.breachedAt !== null) return null;
  const next = c.thresholds[c.warningsFired];
  return instantOf(c, next === undefined ? c.budgetMs : thresholdPoint(c, next), c.runningSince, cal);
}

/**
 * Every warning and the breach due by `now`, in order. Each fires once, however late (e.g. a worker that was down),
 * and carries the instant it was due so that the lateness can be measured.
 */
export function fireDueEvents(c: Clock, now: number, cal: WorkCalendar): { clock: Clock; events: ClockEvent[] } {
  const anchor = c.runningSince;
  if (anchor === null || c.breachedAt !== null) return { clock: c, events: [] };
  const { kind, subject } = c;
  const events: ClockEvent[] = [];
  for (const threshold of c.thresholds.slice(c.warningsFired)) {
    const dueAt = instantOf(c, thresholdPoint(c, threshold), anchor, cal);
    if (dueAt > now) break;
    events.push({ kind, subject, type: 'warning', threshold, dueAt });
  }
  const dueAt = instantOf(c, c.budgetMs, anchor, cal);
  const breached = dueAt <= now;
  if (breached) events.push({ kind, subject, type: 'breach', dueAt });
  const warningsFired = c.warningsFired + events.length - (breached ? 1 : 0);
  return { clock: { ...c, warningsFired, breachedAt: breached ? dueAt : null }, events };
}

export function pauseClock(c: Clock, at: number, reason: string, cal: WorkCalendar): Clock {
  requireNotStopped(c, 'pause');
  if (c.runningSince === null) throw new Error(`The ${c.kind} clock is already paused`);
  return { ...c, consumedMs: consumedAt(c, at, cal), runningSince: null, pausedReason: reason };
}

/** Resuming needs no calendar (the due instant is derived on demand) but keeps the signature uniform. */
export function resumeClock(c: Clock, at: number, _cal: WorkCalendar): Clock {
  requireNotStopped(c, 'resume');
  if (c.runningSince !== null) throw new Error(`The ${c.kind} clock is not paused`);
  return { ...c, runningSince: at, pausedReason: null };
}

/**
 * Moves the due instant to newDue (延期 or a coordinator's ruling) by changing the budget. While paused, the budget
 * becomes the one that would end at newDue if the clock resumed at `at`. A working clock cannot end in non-working
 * time, so a newDue there means the end of the working time before it.
 * Warnings already fired stay fired only while their new instant is still <= at: extending re-arms the later ones.
 * A warning whose instant a shortening moved into the past is not marked fired, so fireDueEvents reports it at once
 * rather than dropping the reminder.
 */
export function setClockDeadline(c: Clock, newDue: number, at: number, cal: WorkCalendar): Clock {
  requireNotStopped(c, 'move the deadline of');
  const anchor = c.runningSince ?? at;
  const next = { ...c, budgetMs: c.consumedMs + elapsedMs(anchor, newDue, c.measure, cal) };
  const passed = c.thresholds.filter((f) => instantOf(next, thresholdPoint(next, f), anchor, cal) <= at).length;
  return { ...next, warningsFired: Math.min(c.warningsFired, passed), breachedAt: newDue > at ? null : c.breachedAt };
}

/** Met: consumes time up to `at` (so the remaining time is kept for reports) and fires nothing more. */
export function stopClock(c: Clock, at: number, cal: WorkCalendar): Clock {
  requireNotStopped(c, 'stop');
  return { ...c, consumedMs: consumedAt(c, at, cal), runningSince: null, pausedReason: null, stoppedAt: at };
}

/** Overdue includes the due instant itself, matching fireDueEvents, which breaches at dueAt <= now. */
export function clockSlaState(
  c: Clock,
  now: number,
  cal: WorkCalendar,
): 'on_track' | 'at_risk' | 'breached' | 'paused' {
  if (c.breachedAt !== null || clockRemainingMs(c, now, cal) <= 0) return 'breached';
  if (c.runningSince === null && c.stoppedAt === null) return 'paused';
  return c.warningsFired > 0 ? 'at_risk' : 'on_track';
}
