/**
 * `npm run bench:city`: the read side at a city's scale (issue 17). A year of a million orders generated
 * into a scratch database on the local PostgreSQL (scripts/city: the workflow's own state machine, bulk
 * COPY), a few thousand of them open as real running workflows; then, against the product's own API and
 * worker processes: KPIs for a month and a year, every list at concurrency 1 and 10, the repeat lookup,
 * the fairness window, `npm run recompute` for a month, and the API's memory during each. Then the same
 * at a district's scale on PGlite (`npm start`'s embedded database). Writes bench/results/city.json,
 * city.md and city-explain.md (the hot queries' plans).
 *
 *   npm run bench:city                          1,000,000 orders, then 100,000 on PGlite
 *   npm run bench:city -- --orders 20000        a quick check (writes city-20000.*)
 *   npm run bench:city -- --pglite-orders 0     PostgreSQL only
 *   npm run bench:city -- --keep                keep the scratch database and the temporary folder
 *   npm run bench:city -- --reuse URL           measure again on a city kept with --keep (no load; its
 *                                               open orders have no workflows on this run's dev server)
 *
 * Loopback only; everything it starts it stops by PID, and it drops what it created, also on Ctrl-C.
 */
import { Client, Connection } from '@temporalio/client';
import { desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client';
import { listOrders } from '../db/queries';
import { auditEvents, orderOutcomes, orders, privacyLog, ratingReviews } from '../db/schema';
import { listReviews } from '../db/fairness';
import { loadReferenceData } from '../db/reference';
import { startReferenceCache } from '../db/reference-cache';
import { parsePayloadKeys } from '../runtime/config';
import { startDevServer } from '../runtime/dev-server';
import { temporalDataConverter } from '../adapters/payload-codec';
import { loadCity, type LoadResult, type LoadTarget } from '../scripts/city/load';
import { startOpenOrders } from '../scripts/city/open-orders';
import { requesterFlagOf } from '../db/fairness';
import { findRepeatCandidates } from '../db/repeats';
import { kpisFor } from '../api/kpis';
import { createScratchDatabase, freePort } from '../support';
import { explainAll, plansMarkdown, type HotQuery } from './city/explain';
import { listCases, type CityValues, type ListCase } from './city/lists';
import {
  measureFairnessWindow,
  measureKpi,
  measurePolicyPreview,
  measureWall,
  measureList,
  measureRecompute,
  measureRepeatLookup,
  measureRepeatRoute,
  type Period,
  type Subject,
} from './city/measure';
import { apiRss, markdown, targets, type CityResults, type ListResult, type PhaseResult } from './city/report';
import { connectApi, loadMeter, newSecrets, rssMb, runEntry, waitIdle, type Api } from './city/system';
import { exitCleanup, gitCommit, log, machine, round } from './lib';

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string' },
    days: { type: 'string', default: '365' },
    'pglite-orders': { type: 'string' },
    open: { type: 'string' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
  },
});
const orderCount = Number(args.orders ?? 1_000_000);
const pgliteOrders = Number(args['pglite-orders'] ?? Math.min(100_000, orderCount));
const days = Number(args.days);
/** Open orders kept as running workflows: about one in 500, at most 2,000. */
const openFor = (n: number) => Number(args.open ?? Math.min(2_000, Math.round(n / 500)));
const DAY = 86_400_000;
const RECOMPUTE_BOUND_MS = 20 * 60_000;

const started = Date.now();
const end = started;
const month: Period = { from: new Date(end - 30 * DAY), to: new Date(end) };
const year: Period = { from: new Date(end - Math.min(days, 365) * DAY), to: new Date(end) };
const dir = mkdtempSync(join(tmpdir(), 'hotline-city-'));
const secrets = newSecrets();
const { cleanups, cleanup } = exitCleanup(dir, args.keep);

/** The city's values the list cases filter on. */
const values: CityValues = {
  unit: 'CGJ',
  units: ['CGJ', 'ZJJ', 'SCJG', 'WATER', 'JTJ', 'LJQ'],
  category: 'noise_construction',
  day: { from: new Date(end - 30 * DAY), to: new Date(end - 29 * DAY) },
};
const cases = listCases(values);

async function measureLists(api: Api): Promise<PhaseResult['lists']> {
  const lists = {} as PhaseResult['lists'];
  for (const list of ['orders', 'inbox', 'escalations', 'visits', 'reviews'] as const) {
    const figures: ListResult['cases'] = {};
    for (const c of cases.filter((k) => k.list === list)) {
      figures[c.name] = await measureList(api, [c]);
      log(`${c.name}: c1 p99 ${figures[c.name]!.c1.p99_ms} ms, c10 p99 ${figures[c.name]!.c10.p99_ms} ms`);
    }
    const [worst, figure] = Object.entries(figures).sort((a, b) => b[1].c10.p99_ms - a[1].c10.p99_ms)[0]!;
    lists[list] = { ...figure, worst_case: worst, cases: figures };
  }
  return lists;
}

async function measureKpis(api: Api): Promise<PhaseResult['kpis']> {
  const kpis = { month: {}, year: {} } as PhaseResult['kpis'];
  for (const [name, period] of [
    ['month', month],
    ['year', year],
  ] as const) {
    for (const group of ['unit', 'category', 'centre'] as const) {
      kpis[name][group] = await measureKpi(api, period, group);
      log(`KPIs ${name} by ${group}: ${kpis[name][group].runs.map((r) => `${r.ms} ms (${r.status})`).join(', ')}`);
    }
  }
  return kpis;
}

type LoadFigures = Pick<
  PhaseResult,
  | 'orders'
  | 'audit_events'
  | 'reviews'
  | 'outcome_rows'
  | 'anonymised'
  | 'open_workflows'
  | 'left_out'
  | 'load_s'
  | 'load'
>;

const loadFigures = (load: LoadResult, openStartS: number): LoadFigures => ({
  orders: load.orders,
  audit_events: load.events,
  reviews: load.reviews,
  outcome_rows: load.outcomes,
  anonymised: load.anonymised,
  open_workflows: load.open.length,
  left_out: load.leftOut,
  load_s: load.seconds.total,
  load: {
    generate_s: load.seconds.generate,
    indexes_s: load.seconds.indexes,
    anonymise_s: load.seconds.anonymise,
    analyze_s: load.seconds.analyze,
    open_start_s: openStartS,
  },
});

/** A city kept from an earlier run (--reuse): what it holds; how long it took to load is that run's. */
async function countCity(url: string): Promise<LoadFigures> {
  const database = await openDatabase({ url, poolSize: 1 });
  try {
    const count = async (table: PgTable) =>
      (await database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
    const [anonymised] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(privacyLog)
      .where(eq(privacyLog.kind, 'anonymised'));
    return {
      orders: await count(orders),
      audit_events: await count(auditEvents),
      reviews: await count(ratingReviews),
      outcome_rows: await count(orderOutcomes),
      anonymised: anonymised!.n,
      open_workflows: 0,
      left_out: 0,
      load_s: null,
      load: null,
    };
  } finally {
    await database.close();
  }
}

async function startOpen(address: string, load: LoadResult): Promise<number> {
  const t0 = performance.now();
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({
      connection,
      dataConverter: temporalDataConverter(parsePayloadKeys(secrets.PAYLOAD_KEYS, undefined)),
    });
    await startOpenOrders(client, load.open);
  } finally {
    await connection.close();
  }
  log(`${load.open.length} open orders started as workflows`);
  return round((performance.now() - t0) / 1000);
}

async function load(target: LoadTarget, n: number, workers: number): Promise<LoadResult> {
  log(`loading ${n.toLocaleString('en')} orders into ${target.kind}`);
  const result = await loadCity(
    target,
    { orders: n, days, end, seed: 1, hashKey: secrets.REQUESTER_HASH_KEY, workers, open: openFor(n) },
    (m) => log(m),
  );
  log(`loaded ${result.orders} orders, ${result.events} events in ${result.seconds.total} s`);
  return result;
}

/** The hot queries, through the product's own functions, for EXPLAIN. */
function hotQueries(
  policy: Parameters<typeof findRepeatCandidates>[1] & Parameters<typeof requesterFlagOf>[1],
  subject: Subject,
  hash: string,
) {
  const list = (c: ListCase): HotQuery => ({
    name: c.name,
    run: (db) =>
      'reviews' in c.query
        ? listReviews(db, c.query.reviews, 0, 25)
        : listOrders(db, c.query.filters, { sort: c.query.sort, limit: 25 }),
  });
  return [
    ...cases.map(list),
    { name: 'repeat candidates at intake', run: (db) => findRepeatCandidates(db, policy, subject) },
    { name: 'fairness window', run: (db) => requesterFlagOf(db, policy, hash, end) },
  ] satisfies HotQuery[];
}

/** The environment of the system's processes: this run's secrets, and no per-caller rate limit (one client stands for many). */
const systemEnv = <E extends Record<string, string>>(extra: E) => ({
  ...secrets,
  RATE_LIMIT_PER_SECOND: '1000000',
  RATE_LIMIT_BURST: '1000000',
  ...extra,
});

/** What both phases measure through the API: KPIs, the lists and the repeat-candidates route (on recent orders). */
async function measureThroughApi(api: Api, recent: string[]) {
  const machineLoad = loadMeter();
  const baseline = Math.round(rssMb(api.pid));
  const kpis = await measureKpis(api);
  const lists = await measureLists(api);
  const repeatRoute = recent.length ? await measureRepeatRoute(api, recent) : null;
  const wall = await measureWall(api);
  log(`duty wall: p50 ${wall.p50_ms} ms, p99 ${wall.p99_ms} ms`);
  const preview = await measurePolicyPreview(api, month);
  log(`policy preview of the month: ${preview.seconds} s for ${preview.orders} orders (${preview.changed} changed)`);
  return { baseline, kpis, lists, repeatRoute, wall, preview, machineLoad: machineLoad() };
}

/** `npm run recompute` for the month (the orders active in it), then over every order (`--all`). */
async function measureRecomputes(env: Record<string, string>) {
  log('npm run recompute for a month');
  const recompute = await measureRecompute(env, month, dir, RECOMPUTE_BOUND_MS);
  log(`recompute: ${recompute.seconds} s, exit ${recompute.exit_code}; now over every order (--all)`);
  const recomputeAll = await measureRecompute(env, month, dir, RECOMPUTE_BOUND_MS, true);
  log(`recompute --all: ${recomputeAll.seconds} s, exit ${recomputeAll.exit_code}`);
  return { recompute, recomputeAll };
}

interface Measured extends Awaited<ReturnType<typeof measureThroughApi>> {
  repeatLookup: PhaseResult['repeat_lookup'];
  fairness: PhaseResult['fairness_window'];
  recompute: NonNullable<PhaseResult['recompute']>;
  recomputeAll: NonNullable<PhaseResult['recompute']>;
}

function phaseResult(database: PhaseResult['database'], loaded: LoadFigures, m: Measured): PhaseResult {
  const rss = apiRss(m.kpis, m.lists);
  return {
    database,
    ...loaded,
    kpis: m.kpis,
    lists: m.lists,
    repeat_lookup: m.repeatLookup,
    repeat_route: m.repeatRoute,
    wall: m.wall,
    policy_preview: m.preview,
    fairness_window: m.fairness,
    recompute_month_s: m.recompute.seconds,
    recompute: m.recompute,
    recompute_all: m.recomputeAll,
    api_rss_mb: { baseline: m.baseline, peak: rss.peakMb },
    api_rss_growth_mb: rss.growthMb,
    machine_load: m.machineLoad,
  };
}

/** The lookups intake and the fairness layer run, from this process, and the hot queries' plans. */
async function measureDirect(url: string) {
  const database = await openDatabase({ url, poolSize: 10 });
  try {
    const { policy } = await loadReferenceData(database.db);
    const recent = await database.db.select().from(orders).orderBy(desc(orders.receivedAt)).limit(200);
    const subjects: Subject[] = recent.map((o) => ({ ...o, receivedAt: end }));
    // The frequent raters first: theirs is the window that matters.
    const frequent = await database.db
      .select({ hash: orders.requesterHash })
      .from(orders)
      .where(isNotNull(orders.requesterHash))
      .groupBy(orders.requesterHash)
      .orderBy(desc(sql`count(*)`))
      .limit(20);
    const hashes = [...frequent.map((f) => f.hash), ...recent.map((o) => o.requesterHash)].filter(
      (h): h is string => h !== null,
    );
    const repeatLookup = await measureRepeatLookup(database.db, policy, subjects);
    const fairness = await measureFairnessWindow(database.db, policy, hashes, end);
    log(`repeat lookup p99 ${repeatLookup.p99_ms} ms, fairness window p99 ${fairness.p99_ms} ms`);
    const reference = await startReferenceCache(database.db);
    const plans = await explainAll(url, [
      ...hotQueries(policy, { ...subjects[0]!, orderId: 'new-order' }, hashes[0]!),
      {
        name: 'KPIs for a month by unit',
        run: (db) =>
          kpisFor(db, reference, { groupBy: 'unit', from: month.from.toISOString(), to: month.to.toISOString() }),
      },
    ]).finally(() => reference.stop());
    writeFileSync(
      join(resultsDir, `${name}-explain.md`),
      `# Hot queries on ${orderCount.toLocaleString('en')} orders\n\n${plansMarkdown(plans)}`,
    );
    return { repeatLookup, fairness };
  } finally {
    await database.close();
  }
}

/** PostgreSQL: the API and the worker as production runs them (npm run start:api, start:worker). */
async function postgresPhase(): Promise<PhaseResult> {
  let url = args.reuse;
  let loaded: LoadResult | undefined;
  if (!url) {
    const scratch = await createScratchDatabase('hotline_city');
    cleanups.push(async () => {
      if (args.keep) log(`kept database ${scratch.url}`);
      else await scratch.drop();
    });
    url = scratch.url;
    loaded = await load({ kind: 'postgres', url }, orderCount, availableParallelism());
  }

  const [port, uiPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const server = await startDevServer({ dataDir: join(dir, 'temporal'), port, uiPort, namespace: 'default' });
  cleanups.push(server.stop);
  const env = systemEnv({
    TEMPORAL_ADDRESS: server.address,
    DATABASE_URL: url,
    DATA_DIR: join(dir, 'postgres'),
  });
  mkdirSync(env.DATA_DIR, { recursive: true });
  const worker = runEntry('bin/worker.ts', env, join(dir, 'worker.log'));
  cleanups.push(worker.stop);
  const openStart = loaded ? await startOpen(server.address, loaded) : 0;
  const apiEntry = runEntry('bin/api.ts', { ...env, PORT: String(apiPort) }, join(dir, 'api.log'));
  cleanups.push(apiEntry.stop);
  const api = await connectApi(`http://127.0.0.1:${apiPort}`, apiEntry.pid, secrets.AUTH_SECRET);
  // The open orders' first workflow tasks (clocks fallen due meanwhile) are done before measuring.
  await waitIdle(worker.pid, 200);
  const viaApi = await measureThroughApi(api, loaded?.open.map((o) => o.orderId) ?? []);
  const direct = await measureDirect(url);
  await apiEntry.stop();
  await worker.stop();
  const recomputes = await measureRecomputes(env);
  const figures = loaded ? loadFigures(loaded, openStart) : await countCity(url);
  return phaseResult('postgresql', figures, { ...viaApi, ...direct, ...recomputes });
}

/** PGlite: npm start itself — the dev server, the database, the worker and the API in one process. */
async function pglitePhase(): Promise<PhaseResult> {
  const home = join(dir, 'embedded');
  const loaded = await load({ kind: 'pglite', dir: join(home, 'pglite') }, pgliteOrders, 0);
  const ports = { PORT: 0, TEMPORAL_PORT: 0, TEMPORAL_UI_PORT: 0, CODEC_PORT: 0 };
  for (const key of Object.keys(ports) as (keyof typeof ports)[]) ports[key] = await freePort();
  const env = systemEnv({ DATA_DIR: home, DATABASE_URL: '', TEMPORAL_ADDRESS: '' });
  const start = runEntry(
    'bin/start.ts',
    { ...env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) },
    join(dir, 'npm-start.log'),
  );
  cleanups.push(start.stop);
  const api = await connectApi(`http://127.0.0.1:${ports.PORT}`, start.pid, secrets.AUTH_SECRET);
  const openStart = await startOpen(`127.0.0.1:${ports.TEMPORAL_PORT}`, loaded);
  await waitIdle(start.pid, 200);
  const viaApi = await measureThroughApi(
    api,
    loaded.open.map((o) => o.orderId),
  );
  await start.stop();
  const recomputes = await measureRecomputes(env);
  return phaseResult('pglite', loadFigures(loaded, openStart), {
    ...viaApi,
    repeatLookup: null,
    fairness: null,
    ...recomputes,
  });
}

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(resultsDir, { recursive: true });
const name = `${args.orders === undefined ? 'city' : `city-${orderCount}`}${args.reuse ? '-remeasured' : ''}`;
try {
  const postgres = await postgresPhase();
  const pglite = pgliteOrders > 0 ? await pglitePhase() : null;
  const results: CityResults = {
    run: {
      date: new Date(started).toISOString(),
      commit: gitCommit(),
      machine: machine(),
      minutes: round((Date.now() - started) / 60_000),
    },
    ...postgres,
    pglite: pglite && {
      ...pglite,
      kpis_month_unit_p50_ms: pglite.kpis.month.unit.p50_ms,
      orders_list_c10_p99_ms: pglite.lists.orders.c10.p99_ms,
    },
    targets: targets(postgres),
  };
  writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(resultsDir, `${name}.md`), markdown(results));
  process.stdout.write(markdown(results));
} finally {
  await cleanup();
}
