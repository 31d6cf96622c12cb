/**
 * The fairness layer (会哭的孩子有奶吃): a requester who contacts the hotline or rates "dissatisfied"
 * far more often than policy allows is flagged, and their dissatisfied ratings of work a unit finished
 * on time go to third-party review instead of counting against the unit unexamined.
 */
import type { OrderFacts } from './order-facts';
import type { SlaPolicy } from './types';

export interface RequesterActivity {
  contacts: number;
  dissatisfied: number;
}

export interface RequesterFlag extends RequesterActivity {
  flagged: boolean;
  windowDays: number;
  reasons: string[];
}

export function requesterFlag(activity: RequesterActivity, policy: Pick<SlaPolicy, 'fairness'>): RequesterFlag {
  const { windowDays, maxContacts, maxDissatisfied } = policy.fairness;
  const reasons: string[] = [];
  if (activity.contacts > maxContacts)
    reasons.push(`${activity.contacts} contacts in ${windowDays} days (policy: ${maxContacts})`);
  if (activity.dissatisfied > maxDissatisfied) {
    reasons.push(`${activity.dissatisfied} dissatisfied ratings in ${windowDays} days (policy: ${maxDissatisfied})`);
  }
  return { ...activity, flagged: reasons.length > 0, windowDays, reasons };
}

/** Whether the handling cycle a return visit rated (the last one completed before it) had no handling breach. */
export function ratedCycleOnTime(facts: OrderFacts, visitSeq: number): boolean {
  return facts.visits.find((v) => v.seq === visitSeq)?.cycleOnTime ?? false;
}

/**
 * The ratings among `visitSeqs` that go to review if their requester is flagged: dissatisfied ratings of
 * a cycle the unit completed on time. Asked first, so the requester's activity is looked up only when it matters.
 */
export function reviewableRatings(facts: OrderFacts, visitSeqs: readonly number[]): number[] {
  return visitSeqs.filter((seq) => {
    const visit = facts.visits.find((v) => v.seq === seq);
    return visit?.satisfaction === 'dissatisfied' && ratedCycleOnTime(facts, seq);
  });
}

/**
 * The decision: which of these ratings go to the third-party review queue. Only a flagged requester's
 * (`flag` null: no requester known, or no policy to judge by); the database activity only persists it.
 */
export function ratingsForReview(
  flag: RequesterFlag | null,
  facts: OrderFacts,
  visitSeqs: readonly number[],
): number[] {
  return flag?.flagged ? reviewableRatings(facts, visitSeqs) : [];
}
