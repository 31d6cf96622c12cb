/**
 * The audit trail's vocabulary: every event type the order workflow writes, with the data it carries.
 * `OrderState.record()` accepts only these, and the one reader of the trail (./order-facts) switches over
 * them exhaustively, so adding or renaming an event fails to compile until the reader handles it.
 * The stored JSON is exactly this data; nothing is renamed on the way to the database.
 */
import type { ClockKind } from './clock';
import type { SuggestionShown } from './dispatch-suggest';
import type { Actor, ClosureCode } from './order';
import type { Resolution, Satisfaction } from './order-view';
import type { ReplyFinding, ReplyFindingCode } from './reply-quality';
import type { CallerConduct, Channel, Limit, OrderType, TranscriptUse, Urgency } from './types';
import type { PhotoKind } from './photos';

type ClockRef = { clock: ClockKind; subject: string | null };
type ClockFired = ClockRef & { dueAt: number; latenessMs: number };
type Dispatch = {
  leadUnit: string;
  assistingUnits: string[];
  handlingLimit: Limit;
  responseDueAt: number | null;
  handlingDueAt: number | null;
};
type LevelChange = { from: number; to: number };
type UnitOnly = { unit: string | null };

/** The data of each audit event type. */
export interface AuditEventData {
  // intake (受理)
  received: {
    orderType: OrderType;
    channel: Channel;
    category: string | null;
    urgency: Urgency;
    policyVersion: number;
    /** The reference data versions the order started under (null on orders from before versioning). */
    referenceVersions: { policy: number; units: number; catalogue: number; calendar: number } | null;
    responseDueAt: number | null;
    /** The dispatch suggestion shown at intake and whether its first category was chosen (absent: none shown). */
    suggestion?: SuggestionShown & { accepted: boolean };
    /** 智能填单: which fields the transcript proposed and which of them the operator changed (absent: not used). */
    transcript?: TranscriptUse;
  };
  /** 来电情况, marked by the operator at intake: centre-only (CENTRE_ONLY_EVENTS), for the operators' load. */
  caller_conduct_noted: { kinds: CallerConduct[] };
  classified: { orderType: OrderType; category: string | null; urgency: Urgency };
  answered: { articleId: string };
  /** The referral channel's code (转办渠道, reference data). */
  referred: { channel: string };
  contact_merged: { contactOrderId: string; contacts: number };
  urgency_raised: { from: Urgency; to: Urgency; handlingDueAt: number | null };
  // dispatch (派单), re-dispatch and the backstop unit (兜底)
  dispatched: Dispatch;
  redispatched: Dispatch;
  backstop_assigned: { from: string | null; to: string };
  assisting_added: { unit: string; dueAt: number | null };
  assisting_removed: { unit: string };
  // departments (承办单位)
  acknowledged: UnitOnly & { responseMet: boolean };
  assist_acknowledged: UnitOnly;
  returned: UnitOnly & { returns: number; rulingDueAt: number | null };
  extension_requested: { newDueAt: number; currentDueAt: number | null };
  note_added: UnitOnly;
  /** 照片: a photo stored with the order (the bytes in the photo store, never here). */
  photo_added: { kind: PhotoKind; size: number };
  assist_contributed: { unit: string };
  /** `assistingWithoutOpinion`: assisting units that never gave their opinion (协办意见); the lead completed without them. */
  completed: UnitOnly & { reply: string; visitDueAt: number | null; assistingWithoutOpinion?: string[] };
  // 质检: a finding on the lead unit's reply at completion (no text: the code and the figures it rests on), and a
  // reviewer's decision on an order the policy sent to quality review (the reason is the event's reason)
  quality_finding: UnitOnly & ReplyFinding;
  quality_cleared: UnitOnly & { codes: ReplyFindingCode[] };
  quality_returned: UnitOnly & { codes: ReplyFindingCode[]; handlingDueAt: number | null };
  // coordinators (协调/督办)
  ruled: { decision: 'keep' | 'reassign'; leadUnit: string | null };
  /** `to` is the deadline the clock now has; `requested`, the instant granted, when working-day rounding moved it. */
  extension_granted: { from: number | null; to: number; requested?: number };
  extension_denied: { requestedDueAt: number | null };
  deadline_set: ClockRef & { from: number | null; to: number; requested?: number };
  clock_paused: ClockRef;
  clock_resumed: ClockRef & { dueAt: number | null };
  escalated: LevelChange;
  deescalated: LevelChange;
  // clocks (催办 at the warning thresholds, breach at 100 %)
  clock_warning: ClockFired & { threshold: number };
  clock_breached: ClockFired;
  // return visits (回访) and closure (结案)
  visit_recorded: { satisfaction: Satisfaction; resolution: Resolution };
  contact_visit_recorded: { contactOrderId: string; satisfaction: Satisfaction; resolution: Resolution };
  visit_attempt_failed: { attempts: number };
  reopened: { reopens: number; handlingDueAt: number | null };
  closed: {
    closureCode: ClosureCode;
    articleId?: string;
    referredTo?: string;
    mergedInto?: string;
  };
  // the order's own writes: a batch the database refused (domain/record-failure); seqs and error class only
  record_failed: {
    fromSeq: number;
    toSeq: number;
    /** The SQLSTATE, e.g. 22P05 (a NUL in jsonb). */
    sqlState: string;
    /** Strings the database could not store, replaced by a placeholder in the order and in the batch. */
    withheld: number;
    /** False when even the batch without them was refused: its events are then missing from the trail. */
    written: boolean;
  };
  // the citizen's lookup (查询): an operator re-issued a lost verification code; the code is never recorded
  verification_code_reissued: { version: number };
}

export type AuditEventType = keyof AuditEventData;

/** Every event type, for narrowing the `type` column of a stored row. */
const TYPES: Record<AuditEventType, true> = {
  received: true,
  classified: true,
  answered: true,
  referred: true,
  contact_merged: true,
  urgency_raised: true,
  dispatched: true,
  redispatched: true,
  backstop_assigned: true,
  assisting_added: true,
  assisting_removed: true,
  acknowledged: true,
  assist_acknowledged: true,
  returned: true,
  extension_requested: true,
  note_added: true,
  photo_added: true,
  assist_contributed: true,
  completed: true,
  quality_finding: true,
  quality_cleared: true,
  quality_returned: true,
  ruled: true,
  extension_granted: true,
  extension_denied: true,
  deadline_set: true,
  clock_paused: true,
  clock_resumed: true,
  escalated: true,
  deescalated: true,
  clock_warning: true,
  clock_breached: true,
  visit_recorded: true,
  contact_visit_recorded: true,
  visit_attempt_failed: true,
  reopened: true,
  closed: true,
  record_failed: true,
  verification_code_reissued: true,
  caller_conduct_noted: true,
};

/**
 * Events only the centre's own roles read in an order's trail: how a caller treated the operator is never
 * shown to the units handling the order.
 */
export const CENTRE_ONLY_EVENTS: ReadonlySet<AuditEventType> = new Set(['caller_conduct_noted']);

export function isAuditEventType(type: string): type is AuditEventType {
  return Object.hasOwn(TYPES, type);
}

/** One audit event as the workflow writes it (numbered by the order's own sequence). */
export type AuditEvent<T extends AuditEventType = AuditEventType> = {
  [K in T]: { seq: number; type: K; at: number; actor: Actor; reason: string | null; data: AuditEventData[K] };
}[T];

/** A row of `audit_events` as read back: the type is plain text there and the data plain JSON. */
export interface AuditRow {
  seq: number;
  type: string;
  at: number;
  actorUnit: string | null;
  data: Record<string, unknown>;
}

/**
 * A stored event, narrowed by its type. Its data is partial: rows written by older versions lack the
 * fields added since, so readers must not rely on any single field being there.
 */
export type StoredEvent = {
  [K in AuditEventType]: {
    seq: number;
    type: K;
    at: number;
    actorUnit: string | null;
    data: Partial<AuditEventData[K]>;
  };
}[AuditEventType];

/**
 * The one place stored rows become typed events: the database holds what `record()` accepted. A type
 * this version does not know (written by a newer one) is null, so readers skip it.
 */
export function storedEvent(row: AuditRow): StoredEvent | null {
  return isAuditEventType(row.type) ? (row as StoredEvent) : null;
}

/** For the `default` branch of an exhaustive switch over event types. */
export function unhandledEvent(event: never): never {
  throw new Error(`unhandled audit event ${JSON.stringify(event)}`);
}
