/**
 * The orders still open at the end of a generated period become real running workflows: each starts as a
 * continued run does (continue-as-new), carrying the state the generator left it in, so its clocks run
 * on from there and every later change is written by the worker after the events already loaded.
 */
import type { Client } from '@temporalio/client';
import { mapConcurrent } from '../../adapters/concurrency';
import { TASK_QUEUE } from '../../workflows/messages';
import type { orderWorkflow } from '../../workflows/order';
import { OrderState } from '../../workflows/order-state';
import { ORDER_PATCHES } from '../../workflows/patches';
import { initialSearchAttributes, orderSummary } from '../../workflows/search-attributes';
import type { OpenOrder } from './generate';

export async function startOpenOrders(client: Client, open: readonly OpenOrder[], concurrency = 8): Promise<void> {
  await mapConcurrent(open, concurrency, async ({ orderId, snapshot }) => {
    await client.workflow.start<typeof orderWorkflow>('orderWorkflow', {
      workflowId: orderId,
      taskQueue: TASK_QUEUE,
      // The input a continued run gets (workflows/order.ts continueAsNew).
      args: [
        {
          intake: snapshot.intake,
          carried: snapshot,
          attributesAtStart: true,
          localWrites: true,
          patches: ORDER_PATCHES,
        },
      ],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
      typedSearchAttributes: initialSearchAttributes(new OrderState(snapshot), Date.now()),
      staticSummary: orderSummary(snapshot.intake),
    });
  });
}
