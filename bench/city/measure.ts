/**
 * The city benchmark's measurements against a running system: KPIs for a month and a year, the lists at
 * concurrency 1 and 10, the repeat-candidate lookup and the fairness window, and `npm run recompute`;
 * each with the API process's memory during it.
 */
import { join } from 'node:path';
import type { Db } from '../../db/client';
import type { SlaPolicy } from '../../domain/types';
import { requesterFlagOf } from '../../db/fairness';
import { findRepeatCandidates } from '../../db/repeats';
import { cpuMeter, percentile, round, runLoad, type LoadResult } from '../lib';
import type { ListCase } from './lists';
import { runEntry, sampleRss, waitIdle, type Api, type Memory } from './system';

export interface Latency {
  n: number;
  /** The API process's CPU time per request, where measured. */
  api_cpu_ms?: number;
  errors: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  firstError?: string;
}

const latency = (r: Pick<LoadResult, 'latencies' | 'errors' | 'firstError'>): Latency => ({
  n: r.latencies.length,
  errors: r.errors,
  p50_ms: round(percentile(r.latencies, 50)),
  p99_ms: round(percentile(r.latencies, 99)),
  max_ms: round(percentile(r.latencies, 100)),
  ...(r.firstError ? { firstError: r.firstError } : {}),
});

const memoryFigures = (m: Memory) => ({
  rss_start_mb: Math.round(m.startMb),
  rss_peak_mb: Math.round(m.peakMb),
  rss_growth_mb: Math.round(m.growthMb),
});

export interface Period {
  from: Date;
  to: Date;
}

export interface KpiFigure {
  p50_ms: number;
  max_ms: number;
  /** Every run: its time and HTTP status. */
  runs: { ms: number; status: number; rows: number | null }[];
  rss_start_mb: number;
  rss_peak_mb: number;
  rss_growth_mb: number;
}

/** `GET /kpis` five times in a row for one period and grouping, as a coordinator. */
export async function measureKpi(api: Api, period: Period, groupBy: 'unit' | 'category' | 'centre', runs = 5) {
  const token = await api.token('coordinator');
  const path = `/kpis?groupBy=${groupBy}&from=${period.from.toISOString()}&to=${period.to.toISOString()}`;
  const { value, memory } = await sampleRss(api.pid, async () => {
    const out: KpiFigure['runs'] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const res = await api.http.call('GET', path, token).catch((err: unknown) => ({ status: 0, body: String(err) }));
      const ms = performance.now() - t0;
      const rows = (res.body as { rows?: unknown[] } | null)?.rows;
      out.push({ ms: round(ms), status: res.status, rows: Array.isArray(rows) ? rows.length : null });
      // A request the API gave up on (503 after its 10 s) may still be computing: let it finish first.
      if (res.status !== 200) await waitIdle(api.pid);
    }
    return out;
  });
  const times = value.map((r) => r.ms);
  return {
    p50_ms: round(percentile(times, 50)),
    max_ms: round(Math.max(...times)),
    runs: value,
    ...memoryFigures(memory),
  };
}

/** One list at concurrency 1 and 10: its cases' requests in turn, every answer must be 200. */
export async function measureList(api: Api, cases: ListCase[], counts = { c1: 200, c10: 1_000 }) {
  const tokens = await Promise.all(cases.map((c) => api.token(c.role, c.unit)));
  const op = async (i: number) => {
    const k = i % cases.length;
    await api.http.expect([200], 'GET', cases[k]!.path, tokens[k]!);
  };
  // With the API's CPU time per request: on two shared cores, what a p99 at c10 can be.
  const level = async (concurrency: number, maxOps: number) => {
    const cpu = cpuMeter({ api: api.pid });
    const r = await runLoad({ concurrency, durationMs: 120_000, maxOps, op });
    return { ...latency(r), api_cpu_ms: cpu(r.ok).api! };
  };
  const { value, memory } = await sampleRss(api.pid, async () => {
    // Not timed: each case 100 times first, ten at once, so V8 has compiled the route, the API's pool has
    // opened its connections, PostgreSQL has the pages and the year's KPIs just before are behind us (the
    // first list measured paid for all of them).
    await runLoad({ concurrency: 10, durationMs: 30_000, maxOps: 100 * cases.length, op });
    return { c1: await level(1, counts.c1), c10: await level(10, counts.c10) };
  });
  return { ...value, ...memoryFigures(memory) };
}

/** A direct lookup from this process (the query intake runs), one call at a time. */
async function timed(count: number, call: (i: number) => Promise<unknown>): Promise<Latency> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    try {
      await call(i);
      latencies.push(performance.now() - t0);
    } catch (err) {
      errors += 1;
      firstError ??= String(err);
    }
  }
  return latency({ latencies, errors, firstError });
}

export interface Subject {
  orderId: string;
  requesterHash: string | null;
  category: string | null;
  lat: number | null;
  lng: number | null;
  receivedAt: number;
}

/** 并单 at intake: the repeat candidates of new contacts like the city's latest ones. */
export const measureRepeatLookup = (db: Db, policy: SlaPolicy, subjects: Subject[], count = 400) =>
  timed(count, (i) => findRepeatCandidates(db, policy, { ...subjects[i % subjects.length]!, orderId: `new-${i}` }));

/** The fairness window: a requester's contacts and dissatisfied ratings over the policy's rolling window. */
export const measureFairnessWindow = (db: Db, policy: SlaPolicy, hashes: string[], now: number, count = 400) =>
  timed(count, (i) => requesterFlagOf(db, policy, hashes[i % hashes.length]!, now));

/** `GET /orders/{id}/repeat-candidates` through the API (the read-model row, then the lookup). */
export async function measureRepeatRoute(api: Api, orderIds: string[], count = 200): Promise<Latency> {
  const token = await api.token('operator');
  const r = await runLoad({
    concurrency: 1,
    durationMs: 120_000,
    maxOps: count,
    op: async (i) => {
      await api.http.expect([200], 'GET', `/orders/${orderIds[i % orderIds.length]}/repeat-candidates`, token);
    },
  });
  return latency(r);
}

/**
 * `npm run recompute` for a period, as its own process: how long, its exit code and its peak memory.
 * `everyOrder`: with `--all`, the pass over every order of the city rather than those active in the period.
 */
export async function measureRecompute(
  env: Record<string, string>,
  period: Period,
  dir: string,
  boundMs: number,
  everyOrder = false,
) {
  const t0 = performance.now();
  const entry = runEntry('bin/recompute.ts', env, join(dir, everyOrder ? 'recompute-all.log' : 'recompute.log'), [
    '--from',
    period.from.toISOString(),
    '--to',
    period.to.toISOString(),
    ...(everyOrder ? ['--all'] : []),
  ]);
  const bound = setTimeout(() => void entry.stop(), boundMs);
  const { value: code, memory } = await sampleRss(entry.pid, () => entry.exited);
  clearTimeout(bound);
  return {
    seconds: round((performance.now() - t0) / 1000),
    exit_code: code,
    within_bound: performance.now() - t0 < boundMs,
    rss_peak_mb: Math.round(memory.peakMb),
  };
}

/**
 * 政策预演 of a month (the policy in force with a 10-minute 签收时限) through the API, from the start to
 * the answer, polled every second as the console does; also how many orders it replayed and found changed.
 */
export async function measurePolicyPreview(api: Api, period: Period) {
  const token = await api.token('manager');
  const policy = (await api.http.call('GET', '/admin/policy', token)).body as Record<string, unknown>;
  const { version: _version, reason: _reason, ...settings } = policy;
  const t0 = performance.now();
  const started = await api.http.call('POST', '/policy-previews', token, {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    policy: { ...settings, responseLimit: { unit: 'minutes', amount: 10 } },
  });
  if (started.status !== 202)
    throw new Error(`policy preview refused: ${started.status} ${JSON.stringify(started.body)}`);
  const id = (started.body as { previewId: string }).previewId;
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const res = await api.http.call('GET', `/policy-previews/${id}`, token);
    const body = res.body as { state: string; result: { orders: number; changedOrders: number } | null };
    if (body.state === 'running') continue;
    if (body.state !== 'done' || !body.result) throw new Error(`policy preview ${body.state}`);
    return {
      seconds: round((performance.now() - t0) / 1000),
      orders: body.result.orders,
      changed: body.result.changedOrders,
    };
  }
}

/** The duty wall's read (GET /wall, what the console repeats on every live change), `runs` times in turn. */
export async function measureWall(api: Api, runs = 20): Promise<Latency> {
  const token = await api.token('manager');
  return timed(runs, async () => {
    const res = await api.http.call('GET', '/wall', token);
    if (res.status !== 200) throw new Error(`/wall answered ${res.status}`);
  });
}
