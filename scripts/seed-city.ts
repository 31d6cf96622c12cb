/**
 * `npm run seed:city -- --orders N [--days D] [--database-url URL] [--seed S] [--workers W]
 *  [--temporal [--open K]]`
 *
 * Writes a city's history straight into the database with COPY: N contacts over the D days before now
 * (default 365), each lived through the order workflow's own state class and action handlers, so the
 * audit trail, the read model and the review queue are what the system itself would have written
 * (scripts/city/). The reference data is the demo city's unless the database already has its own.
 * Without --database-url (or DATABASE_URL) it writes into `npm start`'s embedded PGlite in DATA_DIR,
 * which must not be running meanwhile.
 *
 * Orders still open at the end of the period: with --temporal, up to K of them (default 2000) are
 * started as real workflows on the running system's Temporal (TEMPORAL_ADDRESS, else `npm start`'s dev
 * server on TEMPORAL_PORT) with a worker polling; without it they are left out, so that everything
 * written is closed history. Requester hashes use the system's REQUESTER_HASH_KEY.
 */
import { Client, Connection } from '@temporalio/client';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../runtime/config';
import { temporalDataConverter } from '../adapters/payload-codec';
import { loadCity, type LoadTarget } from './city/load';
import { startOpenOrders } from './city/open-orders';

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string' },
    days: { type: 'string', default: '365' },
    seed: { type: 'string', default: '1' },
    'database-url': { type: 'string' },
    workers: { type: 'string' },
    temporal: { type: 'boolean', default: false },
    open: { type: 'string' },
  },
});

const count = (name: string, raw: string | undefined, fallback?: number): number => {
  const value = raw === undefined ? fallback : Number(raw);
  if (value === undefined || !Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
  return value;
};

const config = loadConfig();
const url = args['database-url'] ?? config.databaseUrl;
const target: LoadTarget = url ? { kind: 'postgres', url } : { kind: 'pglite', dir: join(config.dataDir, 'pglite') };
if (args.temporal && target.kind === 'pglite') {
  throw new Error('--temporal needs PostgreSQL: the embedded PGlite is held by the running npm start');
}
const log = (message: string) =>
  process.stderr.write(`[seed:city ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

const result = await loadCity(
  target,
  {
    orders: count('orders', args.orders),
    days: count('days', args.days),
    seed: count('seed', args.seed),
    end: Date.now(),
    hashKey: config.requesterHashKey,
    workers: target.kind === 'postgres' ? count('workers', args.workers, availableParallelism()) : 0,
    open: args.temporal ? count('open', args.open, 2000) : 0,
  },
  log,
);
log(
  `${result.orders} orders, ${result.events} audit events, ${result.outcomes} KPI outcome rows, ` +
    `${result.reviews} reviews in ${result.seconds.total} s ` +
    `(generate and copy ${result.seconds.generate} s, indexes ${result.seconds.indexes} s, ` +
    `retention ${result.seconds.anonymise} s for ${result.anonymised} orders, analyze ${result.seconds.analyze} s); ` +
    `${result.leftOut} orders open at the end left out`,
);
if (result.open.length) {
  const connection = await Connection.connect({
    address: config.temporalAddress ?? `127.0.0.1:${config.temporalPort}`,
  });
  try {
    const client = new Client({
      connection,
      namespace: config.temporalNamespace,
      dataConverter: temporalDataConverter(config.payloadKeys),
    });
    await startOpenOrders(client, result.open);
    log(`${result.open.length} open orders started as workflows`);
  } finally {
    await connection.close();
  }
}
