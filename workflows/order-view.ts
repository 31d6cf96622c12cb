/**
 * What an order looks like to its readers, from its state: the view the Updates answer with and the
 * query returns (the API projects it per role), and the read-model row the activity writes with each
 * batch of events. No decisions here: those are in ./order-state and ./actions.
 */
import { clockDueAt, clockRemainingMs, clockSlaState } from '../domain/clock';
import type { OrderReadModel, OrderView } from './messages';
import type { OrderState } from './order-state';

export function orderView(order: OrderState, now: number): OrderView {
  const { intake: i, ...s } = order.snapshot;
  const calendar = order.calendar;
  return {
    orderId: i.orderId,
    orderType: s.orderType,
    channel: i.channel,
    category: s.category,
    categoryName: s.categoryName,
    urgency: s.urgency,
    description: i.description,
    citizen: i.citizen,
    incidentAddress: i.incidentAddress ?? null,
    confidential: i.confidential === true,
    state: order.state,
    phase: s.phase,
    closureCode: s.closure?.code ?? null,
    closure: s.closure,
    slaState: order.slaState(now),
    escalationLevel: s.escalationLevel,
    escalations: s.escalations,
    leadUnit: s.leadUnit,
    assistingUnits: s.assisting,
    policyVersion: i.policy.version,
    receivedAt: i.receivedAt,
    acknowledgedAt: s.acknowledgedAt,
    completedAt: s.completedAt,
    closedAt: s.closure?.at ?? null,
    reply: s.reply,
    notes: s.notes,
    returns: s.returns,
    reopens: s.reopens,
    visitAttempts: s.visitAttempts,
    visits: s.visits,
    pendingExtension: s.pendingExtension,
    contacts: s.contacts,
    clocks: s.clocks.map((c) => ({
      kind: c.kind,
      subject: c.subject,
      startedAt: c.startedAt,
      dueAt: clockDueAt(c, calendar),
      remainingMs: clockRemainingMs(c, now, calendar),
      paused: c.runningSince == null && c.stoppedAt == null,
      pausedReason: c.pausedReason,
      breachedAt: c.breachedAt,
      stoppedAt: c.stoppedAt,
      slaState: clockSlaState(c, now, calendar),
    })),
    verificationCodeVersion: s.codeVersion ?? 0,
    quality: s.quality ?? null,
    lastSeq: s.seq,
  };
}

/** The read-model row of the order at `now`; `view`: its view at `now`, when the caller has it already. */
export function readModelOf(order: OrderState, now: number, view = orderView(order, now)): OrderReadModel {
  const { intake: i, seq } = order.snapshot;
  return {
    orderId: i.orderId,
    orderType: view.orderType,
    channel: i.channel,
    category: view.category,
    urgency: view.urgency,
    state: view.state,
    closureCode: view.closureCode,
    slaState: view.slaState,
    escalationLevel: view.escalationLevel,
    leadUnit: view.leadUnit,
    assistingUnits: view.assistingUnits.map((a) => a.unit),
    policyVersion: i.policy.version,
    requesterHash: i.requesterHash,
    lat: i.location?.lat ?? null,
    lng: i.location?.lng ?? null,
    citizen: i.citizen,
    snapshot: view,
    receivedAt: i.receivedAt,
    responseDueAt: order.dueAt('response'),
    handlingDueAt: order.dueAt('handling'),
    closedAt: view.closedAt,
    updatedAt: now,
    lastSeq: seq,
  };
}
