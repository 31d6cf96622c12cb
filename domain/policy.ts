/** Policy look-ups: which limit applies to an order. Pure, importable by workflows. */
import type { CatalogueEntry, Limit, SlaPolicy, Urgency } from './types';

/** The handling limit for a category at an urgency: emergency always wins, then the category's own limit, then the class default. */
export function handlingLimitFor(
  policy: SlaPolicy,
  entry: Pick<CatalogueEntry, 'handlingClass' | 'handlingLimit'>,
  urgency: Urgency,
): Limit {
  if (urgency === 'emergency') return policy.emergencyLimit;
  return entry.handlingLimit ?? policy.handlingLimits[entry.handlingClass][urgency];
}

/** Human-readable limit, e.g. "7 working days", for summaries and audit entries. */
export function describeLimit(limit: Limit): string {
  const unit = limit.unit.replace('_', ' ');
  return `${limit.amount} ${limit.amount === 1 ? unit.replace(/s$/, '') : unit}`;
}
