/**
 * The parts every entry point assembles: Temporal (embedded or external), the database (embedded
 * PGlite or PostgreSQL) with migrations, the worker and the API. Each start returns its own stop.
 */
import { Client, Connection } from '@temporalio/client';
import type { Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { createApp } from '../api/app';
import { codecEndpoint, codecServer, createCodecApp } from '../api/codec-server';
import { openDatabase, type Database } from '../db/client';
import { backfillOrderOutcomes } from '../projections/rebuild';
import { backfillOrderPlaces } from '../db/hotspots';
import { seedDemoCity } from '../db/seed';
import type { Config } from './config';
import { startDevServer } from './dev-server';
import type { Logger } from '../adapters/logger';
import { PayloadEncryptionCodec, temporalDataConverter } from '../adapters/payload-codec';
import { smsFileSink, smsHttpGateway, type SmsProvider } from '../adapters/sms';
import { startReferenceCache } from '../db/reference-cache';
import { ensureSearchAttributes } from './search-attributes';
import { createOrderWorker, installWorkerRuntime } from './worker';

export type Stop = () => Promise<void>;

export async function startTemporal(config: Config, log: Logger): Promise<{ address: string; stop: Stop }> {
  if (config.temporalAddress) {
    const connection = await Connection.connect({ address: config.temporalAddress });
    await ensureSearchAttributes(connection, config.temporalNamespace);
    await connection.close();
    return { address: config.temporalAddress, stop: async () => {} };
  }
  const server = await startDevServer({
    dataDir: config.dataDir,
    port: config.temporalPort,
    uiPort: config.temporalUiPort,
    namespace: config.temporalNamespace,
    // The embedded UI shows order summaries and details decoded through our codec server (startCodecServer).
    codecEndpoint: codecEndpoint(config.codec),
  });
  log.info({ pid: server.pid, address: server.address }, 'embedded Temporal dev server started');
  return { address: server.address, stop: server.stop };
}

export async function startDatabase(config: Config, options: { seed: boolean }): Promise<Database> {
  const database = await openDatabase({ url: config.databaseUrl, pgliteDir: join(config.dataDir, 'pglite') });
  await database.migrate();
  // The first start after the KPI outcome rows appeared derives them from the existing trail.
  await backfillOrderOutcomes(database.db);
  // And the place of each order (每月一题), after the read model began to keep it.
  await backfillOrderPlaces(database.db);
  if (options.seed) await seedDemoCity(database.db);
  return database;
}

export async function startWorker(config: Config, address: string, database: Database, log: Logger) {
  installWorkerRuntime(log, config.workerMetricsAddress);
  const { worker, connection } = await createOrderWorker({
    address,
    namespace: config.temporalNamespace,
    db: database.db,
    dataConverter: temporalDataConverter(config.payloadKeys),
    notify: { sms: smsProvider(config, log), codeKey: config.requesterHashKey },
  });
  const running = worker.run();
  running.catch((err: unknown) => log.error({ err }, 'worker stopped with an error'));
  return {
    worker,
    /** Settles when the worker stops: resolves after a shutdown, rejects when it failed. */
    running,
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => {});
      await connection.close();
    },
  };
}

/** The SMS gateway when one is configured, or else the development sink under the data folder. */
function smsProvider(config: Config, log: Logger): SmsProvider {
  if (config.smsGateway) return smsHttpGateway(config.smsGateway.url, config.smsGateway.token, log);
  return smsFileSink(join(config.dataDir, 'sms-sink.jsonl'), log);
}

/** The codec server of the Temporal UI and CLI, on a listener of its own (api/codec-server.ts). */
export async function startCodecServer(config: Config, log: Logger): Promise<{ url: string; stop: Stop }> {
  const app = createCodecApp({
    codec: new PayloadEncryptionCodec(config.payloadKeys),
    namespace: config.temporalNamespace,
    allowedOrigins: config.codec.allowedOrigins,
    requireToken: config.codec.requireToken,
    authSecret: config.authSecret,
    oidc: config.oidc,
    logger: log,
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = codecServer(app).listen(config.codec.port, config.codec.host, () => resolve(s));
    s.once('error', reject);
  });
  return {
    url: codecEndpoint(config.codec),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `withWorker`: the worker runs in this process, so /metrics also serves its Temporal metrics. */
export async function startApi(config: Config, address: string, database: Database, log: Logger, withWorker = false) {
  const connection = await Connection.connect({ address });
  const temporal = new Client({
    connection,
    namespace: config.temporalNamespace,
    dataConverter: temporalDataConverter(config.payloadKeys),
  });
  const reference = await startReferenceCache(database.db, 30_000, (err) =>
    log.warn({ err }, 'reference data refresh failed'),
  );
  const { app, live } = createApp({
    temporal,
    database,
    reference,
    authSecret: config.authSecret,
    oidc: config.oidc,
    requesterHashKey: config.requesterHashKey,
    logger: log,
    rateLimit: config.rateLimit,
    workerMetricsUrl:
      withWorker && config.workerMetricsAddress ? `http://${config.workerMetricsAddress}/metrics` : undefined,
    devSignIn: config.demoSignIn,
  });
  log.info(
    { demoSignIn: config.demoSignIn },
    config.demoSignIn ? 'demo sign-in on, for this machine only (loopback)' : 'demo sign-in off',
  );
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.apiPort, config.apiHost, () => resolve(s));
    s.once('error', reject);
  });
  let draining = false;
  // While draining, every answer closes its connection: a keep-alive client would otherwise keep
  // sending requests on it and the server would never finish closing.
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (draining) res.setHeader('Connection', 'close');
  });
  return {
    server,
    stop: async () => {
      reference.stop();
      draining = true;
      // Event streams never finish by themselves: end them so the server can close.
      await live.close();
      // Finish in-flight requests, then drop idle keep-alive connections. No request outlives the
      // request timeout (10 s) by much: after 15 s whatever is left is dropped.
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), 15_000);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      await connection.close();
    },
  };
}
