/**
 * The order worker: runs order workflows, the retention run, the dispatch suggestion's retraining and the
 * outbox's deliveries on the `orders` task queue.
 */
import type { DataConverter } from '@temporalio/common';
import { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities } from '../activities';
import type { NotifyDeps } from '../activities/notifications';
import { waitingSubscribers } from '../db/outbox';
import { SUBSCRIBERS } from '../projections/registry';
import { createDispatchTrainingActivities } from '../activities/dispatch-training';
import { createInspectionActivities } from '../activities/inspection';
import { createPolicyPreviewActivities } from '../activities/policy-preview';
import { createRetentionActivities } from '../activities/retention';
import type { Db } from '../db/client';
import { TASK_QUEUE } from '../workflows/messages';
import type { Logger } from '../adapters/logger';
import { ensureDispatchTrainingSchedule } from './dispatch-training-schedule';
import { ensureInspectionSchedule } from './inspection-schedule';
import { ensureOutboxDeliveries } from './outbox-deliveries';
import { ensureRetentionSchedule } from './retention-schedule';

export interface WorkerOptions {
  address: string;
  namespace: string;
  db: Db;
  /** `temporalDataConverter(config.payloadKeys)`: the worker encrypts what it sends to Temporal. */
  dataConverter: DataConverter;
  /**
   * Bounds memory: each cached order workflow costs about 0.25–0.3 MB (measured by `npm run bench`,
   * docs/performance.md). 1,000 keeps a worker serving 10,000 open orders near 1 GB; an order evicted
   * from the cache is replayed from its history on its next task, a few ms more.
   */
  maxCachedWorkflows?: number | undefined;
  /** The citizens' SMS (activities/notifications.ts); without it their entries wait. */
  notify?: NotifyDeps | undefined;
  /** Workflow code bundled beforehand (the tests bundle once per run); without it the worker bundles its own. */
  workflowBundle?: { codePath: string } | undefined;
}

/** The order worker's default `maxCachedWorkflows` (see WorkerOptions). */
export const ORDER_CACHE_BOUND = 1000;

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export async function createOrderWorker(o: WorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: o.address });
  // This worker runs the scheduled workflows and the outbox's deliveries: what starts them must exist.
  const client = new Client({ connection, namespace: o.namespace, dataConverter: o.dataConverter });
  await ensureRetentionSchedule(client);
  await ensureDispatchTrainingSchedule(client);
  await ensureInspectionSchedule(client);
  // The fixed subscribers, and any family member (a unit's webhook) whose entries wait.
  await ensureOutboxDeliveries(client, [...new Set([...SUBSCRIBERS, ...(await waitingSubscribers(o.db))])]);
  const worker = await Worker.create({
    connection,
    namespace: o.namespace,
    taskQueue: TASK_QUEUE,
    ...(o.workflowBundle ? { workflowBundle: o.workflowBundle } : { workflowsPath }),
    activities: {
      ...createActivities({ db: o.db, ...(o.notify ? { notify: o.notify } : {}) }),
      ...createRetentionActivities({ db: o.db }),
      ...createDispatchTrainingActivities({ db: o.db }),
      ...createInspectionActivities({ db: o.db }),
      ...createPolicyPreviewActivities({ db: o.db }),
    },
    dataConverter: o.dataConverter,
    maxCachedWorkflows: o.maxCachedWorkflows ?? ORDER_CACHE_BOUND,
    // Let in-flight activities finish (or be retried elsewhere) on SIGTERM.
    shutdownGraceTime: '20 seconds',
  });
  return { worker, connection };
}

/**
 * Once per worker process, before any connection: SDK logs go to our JSON log (warnings and worse: the
 * SDK is chatty at info), and the SDK's metrics to a Prometheus exporter when an address is given.
 */
export function installWorkerRuntime(log: Logger, metricsAddress: string | undefined): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN', ({ level, message, meta }) => {
        const line = { sdk: true, ...meta, ...(meta?.error instanceof Error ? { error: errorLine(meta.error) } : {}) };
        if (level === 'ERROR') log.error(line, message);
        else log.warn(line, message);
      }),
      ...(metricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } } : {}),
    });
  } catch (err) {
    // The SDK's own message names neither the address nor the setting.
    if (!metricsAddress || !/address already in use/i.test((err as Error).message)) throw err;
    throw new Error(
      `The worker's Prometheus exporter cannot listen on ${metricsAddress}: the address is in use ` +
        '(another instance on this host?). Give each instance its own WORKER_METRICS_ADDRESS (host:port), ' +
        'or set it empty to turn the exporter off.',
      { cause: err },
    );
  }
}

/**
 * An SDK log line's error as name, failure type and message only: an error's other own fields can carry
 * data (a database error's query parameters), and activities report theirs without citizen data
 * (activities/errors.ts).
 */
function errorLine(err: Error): { name: string; type?: string; message: string } {
  const type = (err as { type?: unknown }).type;
  return { name: err.name, ...(typeof type === 'string' ? { type } : {}), message: err.message };
}
