/**
 * One durable workflow per work order (工单). The workflow is the clock: it owns every SLA timer,
 * escalation and state transition; activities write the audit trail and its projections.
 * Shape: the state class (./order-state) changed only by the actions (./actions), an Update per action
 * (./order-run), each change settled where it happens — what it shows, the timer for the next clock
 * event, the write of its events (./order-writes) — a main loop that wakes only for a clock event,
 * continue-as-new carrying the state, and closure. Orders started before this shape replay in
 * ./order-legacy.
 */
import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { ACTIONS, type ActionName } from '../domain/lifecycle';
import type { Intake } from '../domain/order';
import { addContact } from './actions';
import { ClockTimer } from './clock-timer';
import { mergeSignal, orderQuery, type OrderView } from './messages';
import { loopedRun } from './order-legacy';
import { catchUpClocks, nextRun, orderResult, publisher, registerAction } from './order-run';
import { OrderState, type OrderSnapshot } from './order-state';
import { orderView } from './order-view';
import { outboxWriter } from './order-writes';
import { patchesOf, SETTLE_IN_HANDLERS, type Patched } from './patches';

export interface OrderWorkflowInput {
  intake: Intake;
  /** Present when the order continued as new: the state it carries over. */
  carried?: OrderSnapshot;
  /**
   * The starter set the order's search attributes (the API does, from the same pure code), so the first
   * task upserts only what differs. Absent on orders started before this flag existed: they upserted
   * every attribute in their first task, and must do so again when replayed.
   */
  attributesAtStart?: boolean;
  /**
   * Set on orders started since the read-model write became a local activity, and on every continued run.
   * Absent on older orders: they scheduled an activity per batch, and must do so again when replayed.
   */
  localWrites?: boolean;
  /**
   * The changes guarded by a patch that this run takes from its first task (ORDER_PATCHES when it was
   * started). Absent on orders started before the list existed: they decide by patched() as before.
   */
  patches?: readonly string[];
}

export interface OrderResult {
  orderId: string;
  closureCode: string | null;
  lastSeq: number;
}

export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderResult> {
  const order = input.carried ? new OrderState(input.carried) : OrderState.receive(input.intake);
  const has = patchesOf(input.patches);
  // Taken from the start list only, never by patched(): a run cannot switch its coroutines half-way.
  if (input.patches?.includes(SETTLE_IN_HANDLERS)) return settledRun(input, order, has);
  return loopedRun(input, order, has);
}

/**
 * Orders started with SETTLE_IN_HANDLERS: each change settles its consequences where it happens (the
 * Update, the signal, the timer's wake-up) — attributes and details, the timer for the next clock event,
 * the write of its events — instead of waking a main loop and an outbox loop, each through a condition
 * and its promises (the SDK captures a stack trace for every promise: sdk-typescript#1587). The main
 * loop wakes only for a clock event, continue-as-new or closure.
 */
async function settledRun(input: OrderWorkflowInput, order: OrderState, has: Patched): Promise<OrderResult> {
  const publish = publisher(input.attributesAtStart === true, has);
  const timer = new ClockTimer();
  const writer = outboxWriter(order, () => publish(order));
  /** After a change: what it shows (`changed`), the timer for the next clock event, then its write. */
  const settle = (changed: boolean): OrderView | null => {
    const view = changed ? publish(order) : null;
    timer.setFor(order.nextClockEventAt(), Date.now());
    writer.write(view ?? undefined);
    return view;
  };
  const change = () => settle(true)!;

  setHandler(orderQuery, () => orderView(order, Date.now()));
  for (const name of Object.keys(ACTIONS) as ActionName[]) registerAction(order, name, change, has);
  // A contact that arrives while the closed order still writes its last events is recorded, never dropped.
  setHandler(mergeSignal, (contact) => {
    catchUpClocks(order, Date.now(), has);
    addContact(order, contact, Date.now());
    change();
  });
  change();

  const readyToContinueAsNew = () =>
    workflowInfo().continueAsNewSuggested && allHandlersFinished() && order.outbox.length === 0;
  while (!order.isClosed) {
    await condition(() => timer.fired || order.isClosed || readyToContinueAsNew());
    if (timer.fired) settle(order.fireDueClocks(Date.now()).length > 0);
    if (!order.isClosed && readyToContinueAsNew()) await continueAsNew<typeof orderWorkflow>(nextRun(input, order));
  }
  timer.cancel();
  await condition(allHandlersFinished);
  await condition(writer.idle);
  return orderResult(order);
}
