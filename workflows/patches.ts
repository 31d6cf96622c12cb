/**
 * Every change of the order workflow guarded by patched(). The API and continue-as-new start each run
 * with this list, so a new run asks patched() about none of them: no marker and no TemporalChangeVersion
 * upsert, a command and a visibility write less per order. Runs started before the list existed decide
 * by patched() as before. A patch joins the list once its new branch is what the code does.
 */
import { patched } from '@temporalio/workflow';

/**
 * Changes a run takes only from its start: they restructure how the run waits and writes, which a run
 * cannot switch to half-way. Orders started without one keep the old way until they continue as new;
 * patched() is never asked about them.
 */
export const SETTLE_IN_HANDLERS = 'settle-in-handlers';

export const ORDER_PATCHES = [
  'record-contact-after-close',
  'fire-due-clocks-before-actions',
  'next-due-at-next-event',
  'keep-clock-timer',
  SETTLE_IN_HANDLERS,
] as const;

export type OrderPatch = (typeof ORDER_PATCHES)[number];

/** Whether this run takes a patched change: from its start, or (older orders) by its history's marker. */
export type Patched = (patch: Exclude<OrderPatch, typeof SETTLE_IN_HANDLERS>) => boolean;

/** `fromStart`: the list the run was started with, absent on older orders. */
export function patchesOf(fromStart: readonly string[] | undefined): Patched {
  const taken = new Set(fromStart);
  return (patch) => taken.has(patch) || patched(patch);
}
