/**
 * One durable workflow per work order (工单). The workflow is the clock: it owns every SLA timer,
 * escalation and state transition; activities write the read model and the audit trail.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { Intake } from '../domain/order';
import { renderDetails } from './details';
import { acknowledgeUpdate, orderQuery } from './messages';
import { OrderState, type OrderSnapshot } from './order-state';
import { orderSearchAttributes } from './search-attributes';

const { recordOrderEvents } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  // The database may be down for a while: keep retrying with a bounded backoff rather than give up.
  retry: {
    initialInterval: '500 ms',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    nonRetryableErrorTypes: ['InvalidOrderData'],
  },
});

export interface OrderWorkflowInput {
  intake: Intake;
  /** Present when the order continued as new: the state it carries over. */
  carried?: OrderSnapshot;
}

export interface OrderResult {
  orderId: string;
  closureCode: string | null;
  lastSeq: number;
}

export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderResult> {
  const order = input.carried ? new OrderState(input.carried) : OrderState.receive(input.intake);
  const publish = publisher();
  let changed = false;
  const touch = () => {
    changed = true;
    publish(order);
  };

  setHandler(orderQuery, () => order.view(Date.now()));
  setHandler(
    acknowledgeUpdate,
    ({ actor, note }) => {
      order.acknowledge(actor, Date.now(), note ?? null);
      touch();
      return order.view(Date.now());
    },
    { validator: ({ actor }) => order.validateAcknowledge(actor) },
  );

  const flushing = flushOutbox(order);
  publish(order);

  while (!order.isClosed) {
    const next = order.nextClockEventAt();
    changed = false;
    if (next == null) await condition(() => changed || order.isClosed);
    else await condition(() => changed || order.isClosed, Math.max(next - Date.now(), 1));
    if (order.fireDueClocks(Date.now()).length) publish(order);
    if (workflowInfo().continueAsNewSuggested) {
      await condition(() => allHandlersFinished() && order.s.outbox.length === 0);
      await continueAsNew<typeof orderWorkflow>({ intake: input.intake, carried: order.s });
    }
  }
  await condition(allHandlersFinished);
  await condition(() => order.s.outbox.length === 0);
  await flushing.stop();
  return { orderId: order.s.intake.orderId, closureCode: order.s.closureCode, lastSeq: order.s.seq };
}

/**
 * Writes the outbox in order, one batch per activity, in the background so that an action's answer
 * never waits for the database. A batch leaves the outbox only once written.
 */
function flushOutbox(order: OrderState): { stop(): Promise<void> } {
  let stopping = false;
  const loop = (async () => {
    for (;;) {
      await condition(() => order.s.outbox.length > 0 || stopping);
      if (order.s.outbox.length === 0) return;
      const batch = order.s.outbox.slice();
      await recordOrderEvents({ order: order.readModel(Date.now()), events: batch });
      order.s.outbox.splice(0, batch.length);
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      await loop;
    },
  };
}

/** Keeps the search attributes and the UI's current details in step with the order. No citizen data. */
function publisher(): (order: OrderState) => void {
  const published = new Map<string, string>();
  return (order) => {
    const now = Date.now();
    const pairs = orderSearchAttributes(order, now);
    // Upsert only what changed: each upsert is a command in the history.
    const changed = pairs.filter((p) => {
      const value = JSON.stringify(p.value);
      if (published.get(p.key.name) === value) return false;
      published.set(p.key.name, value);
      return true;
    });
    if (changed.length) upsertSearchAttributes(changed);
    setCurrentDetails(renderDetails(order.view(now), now));
  };
}
