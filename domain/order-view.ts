/**
 * What an order looks like to its readers: the live view the workflow's query and Updates answer with,
 * and the read-model row the workflow hands to the record activity. Plain types, importable by every layer.
 */
import type { Clock } from './clock';
import type { Phase } from './lifecycle';
import type { CitizenContact, ClosureCode, Intake, OrderStatus, SlaState } from './order';
import type { ReplyFinding } from './reply-quality';
import type { Channel, OrderType, Urgency } from './types';

/** The citizen's answers at the return visit (回访): 满意度 and 解决情况. */
export const SATISFACTION = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTION)[number];
export const RESOLUTION = ['resolved', 'partly', 'unresolved'] as const;
export type Resolution = (typeof RESOLUTION)[number];

export interface ClockView {
  kind: Clock['kind'];
  subject: string | null;
  startedAt: number;
  dueAt: number | null;
  remainingMs: number;
  paused: boolean;
  pausedReason: string | null;
  breachedAt: number | null;
  stoppedAt: number | null;
  slaState: SlaState;
}

export interface AssistingUnitView {
  unit: string;
  acknowledgedAt: number | null;
  contributedAt: number | null;
}

export interface EscalationStep {
  level: number;
  at: number;
  cause: string;
}

export interface NoteView {
  at: number;
  unit: string | null;
  kind: 'progress' | 'contribution';
  text: string;
}

export interface ContactView {
  orderId: string;
  channel: Channel;
  at: number;
  /** The linked contact's own return-visit answer, recorded on the primary order. */
  visit?: VisitOutcome;
}

export interface VisitOutcome {
  at: number;
  satisfaction: Satisfaction;
  resolution: Resolution;
  comment: string | null;
}

/**
 * 质检 of the lead unit's last reply (domain/reply-quality): its findings, and where a review the policy
 * asked for stands (null: none asked for).
 */
export interface QualityView {
  findings: ReplyFinding[];
  review: 'pending' | 'cleared' | 'returned' | null;
}

/** How the order was closed, beyond its closure code. */
export interface ClosureView {
  at: number;
  code: ClosureCode;
  reason: string | null;
  articleId?: string;
  /** The referral channel's code (转办渠道, reference data). */
  referredTo?: string;
  mergedInto?: string;
}

/** The live state of an order, as the workflow query returns it. */
export interface OrderView {
  orderId: string;
  orderType: OrderType;
  channel: Channel;
  category: string | null;
  categoryName: string | null;
  urgency: Urgency;
  description: string;
  citizen: CitizenContact;
  /** 事发地址. Absent from snapshots stored before it existed. */
  incidentAddress: string | null;
  /** 举报人保护 (domain/citizen-visibility). Absent from snapshots stored before the flag existed: read `=== true`. */
  confidential: boolean;
  state: OrderStatus;
  /**
   * The lifecycle phase behind `state` (which shows `escalated` over it at L3): what the lifecycle table
   * (domain/lifecycle) decides on. Absent from snapshots stored before it existed, all of closed orders.
   */
  phase: Phase;
  closureCode: ClosureCode | null;
  closure: ClosureView | null;
  slaState: SlaState;
  escalationLevel: number;
  escalations: EscalationStep[];
  leadUnit: string | null;
  assistingUnits: AssistingUnitView[];
  policyVersion: number;
  receivedAt: number;
  acknowledgedAt: number | null;
  completedAt: number | null;
  closedAt: number | null;
  reply: string | null;
  notes: NoteView[];
  returns: number;
  reopens: number;
  visitAttempts: number;
  visits: VisitOutcome[];
  pendingExtension: { requestedBy: string | null; newDueAt: number; reason: string } | null;
  contacts: ContactView[];
  clocks: ClockView[];
  /**
   * Which verification code the citizen's lookup takes: 0 the one given at intake, +1 per re-issue. Absent
   * from snapshots stored before re-issues existed: read `?? 0`.
   */
  verificationCodeVersion: number;
  /** 质检 of the last reply; null until a reply was checked (and on snapshots stored before the checks). */
  quality: QualityView | null;
  lastSeq: number;
}

/** Read-model row as the record activity receives it (instants as epoch ms). */
export interface OrderReadModel {
  orderId: string;
  orderType: string;
  channel: string;
  category: string | null;
  urgency: string;
  state: OrderStatus;
  closureCode: ClosureCode | null;
  slaState: SlaState;
  escalationLevel: number;
  leadUnit: string | null;
  assistingUnits: string[];
  policyVersion: number;
  requesterHash: string | null;
  lat: number | null;
  lng: number | null;
  citizen: Intake['citizen'];
  snapshot: OrderView;
  receivedAt: number;
  responseDueAt: number | null;
  handlingDueAt: number | null;
  closedAt: number | null;
  updatedAt: number;
  lastSeq: number;
}
