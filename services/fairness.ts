/** 会哭的孩子有奶吃: a requester's fairness flag over the policy's rolling window, for coordinators' eyes only. */
import type { Db } from '../db/client';
import { requesterActivity } from '../db/fairness';
import { requesterFlag, type RequesterFlag } from '../domain/fairness';
import type { SlaPolicy } from '../domain/types';

export async function flagOf(
  db: Db,
  policy: Pick<SlaPolicy, 'fairness'>,
  requesterHash: string,
  now = Date.now(),
): Promise<RequesterFlag> {
  const since = new Date(now - policy.fairness.windowDays * 86_400_000);
  return requesterFlag(await requesterActivity(db, requesterHash, since), policy);
}
