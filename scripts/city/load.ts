/**
 * Loads a generated city into a database: reference data first (the demo city's, unless already
 * there), then the orders' read-model rows, audit events, KPI outcome rows and review queue with COPY —
 * in parallel child processes on PostgreSQL, in this process on PGlite (which one process owns) — then
 * the indexes, the retention the period's daily runs would have done, and the planner's statistics. Into an empty database the tables' indexes and keys are
 * dropped for the load and built afterwards from their own definitions (pg_indexes, pg_constraint),
 * several times faster than keeping them up to date row by row.
 */
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Database } from '../../db/client';
import { anonymiseClosedOrders } from '../../db/privacy';
import { seedDemoCity } from '../../db/seed';
import { orders } from '../../db/schema';
import type { SlaPolicy } from '../../domain/types';
import { City, loadCityReference, type CityPlan, type CityReference } from './city';
import { COPY_TABLES, pgliteSink, postgresSink } from './copy';
import { generatePartition, type OpenOrder, type Partition, type PartitionResult } from './generate';
import type { WorkerReport, WorkerRequest } from './worker';

export type LoadTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string };

export interface LoadOptions extends CityPlan {
  /** Child processes generating in parallel on PostgreSQL; 0 generates in this process. */
  workers: number;
  /** How many orders still open at the end are kept (to run on as workflows); the others are left out. */
  open: number;
}

export interface LoadResult {
  orders: number;
  events: number;
  reviews: number;
  leftOut: number;
  open: OpenOrder[];
  outcomes: number;
  /** Closed orders whose contact the retention rule had already anonymised by the end of the period. */
  anonymised: number;
  seconds: { generate: number; indexes: number; anonymise: number; analyze: number; total: number };
}

const TABLES = Object.keys(COPY_TABLES);
const DAY = 86_400_000;

function openTarget(target: LoadTarget): Promise<Database> {
  if (target.kind === 'postgres') return openDatabase({ url: target.url, poolSize: 2 });
  mkdirSync(target.dir, { recursive: true });
  return openDatabase({ pgliteDir: target.dir });
}

/** An index of a loaded table, or the constraint it backs (a primary key), as statements to drop and to rebuild it. */
interface Deferred {
  drop: string;
  create: string;
  /**
   * Built before the retention run: keys, the other tables' indexes, and the one the run reads (over the
   * orders still holding a contact). The rest of the orders' indexes come after, so that the run's updates
   * need not maintain them.
   */
  beforeRetention: boolean;
}

async function indexesOf(database: Database): Promise<Deferred[]> {
  const result = (await database.db.execute(sql`
    select i.tablename as "table", i.indexname as name, i.indexdef as definition,
      pg_get_constraintdef(c.oid) as "constraint"
    from pg_indexes i
    left join pg_constraint c on c.conname = i.indexname and c.conrelid = (i.schemaname || '.' || i.tablename)::regclass
    where i.schemaname = 'public' and i.tablename in (${sql.join(
      TABLES.map((t) => sql`${t}`),
      sql`, `,
    )})`)) as unknown;
  // postgres.js answers the rows themselves, PGlite an object holding them.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    table: string;
    name: string;
    definition: string;
    constraint: string | null;
  }[];
  return rows.map((r) => {
    const beforeRetention = r.constraint !== null || r.table !== 'orders' || /citizen IS NOT NULL/i.test(r.definition);
    return r.constraint
      ? {
          drop: `alter table ${r.table} drop constraint ${r.name}`,
          create: `alter table ${r.table} add constraint ${r.name} ${r.constraint}`,
          beforeRetention,
        }
      : { drop: `drop index ${r.name}`, create: r.definition, beforeRetention };
  });
}

const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

export async function loadCity(
  target: LoadTarget,
  options: LoadOptions,
  log: (message: string) => void,
): Promise<LoadResult> {
  const started = performance.now();
  const setup = await openTarget(target);
  let reference: CityReference;
  let deferred: Deferred[];
  try {
    await setup.migrate();
    await seedDemoCity(setup.db);
    reference = await loadCityReference(setup.db);
    const [{ n }] = (await setup.db.select({ n: sql<number>`count(*)::int` }).from(orders)) as [{ n: number }];
    deferred = n === 0 ? await indexesOf(setup) : [];
    for (const index of deferred) await setup.db.execute(sql.raw(index.drop));
    log(
      n === 0 ? 'empty database: indexes and keys are built after the load' : `${n} orders already there: indexes kept`,
    );
  } finally {
    await setup.close();
  }

  const generating = performance.now();
  let results: PartitionResult[] = [];
  let failure: unknown;
  try {
    results =
      target.kind === 'postgres' && options.workers > 0
        ? await inChildProcesses(target.url, options, log)
        : [await inThisProcess(target, options, new City(options, reference), log)];
  } catch (err) {
    failure = err;
  }
  const generate = seconds(generating);
  const { indexes, anonymised, anonymise, analyze } = await finish(
    target,
    deferred,
    failure,
    reference.ref.policy,
    options.end,
  );
  const sum = (k: 'orders' | 'events' | 'outcomes' | 'reviews' | 'leftOut') => results.reduce((t, r) => t + r[k], 0);
  return {
    orders: sum('orders'),
    events: sum('events'),
    outcomes: sum('outcomes'),
    reviews: sum('reviews'),
    leftOut: sum('leftOut'),
    anonymised,
    open: results.flatMap((r) => r.open),
    seconds: { generate, indexes, anonymise, analyze, total: seconds(started) },
  };
}

/**
 * Builds the deferred indexes — also after a failed load, so the tables keep them whatever was written —
 * then, when the load succeeded, does what the daily retention run would have done over the period
 * (the product's own anonymisation, db/privacy: orders closed longer than the policy keeps a contact),
 * and gathers the planner's statistics (and the visibility map, for index-only scans).
 */
async function finish(target: LoadTarget, deferred: Deferred[], failure: unknown, policy: SlaPolicy, end: number) {
  const database = await openTarget(target);
  const build = async (indexes: Deferred[]) => {
    for (const index of indexes) await database.db.execute(sql.raw(index.create));
  };
  try {
    const indexing = performance.now();
    await build(deferred.filter((d) => d.beforeRetention || failure));
    let indexes = seconds(indexing);
    if (failure) throw failure;
    const anonymising = performance.now();
    const afterDays = policy.retention.anonymiseAfterDays;
    const batch = { closedBefore: new Date(end - afterDays * DAY), limit: 5_000, afterDays };
    let anonymised = 0;
    for (;;) {
      const done = await anonymiseClosedOrders(database.db, {
        ...batch,
        policyVersion: policy.version,
        run: 'seed:city',
      });
      anonymised += done;
      if (done < batch.limit) break;
    }
    const anonymise = seconds(anonymising);
    const indexingRest = performance.now();
    await build(deferred.filter((d) => !d.beforeRetention));
    indexes += seconds(indexingRest);
    const analyzing = performance.now();
    await database.db.execute(sql.raw(`vacuum (analyze) ${[...TABLES, 'privacy_log'].join(', ')}`));
    return { indexes, anonymised, anonymise, analyze: seconds(analyzing) };
  } finally {
    await database.close();
  }
}

async function inThisProcess(target: LoadTarget, options: LoadOptions, city: City, log: (message: string) => void) {
  const pg = target.kind === 'pglite' ? new PGlite(target.dir) : undefined;
  try {
    const sink = pg ? pgliteSink(pg) : postgresSink((target as { url: string }).url);
    const partition: Partition = { index: 0, count: 1, openQuota: options.open };
    let last = 0;
    return await generatePartition(city, partition, sink, (done) => {
      if (done - last < 10_000) return;
      last = done;
      log(`${done} orders generated`);
    });
  } finally {
    await pg?.close();
  }
}

/** One child process per share, each streaming its own COPY; progress summed every ten seconds. */
async function inChildProcesses(
  url: string,
  options: LoadOptions,
  log: (message: string) => void,
): Promise<PartitionResult[]> {
  const entry = fileURLToPath(new URL('./worker.ts', import.meta.url));
  const done = new Array<number>(options.workers).fill(0);
  const children: ChildProcess[] = [];
  const timer = setInterval(() => log(`${done.reduce((a, b) => a + b, 0)} orders generated`), 10_000);
  const plan: CityPlan = {
    orders: options.orders,
    days: options.days,
    end: options.end,
    seed: options.seed,
    hashKey: options.hashKey,
  };
  try {
    return await Promise.all(
      done.map(
        (_, index) =>
          new Promise<PartitionResult>((resolve, reject) => {
            const child = fork(entry, [], {
              execArgv: ['--import', 'tsx'],
              stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
            });
            children.push(child);
            const quota =
              Math.floor(options.open / options.workers) + (index === 0 ? options.open % options.workers : 0);
            let result: PartitionResult | undefined;
            child.on('message', (m: WorkerReport) => {
              if (m.type === 'progress') done[index] = m.done;
              if (m.type === 'done') result = m.result;
              if (m.type === 'error') reject(new Error(`city worker ${index}: ${m.message}`));
            });
            child.once('exit', (code) =>
              result ? resolve(result) : reject(new Error(`city worker ${index} exited with ${code}`)),
            );
            const request: WorkerRequest = {
              type: 'start',
              url,
              plan,
              partition: { index, count: options.workers, openQuota: quota },
            };
            child.send(request);
          }),
      ),
    );
  } finally {
    clearInterval(timer);
    // A share that failed stops the others (each is a process this load started).
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
}
