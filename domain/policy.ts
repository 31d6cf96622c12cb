/** Policy look-ups: which limit applies to an order. Pure, importable by workflows. */
import { HOTSPOT_DEFAULTS, STRUCTURAL_DEFAULTS } from './hotspots';
import { REPLY_QUALITY_DEFAULTS } from './reply-quality';
import type { CatalogueEntry, Limit, SlaPolicy, Urgency } from './types';

/** The handling limit for a category at an urgency: emergency always wins, then the category's own limit, then the class default. */
export function handlingLimitFor(
  policy: Pick<SlaPolicy, 'emergencyLimit' | 'handlingLimits'>,
  entry: Pick<CatalogueEntry, 'handlingClass' | 'handlingLimit'>,
  urgency: Urgency,
): Limit {
  if (urgency === 'emergency') return policy.emergencyLimit;
  return entry.handlingLimit ?? policy.handlingLimits[entry.handlingClass][urgency];
}

/**
 * Repeat-detection, fairness and KPI settings. Policies published before these settings existed are
 * read with these values, so every stored version stays usable.
 */
export const GOVERNANCE_DEFAULTS: Pick<
  SlaPolicy,
  | 'repeat'
  | 'fairness'
  | 'retention'
  | 'kpiWeights'
  | 'reopenOnRating'
  | 'maxExtension'
  | 'operatorLoad'
  | 'notifications'
  | 'replyQuality'
  | 'inspection'
  | 'photos'
  | 'hotspots'
  | 'structural'
> = {
  reopenOnRating: { satisfaction: ['dissatisfied'], resolution: ['unresolved'] },
  // As long again as the longest default handling limit (complex: 15 working days).
  maxExtension: { unit: 'working_days', amount: 15 },
  // Auto-merge off by default (no candidate scores 1): the operator confirms each merge.
  // Same requester and category, or same category close by: held for the operator before any unit sees it.
  repeat: { windowHours: 72, distanceMeters: 300, autoMergeConfidence: 1, holdConfidence: 0.8 },
  fairness: { windowDays: 90, maxContacts: 12, maxDissatisfied: 3 },
  retention: { anonymiseAfterDays: 180 },
  notifications: { templates: 2, quietHours: { from: '22:00', to: '08:00' } },
  // Three abusive calls in four hours: the figure centres cite for when an operator needs a pause.
  operatorLoad: { windowHours: 4, abusiveCallsBeforeBreak: 3 },
  replyQuality: REPLY_QUALITY_DEFAULTS,
  // A handful a week per unit and operator: what one inspector can score by hand.
  inspection: { ordersPerUnit: 3, intakesPerOperator: 2 },
  // A phone camera's JPEG is 2–5 MB; nine is what a WeChat message carries.
  photos: { maxBytes: 8 * 1024 * 1024, maxPerOrder: 9 },
  hotspots: HOTSPOT_DEFAULTS,
  structural: STRUCTURAL_DEFAULTS,
  kpiWeights: {
    onTimeResponse: 0.15,
    onTimeHandling: 0.25,
    directAnswer: 0.1,
    satisfaction: 0.2,
    resolution: 0.2,
    reopen: 0.05,
    return: 0.05,
  },
};

export function withGovernanceDefaults<T extends Partial<SlaPolicy>>(policy: T): T & typeof GOVERNANCE_DEFAULTS {
  return { ...GOVERNANCE_DEFAULTS, ...policy };
}
