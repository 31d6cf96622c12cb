/**
 * The third-party review queue (`rating_reviews`): a new rating the fairness rule (domain/fairness) sends
 * to review. Decided when the rating arrives, by the requester's standing at that moment, so it is not
 * re-derived from the trail (no `check`): a later pass would judge with a later standing.
 */
import type { Db } from '../db/client';
import { enqueueReview, policyVersion, requesterFlagOf } from '../db/fairness';
import { ratingsForReview, reviewableRatings, type RequesterFlag } from '../domain/fairness';
import type { OrderReadModel } from '../domain/order-view';
import type { Projection } from './projection';

/** The requester's flag under the order's policy; null when no requester is known or the policy is missing. */
async function flagUnderOrderPolicy(tx: Db, order: OrderReadModel): Promise<RequesterFlag | null> {
  if (!order.requesterHash) return null;
  const policy = await policyVersion(tx, order.policyVersion);
  return policy ? requesterFlagOf(tx, policy, order.requesterHash) : null;
}

export const reviewQueue: Projection = {
  name: 'review-queue',
  follows: ['visit_recorded'],
  async apply(tx, change) {
    const { order } = change;
    const visits = change.written.filter((e) => e.type === 'visit_recorded').map((e) => e.seq);
    const facts = await change.facts();
    const reviewable = reviewableRatings(facts, visits);
    if (!reviewable.length) return;
    const queued = ratingsForReview(await flagUnderOrderPolicy(tx, order), facts, reviewable);
    for (const visitSeq of queued) {
      await enqueueReview(tx, {
        orderId: order.orderId,
        visitSeq,
        requesterHash: order.requesterHash!,
        unit: order.leadUnit,
      });
    }
    change.reviewQueued ||= queued.length > 0;
  },
};
