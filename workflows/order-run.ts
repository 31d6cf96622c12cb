/**
 * What both run modes of an order share (./order and ./order-legacy): an Update per action with its
 * validator, the clock events due before an action fired first, 并单's signal to the primary order, the
 * search attributes and details kept in step, and the input of the run an order continues as.
 */
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import {
  getExternalWorkflowHandle,
  setCurrentDetails,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ActionName } from '../domain/lifecycle';
import { refusalOf } from '../domain/refusals';
import { applyAction, validateAction } from './actions';
import { renderDetails } from './details';
import {
  mergeSignal,
  REJECTION,
  updates,
  type ActionInput,
  type InputOf,
  type MergeContact,
  type OrderView,
} from './messages';
import type { OrderResult, OrderWorkflowInput } from './order';
import { reject, type OrderState } from './order-state';
import { orderView } from './order-view';
import { ORDER_PATCHES, type Patched } from './patches';
import { orderSearchAttributes, SA } from './search-attributes';

/** The input of the run an order continues as: this run's state and attributes, today's patches. */
export function nextRun(input: OrderWorkflowInput, order: OrderState): OrderWorkflowInput {
  return {
    intake: input.intake,
    carried: order.snapshot,
    attributesAtStart: true,
    localWrites: true,
    patches: ORDER_PATCHES,
  };
}

export function orderResult(order: OrderState): OrderResult {
  const { intake, closure, seq } = order.snapshot;
  return { orderId: intake.orderId, closureCode: closure?.code ?? null, lastSeq: seq };
}

/**
 * An Update per action: the lifecycle table and the action's own checks validate; apply changes state.
 * `changed` publishes the change and answers with the order's view.
 */
export function registerAction<K extends ActionName>(
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
export function catchUpClocks(order: OrderState, now: number, has: Patched): void {
  const next = order.nextClockEventAt();
  if (next !== null && next <= now && has('fire-due-clocks-before-actions')) order.fireDueClocks(now);
}

/** 并单: tells the primary order about this contact before this order closes as `merged`. */
async function linkToPrimary(order: OrderState, input: InputOf<'mergeInto'>): Promise<void> {
  const { intake } = order.snapshot;
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
 * Keeps the search attributes and the UI's current details in step with the order. No citizen data.
 * `fromStart`: the run started with attributes set (by the API, or carried over by continue-as-new);
 * those are not upserted again — one command and one visibility write less per order.
 */
export function publisher(fromStart: boolean, has: Patched): (order: OrderState) => OrderView {
  const published = new Map<string, string>();
  if (fromStart) {
    const start = workflowInfo().typedSearchAttributes;
    for (const key of Object.values(SA)) published.set(key.name, JSON.stringify(start.get(key) ?? null));
  }
  return (order) => {
    const now = Date.now();
    // One view of the order for the attributes, the details and the Update's answer.
    const view = orderView(order, now);
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
    const codeVersion = order.snapshot.codeVersion ?? 0;
    if (codeVersion !== (workflowInfo().memo?.verificationCodeVersion ?? 0))
      upsertMemo({ verificationCodeVersion: codeVersion });
    setCurrentDetails(renderDetails(view, now, order.nextClockEventAt(), order.snapshot.recordFailure));
    return view;
  };
}
