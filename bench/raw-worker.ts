/**
 * The raw ceiling's worker (bench/raw-workflow.ts on its own task queue), with the product's cache bound
 * so that an Update on an evicted raw workflow costs a replay exactly as it does for an order.
 */
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { ORDER_CACHE_BOUND } from '../runtime/worker';
import { RAW_TASK_QUEUE } from './raw-workflow';

const rawWorkflowsPath = fileURLToPath(new URL('./raw-workflow.ts', import.meta.url));

export async function createRawWorker(o: {
  address: string;
  namespace: string;
  maxCachedWorkflows?: number | undefined;
  dataConverter: DataConverter;
}): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: o.address });
  const worker = await Worker.create({
    connection,
    namespace: o.namespace,
    taskQueue: RAW_TASK_QUEUE,
    workflowsPath: rawWorkflowsPath,
    maxCachedWorkflows: o.maxCachedWorkflows ?? ORDER_CACHE_BOUND,
    dataConverter: o.dataConverter,
  });
  return { worker, connection };
}
