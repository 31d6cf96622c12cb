/**
 * Custom search attributes the order workflow keeps current, for SLA monitoring in the Temporal UI.
 * Within the dev server's limits (10 Keyword, 3 Datetime, 3 Int per namespace). Never any citizen data.
 */
import {
  defineSearchAttributeKey,
  SearchAttributeType,
  type SearchAttributePair,
  type SearchAttributeUpdatePair,
} from '@temporalio/common';
import type { Intake } from '../domain/order';
import type { OrderState } from './order-state';
import { orderView } from './order-view';

export const SA = {
  orderState: defineSearchAttributeKey('OrderState', SearchAttributeType.KEYWORD),
  slaState: defineSearchAttributeKey('SlaState', SearchAttributeType.KEYWORD),
  escalationLevel: defineSearchAttributeKey('EscalationLevel', SearchAttributeType.INT),
  leadUnit: defineSearchAttributeKey('LeadUnit', SearchAttributeType.KEYWORD),
  assistingUnits: defineSearchAttributeKey('AssistingUnits', SearchAttributeType.KEYWORD_LIST),
  category: defineSearchAttributeKey('Category', SearchAttributeType.KEYWORD),
  urgency: defineSearchAttributeKey('Urgency', SearchAttributeType.KEYWORD),
  orderType: defineSearchAttributeKey('OrderType', SearchAttributeType.KEYWORD),
  closureCode: defineSearchAttributeKey('ClosureCode', SearchAttributeType.KEYWORD),
  responseDueAt: defineSearchAttributeKey('ResponseDueAt', SearchAttributeType.DATETIME),
  handlingDueAt: defineSearchAttributeKey('HandlingDueAt', SearchAttributeType.DATETIME),
  /** The next instant a reminder or breach fires: "due in the next hour" is a range on it. */
  nextDueAt: defineSearchAttributeKey('NextDueAt', SearchAttributeType.DATETIME),
} as const;

/**
 * The attribute values of an order as it stands; null removes an attribute. `NextDueAt` is the next
 * reminder or breach (a breached clock has none left, so old breaches drop out of "due in the next
 * hour"). `earliestDue`: orders from before that kept the earliest due instant of any running clock
 * there, and replay their histories with it. `view`: the order's view at `now`, when the caller has it.
 */
export function orderSearchAttributes(
  order: OrderState,
  now: number,
  earliestDue = false,
  view = orderView(order, now),
): SearchAttributeUpdatePair[] {
  const date = (ms: number | null) => (ms == null ? null : new Date(ms));
  return [
    { key: SA.orderState, value: view.state },
    { key: SA.slaState, value: view.slaState },
    { key: SA.escalationLevel, value: view.escalationLevel },
    { key: SA.leadUnit, value: view.leadUnit },
    { key: SA.assistingUnits, value: view.assistingUnits.length ? view.assistingUnits.map((a) => a.unit) : null },
    { key: SA.category, value: view.category },
    { key: SA.urgency, value: view.urgency },
    { key: SA.orderType, value: view.orderType },
    { key: SA.closureCode, value: view.closureCode },
    { key: SA.responseDueAt, value: date(order.dueAt('response')) },
    { key: SA.handlingDueAt, value: date(order.dueAt('handling')) },
    { key: SA.nextDueAt, value: date(earliestDue ? order.nextDueOfRunningClocks() : order.nextClockEventAt()) },
  ];
}

/** Attributes to set when the workflow starts (a start cannot "remove" one). */
export function initialSearchAttributes(order: OrderState, now: number): SearchAttributePair[] {
  return orderSearchAttributes(order, now).filter((p) => p.value !== null) as SearchAttributePair[];
}

/** The one-line static summary shown in the Temporal UI's list. No citizen data. */
export function orderSummary(intake: Intake): string {
  const what = intake.categoryName ?? intake.category ?? 'unclassified';
  return `${intake.orderType} · ${what} · ${intake.urgency} · lead ${intake.leadUnit ?? '—'} · via ${intake.channel}`;
}
