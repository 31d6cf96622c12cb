/** 并单 at intake: the open orders a new contact may repeat, from the read model, most likely first. */
import type { Db } from './client';
import type { OrderRow } from './schema';
import { repeatPool } from './governance';
import { repeatConfidence, type RepeatCandidate, type RepeatSubject } from '../domain/repeat';
import type { SlaPolicy } from '../domain/types';

export type RepeatMatch = RepeatCandidate & { orderId: string; state: string; leadUnit: string | null };

export async function findRepeatCandidates(
  db: Db,
  policy: Pick<SlaPolicy, 'repeat'>,
  subject: RepeatSubject & { orderId: string },
): Promise<RepeatMatch[]> {
  const since = new Date(subject.receivedAt - policy.repeat.windowHours * 3_600_000);
  const pool = await repeatPool(db, subject, since);
  return pool
    .map((o) => {
      const c = repeatConfidence(subject, { ...o, receivedAt: o.receivedAt.getTime() }, policy);
      return c && { ...c, orderId: o.orderId, state: o.state, leadUnit: o.leadUnit };
    })
    .filter((c): c is NonNullable<typeof c> => c !== null)
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, 10);
}

/** The candidates of an order already in the read model (held orders, the repeat-candidates route). */
export function repeatCandidatesOf(db: Db, policy: Pick<SlaPolicy, 'repeat'>, row: OrderRow): Promise<RepeatMatch[]> {
  const { incidentAddress } = row.snapshot as { incidentAddress?: string | null };
  return findRepeatCandidates(db, policy, {
    orderId: row.orderId,
    requesterHash: row.requesterHash,
    category: row.category,
    lat: row.lat,
    lng: row.lng,
    address: incidentAddress ?? null,
    receivedAt: row.receivedAt.getTime(),
  });
}
