/**
 * One system under test: a fresh embedded dev server (exactly the flags `npm start` uses, ports of its
 * own), a read model (a database on the local PostgreSQL, or an embedded PGlite), the API listening on
 * an ephemeral loopback port, and the workers: in a child process (PostgreSQL; its memory is then the
 * worker's own) or in this process (PGlite, which only one process can open — as under `npm start`).
 */
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../api/app';
import { issueToken } from '../api/http/auth';
import { openDatabase, type Database } from '../db/client';
import { seedDemoCity } from '../db/seed';
import { DEFAULT_POLICY } from '../db/seed-data';
import type { Limit } from '../domain/types';
import type { Role } from '../domain/order';
import { newPayloadKeySpec, parsePayloadKeys } from '../runtime/config';
import { startDevServer, type DevServer } from '../runtime/dev-server';
import { temporalDataConverter } from '../adapters/payload-codec';
import { startReferenceCache, type ReferenceCache } from '../db/reference-cache';
import { createOrderWorker, installWorkerRuntime } from '../runtime/worker';
import { createScratchDatabase, freePort, sleep, TEST_DATABASE_URL, type ScratchDatabase } from '../support';
import { TASK_QUEUE } from '../workflows/messages';
import { fileLogger, httpClient, log, type HttpClient } from './lib';
import { createRawWorker } from './raw-worker';
import { RAW_TASK_QUEUE } from './raw-workflow';
import type { ChildMessage, ParentMessage, WorkerProcessOptions, WorkerStatus } from './worker-protocol';

const NAMESPACE = 'default';
const MB = 1024 * 1024;

function requireLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]', '::1', ''].includes(host)) {
    throw new Error(`the benchmark uses the local PostgreSQL only, not ${host} (TEST_DATABASE_URL)`);
  }
}

/** A database of the benchmark's own on the local PostgreSQL, dropped by `drop`; each stack migrates it. */
export async function createBenchDatabase(): Promise<ScratchDatabase> {
  requireLoopback(TEST_DATABASE_URL);
  return createScratchDatabase('hotline_bench');
}

export interface StackOptions {
  /** A folder of this stack's own (dev server data, logs, PGlite). */
  dir: string;
  /** PostgreSQL URL of the read model; PGlite in `dir` when absent. */
  databaseUrl?: string;
  orderWorker: boolean;
  rawWorker: boolean;
  maxCachedWorkflows?: number;
}

export interface Stack {
  address: string;
  client: Client;
  database: Database;
  reference: ReferenceCache;
  api: HttpClient;
  baseUrl: string;
  workerMode: 'child process' | 'API process';
  /** The task queues this stack's workers poll. */
  taskQueues: string[];
  token(role: string, unit: string | null, sub: string): Promise<string>;
  /** Publishes DEFAULT_POLICY with this response limit through the API; new orders start under it. */
  publishPolicy(responseLimit: Limit): Promise<void>;
  workerStatus(gc?: boolean): Promise<WorkerStatus>;
  workerPid: number;
  /** The processes whose CPU time the phases account: the dev server, the worker, this process. */
  pids: Record<string, number>;
  stop(): Promise<void>;
}

interface WorkerHandle {
  pid: number;
  status(gc: boolean): Promise<WorkerStatus>;
  stop(): Promise<void>;
}

async function forkWorker(options: WorkerProcessOptions, payloadKeys: string, logFile: string): Promise<WorkerHandle> {
  const entry = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
  const out = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = fork(entry, [JSON.stringify(options)], {
    execArgv: [
      '--import',
      'tsx',
      '--expose-gc',
      // BENCH_CPU_PROF=<folder>: a V8 CPU profile of the worker process, for `node --cpu-prof` style profiling.
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    // In the environment, not the arguments: a key is not for `ps` to show.
    env: { ...process.env, PAYLOAD_KEYS: payloadKeys, PAYLOAD_KEY_ID: '' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onMessage = (m: ChildMessage) => {
      if (m.type === 'ready') resolve();
      if (m.type === 'error') reject(new Error(`worker process: ${m.message}`));
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`worker process exited with ${code}; see ${logFile}`)));
  });
  child.on('message', (m: ChildMessage) => {
    if (m.type === 'error') log(`worker process: ${m.message}`);
  });
  return {
    pid: child.pid!,
    status: (gc) =>
      new Promise((resolve) => {
        const onMessage = (m: ChildMessage) => {
          if (m.type !== 'status') return;
          child.off('message', onMessage);
          resolve(m.status);
        };
        child.on('message', onMessage);
        child.send({ type: 'status', gc } satisfies ParentMessage);
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ type: 'stop' } satisfies ParentMessage);
      // Stops only the process it started, by its PID: SIGTERM after 30 s, SIGKILL after 40 s.
      const term = setTimeout(() => child.kill('SIGTERM'), 30_000);
      const kill = setTimeout(() => child.kill('SIGKILL'), 40_000);
      await exited;
      clearTimeout(term);
      clearTimeout(kill);
      out.end();
    },
  };
}

let runtimeInstalled = false;

/** The workers inside this process (PGlite: the API's database is the worker's). */
async function inProcessWorkers(
  address: string,
  o: StackOptions,
  database: Database,
  dataConverter: DataConverter,
  logFile: string,
) {
  if (!runtimeInstalled) {
    installWorkerRuntime(fileLogger(logFile, 'warn'), undefined);
    runtimeInstalled = true;
  }
  const workers: { kind: 'order' | 'raw'; worker: Worker; connection: NativeConnection }[] = [];
  if (o.orderWorker) {
    const { worker, connection } = await createOrderWorker({
      address,
      namespace: NAMESPACE,
      db: database.db,
      maxCachedWorkflows: o.maxCachedWorkflows,
      dataConverter,
    });
    workers.push({ kind: 'order', worker, connection });
  }
  if (o.rawWorker) {
    const { worker, connection } = await createRawWorker({
      address,
      namespace: NAMESPACE,
      maxCachedWorkflows: o.maxCachedWorkflows,
      dataConverter,
    });
    workers.push({ kind: 'raw', worker, connection });
  }
  const running = workers.map(({ worker }) => worker.run());
  for (const r of running) r.catch((err: unknown) => log(`in-process worker failed: ${String(err)}`));
  return {
    pid: process.pid,
    async status(gc: boolean): Promise<WorkerStatus> {
      if (gc && typeof global.gc === 'function') global.gc();
      const mem = process.memoryUsage();
      const st = workers.map((w) => ({ kind: w.kind, s: w.worker.getStatus() }));
      return {
        rssMb: mem.rss / MB,
        heapUsedMb: mem.heapUsed / MB,
        heapTotalMb: mem.heapTotal / MB,
        externalMb: mem.external / MB,
        orderCached: st.find((w) => w.kind === 'order')?.s.numCachedWorkflows ?? null,
        orderCacheBound: workers.find((w) => w.kind === 'order')?.worker.options.maxCachedWorkflows ?? null,
        rawCached: st.find((w) => w.kind === 'raw')?.s.numCachedWorkflows ?? null,
        inFlightActivations: st.reduce((n, w) => n + w.s.numInFlightWorkflowActivations, 0),
        inFlightActivities: st.reduce((n, w) => n + w.s.numInFlightActivities, 0),
      };
    },
    async stop() {
      for (const { worker } of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
      await Promise.allSettled(running);
      for (const { connection } of workers) await connection.close().catch(() => {});
    },
  } satisfies WorkerHandle;
}

export async function startStack(o: StackOptions, register: (stop: () => Promise<void>) => void): Promise<Stack> {
  mkdirSync(o.dir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      await stop().catch((err: unknown) => log(`stop failed: ${String(err)}`));
    }
  };
  register(stopAll);
  try {
    const [port, uiPort] = [await freePort(), await freePort()];
    const server: DevServer = await startDevServer({
      dataDir: join(o.dir, 'temporal'),
      port,
      uiPort,
      namespace: NAMESPACE,
    });
    stops.push(server.stop);
    log(`dev server pid ${server.pid} on ${server.address} (data ${join(o.dir, 'temporal')})`);

    const database = await openDatabase(o.databaseUrl ? { url: o.databaseUrl } : { pgliteDir: join(o.dir, 'pglite') });
    stops.push(() => database.close());
    await database.migrate();
    await seedDemoCity(database.db);

    // The product's codec on every client and worker of the stack (raw ones too: they share the client).
    const payloadKeys = newPayloadKeySpec('bench');
    const dataConverter = temporalDataConverter(parsePayloadKeys(payloadKeys, undefined));
    const workerLog = join(o.dir, 'worker.log');
    let worker: WorkerHandle | undefined;
    if (o.orderWorker || o.rawWorker) {
      if (o.databaseUrl) {
        worker = await forkWorker(
          {
            address: server.address,
            namespace: NAMESPACE,
            databaseUrl: o.orderWorker ? o.databaseUrl : undefined,
            raw: o.rawWorker,
            maxCachedWorkflows: o.maxCachedWorkflows,
            // BENCH_WORKER_METRICS=host:port: the worker's Temporal metrics (Prometheus) during the run.
            metricsAddress: process.env.BENCH_WORKER_METRICS,
          },
          payloadKeys,
          workerLog,
        );
      } else {
        worker = await inProcessWorkers(server.address, o, database, dataConverter, workerLog);
      }
      stops.push(worker.stop);
      log(`workers (${o.orderWorker ? 'order ' : ''}${o.rawWorker ? 'raw' : ''}) in pid ${worker.pid}`);
    }

    const connection = await Connection.connect({ address: server.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: NAMESPACE, dataConverter });
    const reference = await startReferenceCache(database.db);
    stops.push(async () => reference.stop());
    const authSecret = randomBytes(32).toString('base64url');
    const { app } = createApp({
      temporal: client,
      database,
      reference,
      authSecret,
      requesterHashKey: randomBytes(32).toString('base64url'),
      logger: fileLogger(join(o.dir, 'api.log')),
      // One benchmark client stands for many callers: the per-caller limit must not be what is measured.
      rateLimit: { perSecond: 1_000_000, burst: 1_000_000 },
    });
    const httpServer: Server = await new Promise((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    const address = httpServer.address();
    const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const api = httpClient(baseUrl);
    stops.push(async () => {
      api.close();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    });
    log(`API on ${baseUrl} (${o.databaseUrl ? 'PostgreSQL' : 'PGlite'} read model)`);

    const tokens = new Map<string, Promise<string>>();
    const token = (role: Role, unit: string | null, sub: string) => {
      const key = `${role}/${unit}/${sub}`;
      if (!tokens.has(key)) tokens.set(key, issueToken(authSecret, { role, unit, sub }));
      return tokens.get(key)!;
    };
    return {
      address: server.address,
      client,
      database,
      reference,
      api,
      baseUrl,
      workerMode: o.databaseUrl ? 'child process' : 'API process',
      taskQueues: [...(o.orderWorker ? [TASK_QUEUE] : []), ...(o.rawWorker ? [RAW_TASK_QUEUE] : [])],
      token,
      async publishPolicy(responseLimit) {
        const admin = await token('admin', 'CENTRE', 'bench-admin');
        await api.expect([200], 'POST', '/admin/policy', admin, { ...DEFAULT_POLICY, responseLimit, reason: '压测' });
      },
      workerStatus: (gc = false) => {
        if (!worker) throw new Error('this stack has no worker');
        return worker.status(gc);
      },
      workerPid: worker?.pid ?? 0,
      pids:
        worker && worker.pid !== process.pid
          ? { server: server.pid, worker: worker.pid, 'bench+API': process.pid }
          : { server: server.pid, 'bench+API+worker': process.pid },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Whether Temporal still has work for this workflow: a workflow task or an activity not yet done. */
async function pendingWork(stack: Stack, workflowId: string): Promise<boolean> {
  const d = await stack.client.workflow.getHandle(workflowId).describe();
  return d.raw.pendingWorkflowTask != null || (d.raw.pendingActivities?.length ?? 0) > 0;
}

/**
 * Waits until the work a measurement caused is done — the workflow tasks and activities it left behind,
 * read-model writes included — and returns how long that took. Done: the workers have nothing in flight
 * and the most recently touched workflows (`recent`; tasks are served in order, so the last ones finish
 * last) have no task pending, three polls in a row. (The server's task-queue backlog count is only
 * approximate and lags by seconds, so it is not used.)
 */
export async function settle(stack: Stack, recent: readonly string[], timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  const last = recent.slice(-10);
  let idle = 0;
  while (Date.now() - started < timeoutMs) {
    const s = await stack.workerStatus();
    const busy =
      s.inFlightActivations + s.inFlightActivities > 0 ||
      (await Promise.all(last.map((id) => pendingWork(stack, id)))).some(Boolean);
    idle = busy ? 0 : idle + 1;
    if (idle >= 3) return Math.max(0, Date.now() - started - 100);
    await sleep(50);
  }
  log(`workers still busy after ${timeoutMs} ms`);
  return Date.now() - started;
}
