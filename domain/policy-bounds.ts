/**
 * The sane range of every SLA policy setting. A policy is published by hand; a slip (a 924-day response
 * limit, an emergency limit of 2.4e-23 days, a weight of 1e-311) would otherwise govern every new order.
 * The ranges are wide around the defaults (Beijing's DB11/T 2021—2022) and refuse only the absurd.
 */
import type { Limit, SlaPolicy } from './types';

export interface OutOfRange {
  /** The setting's dotted path in the policy, e.g. `handlingLimits.general.normal`. */
  field: string;
  message: string;
}

const MINUTES: Record<Limit['unit'], number> = { minutes: 1, hours: 60, calendar_days: 1440, working_days: 1440 };
const HOUR = 60;
const DAY = 1440;
/** Three seconds: demos (`npm run demo:orders`), benchmarks and fault runs breach clocks in seconds. */
const SHORTEST = 0.05;

/** Each limit's range, in minutes (a working day counted as a day: the bound is about magnitude). */
const LIMIT_RANGES = {
  responseLimit: [SHORTEST, DAY],
  emergencyLimit: [SHORTEST, 2 * DAY],
  handling: [SHORTEST, 90 * DAY],
  disputeRulingLimit: [SHORTEST, 10 * DAY],
  returnVisitLimit: [SHORTEST, 30 * DAY],
  maxExtension: [SHORTEST, 90 * DAY],
} as const;

/** Each plain setting's range, by its path (the console's form keeps its inputs within them). */
export const NUMBER_RANGES = {
  assistingLimitFraction: [0.1, 0.95],
  maxReturnsBeforeL3: [0, 10],
  maxReopensBeforeL3: [0, 10],
  maxVisitAttempts: [1, 10],
  contactsToRaiseUrgency: [0, 50],
  'repeat.windowHours': [1, 30 * 24],
  'repeat.distanceMeters': [10, 10_000],
  'repeat.autoMergeConfidence': [0.5, 1],
  'repeat.holdConfidence': [0.5, 1],
  'fairness.windowDays': [7, 365],
  'fairness.maxContacts': [2, 1000],
  'fairness.maxDissatisfied': [1, 100],
  'replyQuality.recentReplies': [0, 2000],
  'inspection.ordersPerUnit': [0, 100],
  'inspection.intakesPerOperator': [0, 100],
  'photos.maxBytes': [100 * 1024, 20 * 1024 * 1024],
  'photos.maxPerOrder': [1, 30],
  'hotspots.minCount': [1, 100],
  'hotspots.alpha': [0.0001, 0.2],
  'hotspots.baselineWeeks': [1, 26],
  'structural.minMonths': [2, 12],
  'structural.lookbackMonths': [2, 12],
} as const;

/** A reply's minimum length in characters: none at all, up to a long paragraph. */
const REPLY_MIN_LENGTH = [0, 500] as const;
const WARNING_THRESHOLD = [0.05, 0.95] as const;
/** A weight is off (0) or counts for at least this much: anything between is a slip, not a choice. */
const MIN_WEIGHT = 0.01;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
const minutesText = (m: number) =>
  m < 1
    ? plural(m * 60, 'second')
    : m % DAY === 0
      ? plural(m / DAY, 'day')
      : m % HOUR === 0
        ? plural(m / HOUR, 'hour')
        : plural(m, 'minute');

function at(policy: object, path: string): number {
  return path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown>)[key], policy) as number;
}

/** Every setting of the policy outside its range, each named; empty when the policy is sane. */
export function policyOutOfRange(policy: Omit<SlaPolicy, 'version'>): OutOfRange[] {
  const problems: OutOfRange[] = [];
  const limit = (field: string, value: Limit, [min, max]: readonly [number, number]) => {
    const minutes = value.amount * MINUTES[value.unit];
    if (!(minutes >= min && minutes <= max))
      problems.push({ field, message: `must be between ${minutesText(min)} and ${minutesText(max)}` });
  };
  const number = (field: string, value: number, [min, max]: readonly [number, number]) => {
    if (!(value >= min && value <= max)) problems.push({ field, message: `must be between ${min} and ${max}` });
  };
  limit('responseLimit', policy.responseLimit, LIMIT_RANGES.responseLimit);
  limit('emergencyLimit', policy.emergencyLimit, LIMIT_RANGES.emergencyLimit);
  for (const [handlingClass, byUrgency] of Object.entries(policy.handlingLimits)) {
    for (const [urgency, value] of Object.entries(byUrgency))
      limit(`handlingLimits.${handlingClass}.${urgency}`, value, LIMIT_RANGES.handling);
  }
  limit('disputeRulingLimit', policy.disputeRulingLimit, LIMIT_RANGES.disputeRulingLimit);
  limit('returnVisitLimit', policy.returnVisitLimit, LIMIT_RANGES.returnVisitLimit);
  limit('maxExtension', policy.maxExtension, LIMIT_RANGES.maxExtension);
  policy.warningThresholds.forEach((t, i) => number(`warningThresholds.${i}`, t, WARNING_THRESHOLD));
  if (!policy.warningThresholds.every((t, i, all) => i === 0 || t > all[i - 1]!))
    problems.push({ field: 'warningThresholds', message: 'warning thresholds must be ascending' });
  for (const [field, range] of Object.entries(NUMBER_RANGES)) number(field, at(policy, field), range);
  for (const [orderType, n] of Object.entries(policy.replyQuality.minLength))
    number(`replyQuality.minLength.${orderType}`, n, REPLY_MIN_LENGTH);
  const weights = Object.entries(policy.kpiWeights);
  for (const [name, w] of weights) {
    if (w !== 0 && !(w >= MIN_WEIGHT && w <= 1))
      problems.push({ field: `kpiWeights.${name}`, message: `must be 0 or between ${MIN_WEIGHT} and 1` });
  }
  if (policy.structural.minMonths > policy.structural.lookbackMonths)
    problems.push({ field: 'structural.minMonths', message: 'must not exceed the months looked back' });
  if (weights.every(([, w]) => w === 0))
    problems.push({ field: 'kpiWeights', message: 'at least one weight must count' });
  return problems;
}
