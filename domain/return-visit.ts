/**
 * What the citizen's answer at the return visit (回访) does to the order: back to its unit (重办) when the
 * policy says so, otherwise closed with a code that says what the citizen said — never "resolved" for a
 * problem the citizen called unresolved or only partly resolved.
 */
import type { ClosureCode } from './order';
import type { Resolution, Satisfaction } from './order-view';
import type { SlaPolicy } from './types';

/** The closure code of a rated order that is not reopened: the citizen's own word on the problem. */
export const CLOSURE_BY_RESOLUTION: Record<Resolution, ClosureCode> = {
  resolved: 'resolved',
  partly: 'partly_resolved',
  unresolved: 'unresolved',
};

export type VisitDecision = { reopen: true } | { reopen: false; closureCode: ClosureCode };

/** Reopens when both the satisfaction and the resolution are among the policy's (by default: dissatisfied and unresolved). */
export function visitOutcome(
  rating: { satisfaction: Satisfaction; resolution: Resolution },
  policy: Pick<SlaPolicy, 'reopenOnRating'>,
): VisitDecision {
  const { satisfaction, resolution } = policy.reopenOnRating;
  if (satisfaction.includes(rating.satisfaction) && resolution.includes(rating.resolution)) return { reopen: true };
  return { reopen: false, closureCode: CLOSURE_BY_RESOLUTION[rating.resolution] };
}
