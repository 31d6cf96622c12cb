/**
 * Every projection of the audit trail, registered once, in the order they run inside the transaction
 * that appends an order's events. A new projection (or reactor, which writes to the outbox) is one file
 * beside this one and one line here.
 */
import type { Db } from '../db/client';
import { kpiOutcomes } from './kpi-outcomes';
import { liveNotice } from './live-notice';
import { follows, type Projection, type TrailChange } from './projection';
import { readModel } from './read-model';
import { replyQuality } from './reply-quality';
import { reviewQueue } from './review-queue';
import { UNIT_NOTICES, unitNoticesReactor } from './unit-notices';
import { citizenSmsReactor, unitWebhooksReactor } from './notifications';
import { CITIZEN_SMS, CITIZEN_VISIT_SMS } from '../domain/outbox';

export const PROJECTIONS: readonly Projection[] = [
  readModel,
  kpiOutcomes,
  reviewQueue,
  replyQuality,
  unitNoticesReactor,
  unitWebhooksReactor,
  citizenSmsReactor,
  // Last: it announces what the others did, once they are all in the transaction.
  liveNotice,
];

/**
 * The outbox's subscribers: one delivery workflow each (runtime/outbox-delivery.ts). The units' webhooks are
 * a family, one delivery per unit, each started by its first entry (activities/outbox.ts wakeDeliveries).
 */
export const SUBSCRIBERS: readonly string[] = [UNIT_NOTICES, CITIZEN_SMS, CITIZEN_VISIT_SMS];

/** Applies a batch to every projection that follows it, in registry order, in the caller's transaction. */
export async function applyProjections(tx: Db, change: TrailChange): Promise<void> {
  for (const p of PROJECTIONS) if (follows(p, change)) await p.apply(tx, change);
}

/** The projections a pass over the trail can check or rebuild, by name; all of them when none is named. */
export function checkable(names?: readonly string[]): Projection[] {
  const all = PROJECTIONS.filter((p) => p.check);
  if (!names?.length) return all;
  const unknown = names.filter((n) => !all.some((p) => p.name === n));
  if (unknown.length) {
    throw new Error(
      `No projection to check called ${unknown.join(', ')} (there are: ${all.map((p) => p.name).join(', ')})`,
    );
  }
  return all.filter((p) => names.includes(p.name));
}
