/**
 * One durable workflow per work order (工单). The workflow is the clock: it owns every SLA timer,
 * escalation and state transition; activities write the read model and the audit trail.
 * Shape: handlers registered first, a state class (./order-state), a loop that sleeps until the next
 * clock event or change, continue-as-new carrying the state.
 */
import { ActivityFailure, ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities, RecordOrderEventsInput } from '../activities';
import { ACTIONS, type ActionName } from '../domain/lifecycle';
import { SYSTEM_ACTOR, type Intake } from '../domain/order';
import { INVALID_ORDER_DATA } from '../domain/record-failure';
import { refusalOf } from '../domain/refusals';
import { withholdUnstorableText } from '../domain/text';
import { addContact, applyAction, validateAction } from './actions';
import { ClockTimer } from './clock-timer';
import { renderDetails } from './details';
import {
  mergeSignal,
  orderQuery,
  REJECTION,
  updates,
  type ActionInput,
  type InputOf,
  type MergeContact,
  type OrderView,
} from './messages';
import { OrderState, reject, type OrderSnapshot } from './order-state';
import { ORDER_PATCHES, patchesOf, SETTLE_IN_HANDLERS, type Patched } from './patches';
import { orderSearchAttributes, SA } from './search-attributes';

const { recordOrderEvents } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  // The database may be down for a while: keep retrying with a bounded backoff rather than give up.
  retry: {
    initialInterval: '500 ms',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    nonRetryableErrorTypes: [INVALID_ORDER_DATA],
  },
});

/**
 * The same write as a local activity: done inside the workflow task that caused it, so a change costs
 * one workflow task instead of a task, an activity and a second task. Bounded tightly, because the
 * action's answer waits for it; when the database is slow or down the write falls back to the activity
 * above, which retries in the background while actions go on.
 */
const { recordOrderEvents: recordOrderEventsNow } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2 seconds',
  scheduleToCloseTimeout: '3 seconds',
  retry: { initialInterval: '100 ms', maximumAttempts: 2, nonRetryableErrorTypes: [INVALID_ORDER_DATA] },
});

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

  setHandler(orderQuery, () => order.view(Date.now()));
  for (const name of Object.keys(ACTIONS) as ActionName[]) registerAction(order, name, change, has);
  // A contact that arrives while the closed order still writes its last events is recorded, never dropped.
  setHandler(mergeSignal, (contact) => {
    catchUpClocks(order, Date.now(), has);
    addContact(order, contact, Date.now());
    change();
  });
  change();

  const readyToContinueAsNew = () =>
    workflowInfo().continueAsNewSuggested && allHandlersFinished() && order.s.outbox.length === 0;
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

/** The input of the run an order continues as: this run's state and attributes, today's patches. */
function nextRun(input: OrderWorkflowInput, order: OrderState): OrderWorkflowInput {
  return { intake: input.intake, carried: order.s, attributesAtStart: true, localWrites: true, patches: ORDER_PATCHES };
}

function orderResult(order: OrderState): OrderResult {
  return { orderId: order.s.intake.orderId, closureCode: order.s.closure?.code ?? null, lastSeq: order.s.seq };
}

/**
 * Orders started before SETTLE_IN_HANDLERS, as they ran then (their histories replay only so): a main
 * loop woken by every change, and an outbox loop beside it.
 */
async function loopedRun(input: OrderWorkflowInput, order: OrderState, has: Patched): Promise<OrderResult> {
  const publish = publisher(input.attributesAtStart === true, has);
  let changed = false;
  const touch = () => {
    changed = true;
    return publish(order);
  };

  setHandler(orderQuery, () => order.view(Date.now()));
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
    workflowInfo().continueAsNewSuggested && allHandlersFinished() && order.s.outbox.length === 0;
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
 * An Update per action: the lifecycle table and the action's own checks validate; apply changes state.
 * `changed` publishes the change and answers with the order's view.
 */
function registerAction<K extends ActionName>(
  order: OrderState,
  name: K,
  changed: () => OrderView,
  has: Patched,
): void {
  const validate = (input: InputOf<K>) => validateAction(order, name, input, Date.now());
  const apply = (input: InputOf<K>) => {
    catchUpClocks(order, Date.now(), has);
    applyAction(order, name, input, Date.now());
    return changed();
  };
  // Synchronous but for 并单, which first signals the primary: every promise costs a stack capture.
  const merge = async (input: InputOf<K>) => {
    await linkToPrimary(order, input as InputOf<'mergeInto'>);
    return apply(input);
  };
  setActionHandler(name, name === 'mergeInto' ? merge : apply, validate);
}

/**
 * setHandler for one action's Update: the one place the per-action types are erased, because the SDK's
 * `Handler<…>` conditional type cannot be resolved over a generic action name.
 */
function setActionHandler<K extends ActionName>(
  name: K,
  handler: (input: InputOf<K>) => OrderView | Promise<OrderView>,
  validator: (input: InputOf<K>) => void,
): void {
  setHandler(
    updates[name] as UpdateDefinition<OrderView, [ActionInput]>,
    handler as (input: ActionInput) => OrderView | Promise<OrderView>,
    { validator: validator as (input: ActionInput) => void },
  );
}

/**
 * A clock event due before an action fires before it, even when both reach the workflow together (a
 * worker that was down comes back to a due timer and a retried action): a unit that signs for an order
 * after its breach is recorded as late, and the breach is in the audit trail. Patched: histories from
 * before this change applied such an action first.
 */
function catchUpClocks(order: OrderState, now: number, has: Patched): void {
  const next = order.nextClockEventAt();
  if (next !== null && next <= now && has('fire-due-clocks-before-actions')) order.fireDueClocks(now);
}

/** 并单: tells the primary order about this contact before this order closes as `merged`. */
async function linkToPrimary(order: OrderState, input: InputOf<'mergeInto'>): Promise<void> {
  const { intake } = order.s;
  const contact: MergeContact = {
    orderId: intake.orderId,
    channel: intake.channel,
    at: intake.receivedAt,
    requesterHash: intake.requesterHash,
    actor: input.actor,
  };
  try {
    await getExternalWorkflowHandle(input.primaryOrderId).signal(mergeSignal, contact);
  } catch (err) {
    // Callers understand only the rejection types; a primary that never existed or has finished is their mistake.
    if (err instanceof ApplicationFailure && err.type === 'ExternalWorkflowExecutionNotFound') {
      reject(REJECTION.ruleViolation, refusalOf('merge_target_not_open'), 'primaryOrderId');
    }
    throw err;
  }
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
      await condition(() => order.s.outbox.length > 0 || stopping);
      if (order.s.outbox.length === 0) return;
      const size = order.s.outbox.length;
      if (await writeBatch(order, size, write)) published();
      order.s.outbox.splice(0, size);
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

type Write = (input: RecordOrderEventsInput) => Promise<void>;

/** The outbox's first `size` events with the read-model row as the order stands (`view`: its view now). */
function batchOf(order: OrderState, size: number, view?: OrderView): RecordOrderEventsInput {
  return { order: order.readModel(Date.now(), view), events: order.s.outbox.slice(0, size) };
}

/** The rest of writeBatch once the database refused the batch for its data (`sqlState`). */
async function recordRefusal(order: OrderState, size: number, sqlState: string, write: Write): Promise<true> {
  const attempt = () => refusal(write(batchOf(order, size)));
  const { value, withheld } = withholdUnstorableText(order.s);
  Object.assign(order.s, value);
  const written = (await attempt()) === null;
  const batch = order.s.outbox.slice(0, size);
  const range = { fromSeq: batch[0]!.seq, toSeq: batch.at(-1)!.seq, sqlState };
  order.s.recordFailure = { ...range, at: Date.now(), count: (order.s.recordFailure?.count ?? 0) + 1 };
  // A refused record of an earlier refusal is not recorded once more, or the two would follow each other forever.
  if (written || batch.some((e) => e.type !== 'record_failed')) {
    order.record('record_failed', Date.now(), SYSTEM_ACTOR, null, { ...range, withheld, written });
  }
  return true;
}

/** The SQLSTATE when the write was refused for its data (activities/errors.ts), null when it succeeded. */
async function refusal(write: Promise<void>): Promise<string | null> {
  try {
    await write;
    return null;
  } catch (err) {
    const sqlState = refusedSqlState(err);
    if (sqlState === null) throw err;
    return sqlState;
  }
}

function refusedSqlState(err: unknown): string | null {
  // An activity's failure comes wrapped in an ActivityFailure, a local activity's as it was thrown.
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (!(cause instanceof ApplicationFailure) || cause.type !== INVALID_ORDER_DATA) return null;
  const facts = cause.details?.[0] as { sqlState?: unknown } | undefined;
  return typeof facts?.sqlState === 'string' ? facts.sqlState : 'unknown';
}

/**
 * The local write, or when it fails or times out, the activity that retries until the database is back.
 * A write refused for its data would be refused there too: it goes back to writeBatch.
 */
function recordLocally(input: RecordOrderEventsInput): Promise<void> {
  return recordOrderEventsNow(input).catch((err: unknown) => {
    if (isCancellation(err) || refusedSqlState(err) !== null) throw err;
    return recordOrderEvents(input);
  });
}

/**
 * The outbox written in order, one batch at a time, started by the change that filled it (`write`, a
 * no-op while a batch is in flight: its end writes what came meanwhile) and chained by callbacks rather
 * than a loop of awaits, so a batch costs the local activity's own promises and two more. The same
 * commands as flushOutbox's; a batch leaves the outbox only once written (or recorded as refused).
 */
function outboxWriter(order: OrderState, published: () => void): { write(view?: OrderView): void; idle(): boolean } {
  let inFlight = false;
  const written = (size: number, refused: boolean) => {
    if (refused) published();
    order.s.outbox.splice(0, size);
    inFlight = false;
    write();
  };
  const write = (view?: OrderView): void => {
    const size = order.s.outbox.length;
    if (inFlight || size === 0) return;
    inFlight = true;
    const input = batchOf(order, size, view);
    // recordLocally, with its fallback folded into this one callback pair.
    void recordOrderEventsNow(input).then(
      () => written(size, false),
      (err: unknown): Promise<void> => {
        const fallback = isCancellation(err) || refusedSqlState(err) !== null ? null : recordOrderEvents(input);
        const refused = (failure: unknown) => {
          const sqlState = refusedSqlState(failure);
          if (sqlState === null) throw failure;
          return recordRefusal(order, size, sqlState, recordLocally).then((r) => written(size, r));
        };
        return fallback ? fallback.then(() => written(size, false), refused) : refused(err);
      },
    );
  };
  return { write, idle: () => !inFlight && order.s.outbox.length === 0 };
}

/**
 * Keeps the search attributes and the UI's current details in step with the order. No citizen data.
 * `fromStart`: the run started with attributes set (by the API, or carried over by continue-as-new);
 * those are not upserted again — one command and one visibility write less per order.
 */
function publisher(fromStart: boolean, has: Patched): (order: OrderState) => OrderView {
  const published = new Map<string, string>();
  if (fromStart) {
    const start = workflowInfo().typedSearchAttributes;
    for (const key of Object.values(SA)) published.set(key.name, JSON.stringify(start.get(key) ?? null));
  }
  return (order) => {
    const now = Date.now();
    // One view of the order for the attributes, the details and the Update's answer.
    const view = order.view(now);
    // Upsert only what changed: each upsert is a command in the history.
    // Patched: histories from before NextDueAt meant the next reminder or breach upserted the earliest due instant.
    const changed = orderSearchAttributes(order, now, !has('next-due-at-next-event'), view).filter((p) => {
      const value = JSON.stringify(p.value);
      if (published.get(p.key.name) === value) return false;
      published.set(p.key.name, value);
      return true;
    });
    if (changed.length) upsertSearchAttributes(changed);
    // The citizen's lookup reads which code is valid from the memo, without a query (api/public).
    const codeVersion = order.s.codeVersion ?? 0;
    if (codeVersion !== (workflowInfo().memo?.verificationCodeVersion ?? 0))
      upsertMemo({ verificationCodeVersion: codeVersion });
    setCurrentDetails(renderDetails(view, now, order.nextClockEventAt(), order.s.recordFailure));
    return view;
  };
}
