/**
 * The outbox's delivery workflows (workflows/outbox-delivery.ts), one per subscriber of the registry
 * (projections/registry.ts), started at every worker start; one already running is left as it is.
 */
import type { Client } from '@temporalio/client';
import { outboxWorkflowId } from '../domain/outbox';
import { SUBSCRIBERS } from '../projections/registry';
import { TASK_QUEUE } from '../workflows/messages';
import type { outboxDeliveryWorkflow } from '../workflows/outbox-delivery';

export async function ensureOutboxDeliveries(client: Client, subscribers = SUBSCRIBERS): Promise<void> {
  for (const subscriber of subscribers) {
    await client.workflow.start<typeof outboxDeliveryWorkflow>('outboxDeliveryWorkflow', {
      workflowId: outboxWorkflowId(subscriber),
      taskQueue: TASK_QUEUE,
      args: [{ subscriber }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  }
}
