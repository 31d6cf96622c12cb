/** 并单 at intake: the open orders a new contact may repeat, from the read model, most likely first. */
import type { Db } from '../db/client';
import { repeatPool } from '../db/governance';
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
