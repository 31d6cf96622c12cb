/**
 * Which step of an order starts, stops, pauses or moves which SLA clock: the one table to read for "what
 * happens to the clocks when…". The order's state executes the starts and stops from here
 * (workflows/order-state.ts `clocksOn`); the clock arithmetic itself is in ./clock.
 *
 * Clocks: response (响应, the 15-minute SLA by default: dispatched and signed for), handling (办理),
 * ruling (退单裁定, a coordinator rules on a dispute), visit (回访), assist (协办, one per assisting unit).
 */
import type { ClockKind } from './clock';

export interface ClockRule {
  /** Clocks stopped (met or ended): `assist` means every assisting unit's clock, or the one unit's named. */
  stop?: readonly ClockKind[] | 'all';
  /** Clocks started afresh with the policy's limit, replacing an earlier clock of the same kind. */
  start?: readonly ClockKind[];
  /** Moved to a new due instant given with the step (the running time is kept). */
  move?: 'handling' | 'named';
  /** Paused or resumed: the named clock, or every clock of the order. */
  hold?: 'pause' | 'resume';
}

export const CLOCK_RULES = {
  // ---- intake ----
  /** The response clock runs from receipt, through dispatch, until the lead unit signs (签收). */
  receive: { start: ['response'] },
  /** The first dispatch keeps the response clock of receipt. */
  dispatch: { start: ['handling', 'assist'] },
  /** Any later dispatch (reassignment, ruling, backstop) gives the new lead unit fresh clocks. */
  redispatch: { stop: ['ruling', 'assist'], start: ['response', 'handling', 'assist'] },
  /** 直接答复: a consultation meets its response SLA by being answered. */
  answer: { stop: ['response'] },
  // ---- departments ----
  /** The lead unit's signature meets the response SLA; an assisting unit's signature stops nothing. */
  acknowledge: { stop: ['response'] },
  /** 退单: the response clock ends (neither met nor missed) and the ruling clock starts. */
  returnOrder: { stop: ['response'], start: ['ruling'] },
  /** 协办意见: the assisting unit's own clock is met. */
  contribute: { stop: ['assist'] },
  /** 办结: handling and every assisting clock stop; the return-visit window opens. */
  complete: { stop: ['handling', 'assist'], start: ['visit'] },
  // ---- coordinators ----
  /** A ruling that keeps the order with a unit that already signed. */
  keepSigned: { stop: ['ruling'] },
  /** A ruling that keeps the order with a unit that never signed: it must sign now, on a fresh response clock. */
  keepUnsigned: { stop: ['ruling'], start: ['response'] },
  addAssisting: { start: ['assist'] },
  removeAssisting: { stop: ['assist'] },
  /** A granted extension moves the handling deadline. */
  grantExtension: { move: 'handling' },
  setDeadline: { move: 'named' },
  pauseClock: { hold: 'pause' },
  resumeClock: { hold: 'resume' },
  /** A repeat contact that raises urgency restarts handling on the shorter limit, if that ends sooner. */
  raiseUrgency: { start: ['handling'] },
  // ---- return visit and closure ----
  recordVisit: { stop: ['visit'] },
  /** 重办: a fresh handling clock for the same unit. */
  reopen: { start: ['handling'] },
  /** 质检复核 sent the reply back to its unit: the return visit waits for a new completion. */
  returnForQuality: { stop: ['visit'], start: ['handling'] },
  /** Closing stops every clock still running or paused. */
  close: { stop: 'all' },
} as const satisfies Record<string, ClockRule>;

export type ClockStep = keyof typeof CLOCK_RULES;
