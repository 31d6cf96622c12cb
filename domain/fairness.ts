/**
 * The fairness layer (会哭的孩子有奶吃): a requester who contacts the hotline or rates "dissatisfied"
 * far more often than policy allows is flagged, and their dissatisfied ratings of work a unit finished
 * on time go to third-party review instead of counting against the unit unexamined.
 */
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

interface TrailEvent {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

/**
 * Whether the handling cycle that a return visit rated was completed on time: no handling breach
 * between the start of that cycle (the last dispatch or reopen before the visit) and the visit.
 */
export function ratedCycleOnTime(events: TrailEvent[], visitSeq: number): boolean {
  const before = events.filter((e) => e.seq < visitSeq).sort((a, b) => a.seq - b.seq);
  const cycleStart = before.findLast((e) =>
    ['dispatched', 'redispatched', 'backstop_assigned', 'reopened'].includes(e.type),
  );
  const from = cycleStart?.seq ?? 0;
  return !before.some((e) => e.seq > from && e.type === 'clock_breached' && e.data.clock === 'handling');
}
