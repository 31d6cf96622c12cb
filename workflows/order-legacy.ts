/**
 * The run mode of orders started before SETTLE_IN_HANDLERS (workflows/patches.ts), kept only so their
 * histories replay as they ran: a main loop woken by every change, and an outbox loop beside it. New
 * orders, and every order once it continues as new, run workflows/order.ts settledRun.
 */
import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import type { RecordOrderEventsInput } from '../activities';
import { ACTIONS, type ActionName } from '../domain/lifecycle';
import { addContact } from './actions';
import { ClockTimer } from './clock-timer';
import { mergeSignal, orderQuery } from './messages';
import type { OrderResult, OrderWorkflowInput, orderWorkflow } from './order';
import { catchUpClocks, nextRun, orderResult, publisher, registerAction } from './order-run';
import type { OrderState } from './order-state';
import { orderView } from './order-view';
import { batchOf, recordLocally, recordOrderEvents, recordRefusal, refusal, type Write } from './order-writes';
import type { Patched } from './patches';

/**
 * Orders started before SETTLE_IN_HANDLERS, as they ran then (their histories replay only so): a main
 * loop woken by every change, and an outbox loop beside it.
 */
export async function loopedRun(input: OrderWorkflowInput, order: OrderState, has: Patched): Promise<OrderResult> {
  const publish = publisher(input.attributesAtStart === true, has);
  let changed = false;
  const touch = () => {
    changed = true;
    return publish(order);
  };

  setHandler(orderQuery, () => orderView(order, Date.now()));
  for (const name of Object.keys(ACTIONS) as ActionName[]) registerAction(order, name, touch, has);
  setHandler(mergeSignal, (contact) => {
    // A contact that arrives while the closed order still writes its last events is recorded, never
    // dropped. Patched: histories from before this change ignored it.
    if (order.isClosed && !has('record-contact-after-close')) return;
    catchUpClocks(order, Date.now(), has);
    addContact(order, contact, Date.now());
    touch();
  });

  const flushing = flushOutbox(order, input.localWrites === true, () => publish(order));
  publish(order);

  // Continue as new only once nothing is in flight, but never hold the clocks up waiting for that moment
  // (the outbox stays full while the database is down).
  const readyToContinueAsNew = () =>
    workflowInfo().continueAsNewSuggested && allHandlersFinished() && order.outbox.length === 0;
  const timer = new ClockTimer();
  while (!order.isClosed) {
    const next = order.nextClockEventAt();
    changed = false;
    const wake = () => changed || order.isClosed || readyToContinueAsNew();
    // Patched: histories from before set a timer per wait and cancelled it on every wake-up.
    if (has('keep-clock-timer')) {
      timer.setFor(next, Date.now());
      await condition(() => timer.fired || wake());
    } else if (next == null) await condition(wake);
    else await condition(wake, Math.max(next - Date.now(), 1));
    if (order.fireDueClocks(Date.now()).length) publish(order);
    // The next run starts with this run's attributes.
    if (!order.isClosed && readyToContinueAsNew()) await continueAsNew<typeof orderWorkflow>(nextRun(input, order));
  }
  timer.cancel();
  await condition(allHandlersFinished);
  await flushing.stop();
  return orderResult(order);
}

/**
 * Writes the outbox in order, one batch at a time, beside the main loop: clocks never wait for the
 * database, and an action's answer waits at most for the bounded local write. A batch leaves the outbox
 * only once written (or, refused for its data, recorded as such: writeBatch).
 */
function flushOutbox(order: OrderState, local: boolean, published: () => void): { stop(): Promise<void> } {
  const write = (input: RecordOrderEventsInput) => (local ? recordLocally(input) : recordOrderEvents(input));
  let stopping = false;
  const loop = (async () => {
    for (;;) {
      await condition(() => order.outbox.length > 0 || stopping);
      if (order.outbox.length === 0) return;
      const size = order.outbox.length;
      if (await writeBatch(order, size, write)) published();
      order.written(size);
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      await loop;
    },
  };
}

/**
 * Writes the outbox's first `size` events with the read-model row; true when the database refused them
 * for their data. Such a write would be refused again forever and hold up every later event, so the text
 * the database cannot store is withheld from the order itself (domain/text), the batch is written again,
 * and the failure recorded: a `record_failed` event (seqs and SQLSTATE, no data) and the UI's details.
 * The trail keeps every seq and the order stays in every list.
 */
async function writeBatch(order: OrderState, size: number, write: Write): Promise<boolean> {
  const sqlState = await refusal(write(batchOf(order, size)));
  return sqlState !== null && recordRefusal(order, size, sqlState, write);
}
