/**
 * The faults, one at a time, each under a steady load with response clocks falling due during the
 * fault; after each, the reconciler compares what callers were told with Temporal and the read model.
 */
import { DEFAULT_POLICY } from '../db/seed-data';
import { problems, reconcileSettled, summarize, type Summary } from './reconcile';
import { sleep, sleepUntil, waitFor } from '../support';
import type { Cluster } from './cluster';
import { LoadGenerator, publishPolicy, type Plan } from './load';

export type ScenarioName = 'worker_sigkill' | 'temporal_restart' | 'db_unreachable' | 'api_sigkill' | 'sigterm_drain';
export const SCENARIOS: ScenarioName[] = [
  'worker_sigkill',
  'temporal_restart',
  'db_unreachable',
  'api_sigkill',
  'sigterm_drain',
];

/** The row of `chaos/results/latest.json`, in the shape: the reconciler's figures and the load's. */
export interface ScenarioRow extends Summary {
  sent: number;
  http_5xx_other_than_503: number;
}

export interface ScenarioConfig {
  /** New orders per second. */
  ratePerSecond: number;
  /** Load under the default policy (15-minute response) before the short one is published. */
  defaultPolicyMs: number;
  /** Load under the short policy before the fault, so reminders and breaches fall due during it. */
  warmupMs: number;
  /** Load after recovery. */
  afterMs: number;
  /** The short response limit, in minutes (reminders at 50 % and 75 %, breach at 100 %). */
  responseLimitMinutes: number;
  /** How long a worker, the dev server stay down; how long the database stays cut. */
  workerDownMs: number;
  temporalDownMs: number;
  dbCutMs: number;
  /** Bound on orders per scenario. */
  maxOrders: number;
  /** How long the reconciler may wait for the system to settle. */
  settleTimeoutMs: number;
  plans?: Partial<Record<Plan, number>>;
  lateAckMs?: [number, number];
  log: (line: string) => void;
}

export const FULL_CONFIG: Omit<ScenarioConfig, 'log'> = {
  ratePerSecond: 1.5,
  defaultPolicyMs: 4_000,
  warmupMs: 25_000,
  afterMs: 15_000,
  responseLimitMinutes: 0.5,
  workerDownMs: 10_000,
  temporalDownMs: 10_000,
  dbCutMs: 30_000,
  maxOrders: 400,
  settleTimeoutMs: 180_000,
};

export interface Fault {
  from: number;
  to: number;
  /** Scenario-specific observations (exit codes, readiness, work in flight). */
  notes: Record<string, unknown>;
  /** Scenario-specific failures (e.g. a process that did not exit 0). */
  failures: string[];
}

export interface ScenarioResult {
  name: ScenarioName;
  /** The orders accepted in this scenario. */
  orderIds: string[];
  row: ScenarioRow;
  fault: Fault;
  durationS: number;
  settleWaitS: number;
  /** Targets not met, with what was found. */
  failures: string[];
  problems: string[];
  load: LoadGenerator['stats'];
  readyz: { redDuringFault: boolean | null; greenAfterS: number | null };
}

/** Watches /readyz every 500 ms: status codes with their instants. */
function watchReadiness(cluster: Cluster) {
  const seen: { at: number; status: number | null; retryAfter: boolean }[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const at = Date.now();
      try {
        const res = await fetch(`${cluster.baseUrl}/readyz`, { signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        seen.push({ at, status: res.status, retryAfter: res.headers.has('retry-after') });
      } catch {
        seen.push({ at, status: null, retryAfter: false });
      }
      await sleep(500);
    }
  })();
  return {
    seen,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/**
 * Work a worker holds right now among recently accepted orders (server's view): workflow tasks started
 * (the read-model write runs inside them, as a local activity) and activities started (the fallback).
 */
async function workInFlight(cluster: Cluster, load: LoadGenerator, sample = 30): Promise<number> {
  const recent = [...load.accepted.values()].slice(-sample);
  const counts = await Promise.all(
    recent.map(async (o) => {
      try {
        const d = await cluster.client!.workflow.getHandle(o.orderId).describe();
        // PENDING_ACTIVITY_STATE_STARTED and PENDING_WORKFLOW_TASK_STATE_STARTED (both 2): a worker holds it.
        const task = Number(d.raw.pendingWorkflowTask?.state) === 2 ? 1 : 0;
        return task + (d.raw.pendingActivities ?? []).filter((a) => Number(a.state) === 2).length;
      } catch {
        return 0;
      }
    }),
  );
  return counts.reduce((s, n) => s + n, 0);
}

type Inject = (cluster: Cluster, load: LoadGenerator, cfg: ScenarioConfig) => Promise<Fault>;

const INJECT: Record<ScenarioName, Inject> = {
  /** SIGKILL the worker while it holds work (a write in flight); a new worker after `workerDownMs`. */
  async worker_sigkill(cluster, load, cfg) {
    const failures: string[] = [];
    const old = cluster.worker!;
    // Kill at a moment the server sees the worker holding a task (give up waiting after 15 s).
    let seenBefore = 0;
    const until = Date.now() + 15_000;
    while (Date.now() < until && (seenBefore = await workInFlight(cluster, load, 12)) === 0) await sleep(20);
    const from = Date.now();
    old.signal('SIGKILL');
    const exit = await old.exited;
    const inFlightAtKill = await workInFlight(cluster, load);
    cfg.log(`worker pid ${old.pid} killed (${exit.signal}); tasks it held: ${inFlightAtKill}`);
    if (exit.signal !== 'SIGKILL') failures.push(`worker exited with ${exit.code ?? exit.signal}, not by SIGKILL`);
    await sleepUntil(from + cfg.workerDownMs);
    const next = await cluster.startProcess('worker');
    return {
      from,
      to: next.readyAt!,
      notes: { workSeenBeforeKill: seenBefore, workInFlightAtKill: inFlightAtKill },
      failures,
    };
  },

  /** Stop the dev server, start it again on the same data file after `temporalDownMs`. */
  async temporal_restart(cluster, _load, cfg) {
    const failures: string[] = [];
    const from = Date.now();
    const pid = cluster.temporal!.pid;
    await cluster.stopTemporal();
    const stoppedAfterS = (Date.now() - from) / 1000;
    cfg.log(`dev server pid ${pid} stopped in ${stoppedAfterS.toFixed(1)} s`);
    await sleep(cfg.temporalDownMs);
    const server = await cluster.startTemporal();
    const to = Date.now();
    cfg.log(`dev server back (pid ${server.pid}) after ${((to - from) / 1000).toFixed(1)} s`);
    for (const p of [cluster.api!, cluster.worker!]) {
      if (!p.running) failures.push(`${p.role} died while Temporal was down:\n${p.tail(1500)}`);
    }
    return { from, to, notes: { stoppedAfterS }, failures };
  },

  /** PostgreSQL unreachable through the proxy for `dbCutMs` (a partition: connections hang). */
  async db_unreachable(cluster, load, cfg) {
    const from = Date.now();
    const acceptedBefore = load.accepted.size;
    cluster.proxy!.cut('blackhole');
    cfg.log(`database cut for ${cfg.dbCutMs / 1000} s`);
    await sleep(cfg.dbCutMs);
    const acceptedDuring = load.accepted.size - acceptedBefore;
    cluster.proxy!.restore();
    const to = Date.now();
    cfg.log(`database restored; ${acceptedDuring} orders accepted while it was cut`);
    const failures: string[] = [];
    if (acceptedDuring === 0) failures.push('no order was accepted while the database was unreachable');
    for (const p of [cluster.api!, cluster.worker!]) {
      if (!p.running) failures.push(`${p.role} died while the database was cut:\n${p.tail(1500)}`);
    }
    return { from, to, notes: { acceptedDuringFault: acceptedDuring }, failures };
  },

  /** SIGKILL the API with requests in flight, restart it; the load retries with the same keys. */
  async api_sigkill(cluster, load, cfg) {
    const failures: string[] = [];
    const old = cluster.api!;
    await waitFor('a request in flight', () => load.inFlight > 0, { timeoutMs: 30_000, intervalMs: 2 });
    const inFlight = load.inFlight;
    const from = Date.now();
    old.signal('SIGKILL');
    const exit = await old.exited;
    cfg.log(`API pid ${old.pid} killed (${exit.signal}) with ${inFlight} request(s) in flight`);
    const next = await cluster.startProcess('api');
    return { from, to: next.readyAt!, notes: { requestsInFlightAtKill: inFlight }, failures };
  },

  /** SIGTERM the worker and the API under load: both drain and exit 0; then new ones start. */
  async sigterm_drain(cluster, load, cfg) {
    const failures: string[] = [];
    const worker = cluster.worker!;
    const api = cluster.api!;
    // At a moment the server sees the worker holding a task and a request is in flight.
    let held = 0;
    const until = Date.now() + 15_000;
    while (Date.now() < until && !((held = await workInFlight(cluster, load, 12)) > 0 && load.inFlight > 0)) {
      await sleep(20);
    }
    await waitFor('a request in flight', () => load.inFlight > 0, { timeoutMs: 30_000, intervalMs: 2 });
    const inFlight = load.inFlight;
    const from = Date.now();
    worker.signal('SIGTERM');
    api.signal('SIGTERM');
    const limit = 60_000;
    const timer = setTimeout(() => {
      worker.signal('SIGKILL');
      api.signal('SIGKILL');
    }, limit);
    const [wExit, aExit] = await Promise.all([worker.exited, api.exited]);
    clearTimeout(timer);
    const notes = {
      workSeenBeforeSigterm: held,
      requestsInFlightAtSigterm: inFlight,
      workerExit: wExit.code ?? wExit.signal,
      workerDrainS: (wExit.at - from) / 1000,
      apiExit: aExit.code ?? aExit.signal,
      apiDrainS: (aExit.at - from) / 1000,
    };
    cfg.log(
      `SIGTERM: worker exited ${notes.workerExit} after ${notes.workerDrainS} s, API ${notes.apiExit} after ${notes.apiDrainS} s`,
    );
    if (wExit.code !== 0) failures.push(`worker exited with ${notes.workerExit}, not 0:\n${worker.tail(1500)}`);
    if (aExit.code !== 0) failures.push(`API exited with ${notes.apiExit}, not 0:\n${api.tail(1500)}`);
    const [w, a] = await Promise.all([cluster.startProcess('worker'), cluster.startProcess('api')]);
    return { from, to: Math.max(w.readyAt!, a.readyAt!), notes, failures };
  },
};

/** What /readyz showed: red (503 with Retry-After) during the fault, green again after. */
function readiness(seen: { at: number; status: number | null; retryAfter: boolean }[], fault: Fault) {
  const during = seen.filter((s) => s.at >= fault.from && s.at <= fault.to && s.status !== null);
  const redDuringFault = during.length ? during.some((s) => s.status === 503 && s.retryAfter) : null;
  const green = seen.find((s) => s.at >= fault.to && s.status === 200);
  return { redDuringFault, greenAfterS: green ? Math.round((green.at - fault.to) / 100) / 10 : null };
}

export async function runScenario(
  cluster: Cluster,
  name: ScenarioName,
  cfg: ScenarioConfig,
  /** Every order accepted in earlier scenarios: their clocks are checked too. */
  earlier: Set<string>,
  label: string,
  phoneBase: number,
): Promise<ScenarioResult> {
  const started = Date.now();
  const { tokens } = cluster;
  const base = cluster.baseUrl;
  await publishPolicy(base, tokens!.admin, { ...DEFAULT_POLICY });
  const load = new LoadGenerator({
    baseUrl: base,
    tokens: tokens!,
    label,
    ratePerSecond: cfg.ratePerSecond,
    maxOrders: cfg.maxOrders,
    plans: cfg.plans,
    lateAckMs: cfg.lateAckMs,
    phoneBase,
  });
  const readyz = watchReadiness(cluster);
  let fault: Fault;
  try {
    load.start();
    await sleep(cfg.defaultPolicyMs);
    await publishPolicy(base, tokens!.admin, {
      ...DEFAULT_POLICY,
      responseLimit: { unit: 'minutes', amount: cfg.responseLimitMinutes },
    });
    await sleep(cfg.warmupMs);
    cfg.log(`${name}: ${load.accepted.size} orders accepted before the fault`);
    fault = await INJECT[name](cluster, load, cfg);
    await sleep(cfg.afterMs);
  } finally {
    await load.stop();
    await readyz.stop();
  }
  // Let every response clock of this scenario fall due, so that each of its events is checked.
  const lastDue = load.lastCreateAt + cfg.responseLimitMinutes * 60_000 + 3_000;
  await sleepUntil(lastDue);
  const mine = [...load.accepted.values()].map((o) => o.orderId);
  const all = new Set([...earlier, ...mine]);
  const settled = await reconcileSettled(
    { client: cluster.client!, db: cluster.db!.database.db, orderIds: [...all], keyIds: load.keyIds },
    { timeoutMs: cfg.settleTimeoutMs },
  );
  const summary: Summary = summarize(settled.reconciliation, mine, { from: fault.from, to: fault.to });
  const row: ScenarioRow = {
    sent: load.stats.sent,
    ...summary,
    http_5xx_other_than_503: load.stats.http5xxOtherThan503,
  };
  const faultS = (fault.to - fault.from) / 1000;
  const failures = [...fault.failures];
  if (row.accepted !== row.in_temporal || row.accepted !== row.in_read_model) {
    failures.push(`accepted ${row.accepted}, in Temporal ${row.in_temporal}, in the read model ${row.in_read_model}`);
  }
  if (row.audit_gaps) failures.push(`${row.audit_gaps} audit gap(s)`);
  if (row.audit_duplicates) failures.push(`${row.audit_duplicates} duplicate audit event(s)`);
  if (row.duplicate_orders) failures.push(`${row.duplicate_orders} duplicate order(s)`);
  if (row.clocks_fired !== row.clocks_due) failures.push(`${row.clocks_due - row.clocks_fired} clock(s) never fired`);
  if (row.clocks_due === 0)
    failures.push('no clock fell due during the fault: the scenario proves nothing about clocks');
  if (row.max_clock_lateness_s > faultS + 5) {
    failures.push(`a clock fired ${row.max_clock_lateness_s} s late; the fault lasted ${faultS.toFixed(1)} s`);
  }
  if (row.http_5xx_other_than_503) failures.push(`${row.http_5xx_other_than_503} HTTP 5xx other than 503`);
  if (load.stats.missingRetryAfter) failures.push(`${load.stats.missingRetryAfter} 503/429 without Retry-After`);
  if (load.stats.hung) failures.push(`${load.stats.hung} request(s) without an answer within the client timeout`);
  if (load.stats.gaveUp) failures.push(`${load.stats.gaveUp} request(s) given up after retrying`);
  if (load.stats.unexpected) failures.push(`${load.stats.unexpected} unexpected answer(s)`);
  const other = problems(settled.reconciliation).filter((p) => !mine.some((id) => p.startsWith(id)));
  if (other.length) failures.push(`orders of earlier scenarios: ${other.length} problem(s)`);
  for (const p of [cluster.api, cluster.worker]) {
    if (!p?.running) failures.push(`${p?.role ?? 'a process'} is not running after the scenario`);
  }
  const ready = readiness(readyz.seen, fault);
  if (name === 'temporal_restart' || name === 'db_unreachable') {
    if (ready.redDuringFault !== true)
      failures.push('/readyz did not turn red (503 with Retry-After) during the fault');
    if (ready.greenAfterS === null) failures.push('/readyz did not turn green after the fault');
  }
  return {
    name,
    orderIds: mine,
    row,
    fault,
    durationS: Math.round((Date.now() - started) / 1000),
    settleWaitS: Math.round(settled.waitedMs / 1000),
    failures,
    problems: settled.problems.slice(0, 40),
    load: load.stats,
    readyz: ready,
  };
}
