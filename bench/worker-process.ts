/**
 * The benchmark's worker process: the product's order worker (runtime/worker.ts, with its activities on
 * PostgreSQL) and/or the raw worker (bench/raw-workflow.ts), so that the worker's memory is measurable
 * on its own. Started by bench/stack.ts with fork(); answers `status` messages with its memory and
 * cache, stops on `stop`, on SIGTERM, or when its parent goes away.
 */
import type { Worker } from '@temporalio/worker';
import { openDatabase, type Database } from '../db/client';
import { loadPayloadKeys } from '../runtime/config';
import { createLogger } from '../adapters/logger';
import { temporalDataConverter } from '../adapters/payload-codec';
import { createOrderWorker, installWorkerRuntime } from '../runtime/worker';
import { createRawWorker } from './raw-worker';
import type { ChildMessage, ParentMessage, WorkerProcessOptions } from './worker-protocol';

const MB = 1024 * 1024;
const send = (m: ChildMessage) => process.send?.(m);

async function main() {
  const options = JSON.parse(process.argv[2] ?? '{}') as WorkerProcessOptions;
  const log = createLogger('warn', 'bench-worker');
  installWorkerRuntime(log, options.metricsAddress);
  const workers: { kind: 'order' | 'raw'; worker: Worker }[] = [];
  const closers: (() => Promise<void>)[] = [];
  let database: Database | undefined;
  // The stack's key, from the environment it forked this process with.
  const dataConverter = temporalDataConverter(loadPayloadKeys());
  if (options.databaseUrl) {
    database = await openDatabase({ url: options.databaseUrl });
    const { worker, connection } = await createOrderWorker({
      address: options.address,
      namespace: options.namespace,
      db: database.db,
      maxCachedWorkflows: options.maxCachedWorkflows,
      dataConverter,
    });
    workers.push({ kind: 'order', worker });
    closers.push(() => connection.close());
  }
  if (options.raw) {
    const { worker, connection } = await createRawWorker({
      address: options.address,
      namespace: options.namespace,
      maxCachedWorkflows: options.maxCachedWorkflows,
      dataConverter,
    });
    workers.push({ kind: 'raw', worker });
    closers.push(() => connection.close());
  }
  const running = workers.map(({ worker }) => worker.run());

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const { worker } of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await Promise.allSettled(running);
    for (const close of closers) await close().catch(() => {});
    await database?.close().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('disconnect', () => void stop());
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'stop') void stop();
    if (m.type === 'status') {
      if (m.gc && typeof global.gc === 'function') global.gc();
      const mem = process.memoryUsage();
      const status = (kind: 'order' | 'raw') => workers.find((w) => w.kind === kind)?.worker.getStatus();
      const all = workers.map((w) => w.worker.getStatus());
      send({
        type: 'status',
        status: {
          rssMb: mem.rss / MB,
          heapUsedMb: mem.heapUsed / MB,
          heapTotalMb: mem.heapTotal / MB,
          externalMb: mem.external / MB,
          orderCached: status('order')?.numCachedWorkflows ?? null,
          orderCacheBound: workers.find((w) => w.kind === 'order')?.worker.options.maxCachedWorkflows ?? null,
          rawCached: status('raw')?.numCachedWorkflows ?? null,
          inFlightActivations: all.reduce((n, s) => n + s.numInFlightWorkflowActivations, 0),
          inFlightActivities: all.reduce((n, s) => n + s.numInFlightActivities, 0),
        },
      });
    }
  });
  for (const [i, r] of running.entries()) {
    r.catch((err: unknown) => {
      send({ type: 'error', message: `${workers[i]!.kind} worker failed: ${String(err)}` });
      void stop();
    });
  }
  send({ type: 'ready' });
}

main().catch((err: unknown) => {
  send({ type: 'error', message: String(err instanceof Error ? err.stack : err) });
  process.exit(1);
});
