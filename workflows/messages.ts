/**
 * Message definitions of the order workflow, shared by the workflow and its clients (API, tests).
 * Department and coordinator actions are Updates with validators; read-only views are Queries.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ClockKind } from '../domain/clock';
import { ACTIONS, type ActionName } from '../domain/lifecycle';
import type { Actor } from '../domain/order';
import type { OrderView, Resolution, Satisfaction } from '../domain/order-view';
import type { Channel, HandlingClass, Limit, OrderType, Urgency } from '../domain/types';

// What the order's query and Updates answer with, and the vocabulary their inputs use.
export * from '../domain/order-view';

export const TASK_QUEUE = 'orders';

/** Update rejection types; the API maps them to HTTP statuses (404, 403, 409, 422). */
export const REJECTION = {
  /** The caller's unit is not on the order: the API answers 404, as for an order that does not exist. */
  notOnOrder: 'NotOnOrder',
  forbidden: 'Forbidden',
  wrongState: 'WrongState',
  ruleViolation: 'RuleViolation',
} as const;

export interface ActionInput {
  actor: Actor;
}

// ---- intake (operator) ------------------------------------------------------------------------
export interface ClassifyInput extends ActionInput {
  orderType: OrderType;
  category: string | null;
  categoryName: string | null;
  urgency: Urgency;
  handlingClass: HandlingClass;
  categoryLimit: Limit | null;
}
export interface DispatchInput extends ActionInput {
  leadUnit: string;
  assistingUnits: string[];
}
export interface AnswerInput extends ActionInput {
  articleId: string;
  reply: string;
}
export interface ReferInput extends ActionInput {
  /** A referral channel's code (转办渠道), checked by the API against the reference data. */
  channel: string;
  reply: string;
}
export interface ReasonInput extends ActionInput {
  reason: string;
}
export interface MergeIntoInput extends ActionInput {
  primaryOrderId: string;
}

// ---- departments --------------------------------------------------------------------------------
export interface AcknowledgeInput extends ActionInput {
  note?: string;
}
export interface ExtensionRequestInput extends ActionInput {
  reason: string;
  newDueAt: number;
}
export interface NoteInput extends ActionInput {
  note: string;
}
export interface CompleteInput extends ActionInput {
  reply: string;
  /**
   * 质检: fingerprints of the unit's recent replies on other orders (domain/reply-quality), looked up by the
   * API. Its presence turns the reply checks on: completions from before they existed replay as they ran.
   */
  recentReplies?: string[];
}

// ---- coordinators -----------------------------------------------------------------------------
export interface RuleInput extends ActionInput {
  decision: 'keep' | 'reassign';
  /** Required when reassigning. */
  leadUnit?: string;
  reason: string;
}
export interface ReassignInput extends ActionInput {
  leadUnit: string;
  reason: string;
}
export interface AssistingInput extends ActionInput {
  unit: string;
  reason: string;
}
export interface DecideExtensionInput extends ActionInput {
  grant: boolean;
  /** A granted extension ends at the requested date unless the coordinator sets another. */
  newDueAt?: number;
  reason: string;
}
export interface SetDeadlineInput extends ActionInput {
  clock: ClockKind;
  subject?: string;
  dueAt: number;
  reason: string;
}
export interface ClockHoldInput extends ActionInput {
  /** Omitted: every running clock of the order. */
  clock?: ClockKind;
  reason: string;
}
export interface LevelInput extends ActionInput {
  level: number;
  reason: string;
}

// ---- return visits ----------------------------------------------------------------------------
export interface VisitInput extends ActionInput {
  satisfaction: Satisfaction;
  resolution: Resolution;
  comment?: string;
  /** The answer of a repeat contact linked to this order (并单): recorded for it, without closing the order. */
  contactOrderId?: string;
}
export interface FailedAttemptInput extends ActionInput {
  note?: string;
}

// ---- the citizen's lookup ---------------------------------------------------------------------
/** A photo already stored (api/photos.ts): its size only, never its bytes. */
export interface PhotoInput extends ActionInput {
  size: number;
}

export interface ReissueCodeInput extends ActionInput {
  /** The keyed hash of the caller's phone (api/intake requesterHash): it must be the order's requester. */
  callerHash: string;
}

/** A repeat contact (并单) linked to this order from the duplicate's workflow. */
export interface MergeContact {
  orderId: string;
  channel: Channel;
  at: number;
  requesterHash: string | null;
  actor: Actor;
}

export const orderQuery = defineQuery<OrderView>('order');
export const mergeSignal = defineSignal<[MergeContact]>('merge');

/** The input each action's Update takes. */
export interface ActionInputs {
  classify: ClassifyInput;
  dispatch: DispatchInput;
  answer: AnswerInput;
  refer: ReferInput;
  withdraw: ReasonInput;
  mergeInto: MergeIntoInput;
  acknowledge: AcknowledgeInput;
  returnOrder: ReasonInput;
  requestExtension: ExtensionRequestInput;
  addNote: NoteInput;
  contribute: NoteInput;
  complete: CompleteInput;
  clearQuality: ReasonInput;
  returnForQuality: ReasonInput;
  rule: RuleInput;
  reassign: ReassignInput;
  addAssisting: AssistingInput;
  removeAssisting: AssistingInput;
  decideExtension: DecideExtensionInput;
  setDeadline: SetDeadlineInput;
  pauseClock: ClockHoldInput;
  resumeClock: ClockHoldInput;
  escalate: LevelInput;
  deescalate: LevelInput;
  forceClose: ReasonInput;
  recordVisit: VisitInput;
  recordFailedAttempt: FailedAttemptInput;
  reissueCode: ReissueCodeInput;
  addPhoto: PhotoInput;
}
export type InputOf<K extends ActionName> = ActionInputs[K];

/** Each action's Update, named after the action; every one answers with the order as it now stands. */
export type ActionUpdate<K extends ActionName> = UpdateDefinition<OrderView, [InputOf<K>], K>;

export const updates = Object.fromEntries(
  (Object.keys(ACTIONS) as ActionName[]).map((name) => [name, defineUpdate(name)]),
) as { [K in ActionName]: ActionUpdate<K> };
