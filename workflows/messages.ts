/**
 * Message definitions of the order workflow, shared by the workflow and its clients (API, tests).
 * Department and coordinator actions are Updates with validators; read-only views are Queries.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Clock, ClockKind } from '../domain/clock';
import { ACTIONS, type ActionName } from '../domain/lifecycle';
import type { Actor, CitizenContact, ClosureCode, OrderStatus, SlaState } from '../domain/order';
import type { Channel, HandlingClass, Limit, OrderType, Urgency } from '../domain/types';

export const TASK_QUEUE = 'orders';

/** Update rejection types; the API maps them to HTTP statuses (404, 403, 409, 422). */
export const REJECTION = {
  /** The caller's unit is not on the order: the API answers 404, as for an order that does not exist. */
  notOnOrder: 'NotOnOrder',
  forbidden: 'Forbidden',
  wrongState: 'WrongState',
  ruleViolation: 'RuleViolation',
} as const;

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
  satisfaction: VisitInput['satisfaction'];
  resolution: VisitInput['resolution'];
  comment: string | null;
}

/** How the order was closed, beyond its closure code. */
export interface ClosureView {
  at: number;
  code: ClosureCode;
  reason: string | null;
  articleId?: string;
  referredTo?: ReferInput['channel'];
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
  state: OrderStatus;
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
  lastSeq: number;
}

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
export const REFERRAL_CHANNELS = ['litigation', 'arbitration', 'petition', 'market', 'police_110', 'other'] as const;
export interface ReferInput extends ActionInput {
  channel: (typeof REFERRAL_CHANNELS)[number];
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
export const SATISFACTION = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export const RESOLUTION = ['resolved', 'partly', 'unresolved'] as const;
export interface VisitInput extends ActionInput {
  satisfaction: (typeof SATISFACTION)[number];
  resolution: (typeof RESOLUTION)[number];
  comment?: string;
  /** The answer of a repeat contact linked to this order (并单): recorded for it, without closing the order. */
  contactOrderId?: string;
}
export interface FailedAttemptInput extends ActionInput {
  note?: string;
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
}
export type InputOf<K extends ActionName> = ActionInputs[K];

/** Each action's Update, named after the action; every one answers with the order as it now stands. */
export type ActionUpdate<K extends ActionName> = UpdateDefinition<OrderView, [InputOf<K>], K>;

export const updates = Object.fromEntries(
  (Object.keys(ACTIONS) as ActionName[]).map((name) => [name, defineUpdate(name)]),
) as { [K in ActionName]: ActionUpdate<K> };
