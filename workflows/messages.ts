/**
 * Message definitions of the order workflow, shared by the workflow and its clients (API, tests).
 * Department and coordinator actions are Updates with validators; read-only views are Queries.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Clock } from '../domain/clock';
import type { Actor, CitizenContact, ClosureCode, OrderStatus, SlaState } from '../domain/order';
import type { Channel, OrderType, Urgency } from '../domain/types';

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
}

export interface EscalationStep {
  level: number;
  at: number;
  cause: string;
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
  slaState: SlaState;
  escalationLevel: number;
  escalations: EscalationStep[];
  leadUnit: string | null;
  assistingUnits: AssistingUnitView[];
  policyVersion: number;
  receivedAt: number;
  acknowledgedAt: number | null;
  closedAt: number | null;
  clocks: ClockView[];
  lastSeq: number;
}

export interface ActionInput {
  actor: Actor;
}

export interface AcknowledgeInput extends ActionInput {
  note?: string;
}

export const orderQuery = defineQuery<OrderView>('order');
export const acknowledgeUpdate = defineUpdate<OrderView, [AcknowledgeInput]>('acknowledge');
