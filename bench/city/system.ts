/**
 * The system under test of the city benchmark, run as production runs it: the product's own entry points
 * as child processes (`bin/api.ts` and `bin/worker.ts` against PostgreSQL and a Temporal dev server, or
 * `bin/start.ts` — npm start — on the embedded PGlite), so that the API's memory is its own process's
 * and is sampled from /proc. Each process is stopped by its PID; nothing is left running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { issueToken } from '../../api/http/auth';
import type { Role } from '../../domain/order';
import { newPayloadKeySpec } from '../../runtime/config';
import { sleep, waitFor } from '../../support';
import { cpuMs, httpClient, log, type HttpClient } from '../lib';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MB = 1024 * 1024;

/** The secrets every process of one system shares (a random set per run). */
export interface Secrets {
  AUTH_SECRET: string;
  REQUESTER_HASH_KEY: string;
  PAYLOAD_KEYS: string;
}

export function newSecrets(): Secrets {
  const random = () => randomBytes(32).toString('base64url');
  return { AUTH_SECRET: random(), REQUESTER_HASH_KEY: random(), PAYLOAD_KEYS: newPayloadKeySpec('bench-1') };
}

export interface Entry {
  pid: number;
  /** Its exit code once it has exited (null: ended by a signal). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Runs one of the product's entry points (`bin/…`) with this environment, its output in `logFile`. */
export function runEntry(script: string, env: Record<string, string>, logFile: string, args: string[] = []): Entry {
  const out = openSync(logFile, 'a');
  // BENCH_CPU_PROF=DIR: every child writes a V8 CPU profile there (Node refuses --cpu-prof in NODE_OPTIONS).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, '--import', 'tsx', join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', WORKER_METRICS_ADDRESS: '', ...env },
    stdio: ['ignore', out, out],
  });
  // The child has its own copy of the log's descriptor.
  closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    pid: child.pid!,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(kill);
      }
    },
  };
}

/** The API of a running system: a client, tokens, and its process for the memory figures. */
export interface Api {
  http: HttpClient;
  pid: number;
  token(role: Role, unit?: string | null): Promise<string>;
}

export async function connectApi(baseUrl: string, pid: number, authSecret: string): Promise<Api> {
  await waitFor(`the API on ${baseUrl}`, async () => (await fetch(`${baseUrl}/readyz`)).ok, {
    timeoutMs: 180_000,
    intervalMs: 500,
  });
  const tokens = new Map<string, Promise<string>>();
  return {
    http: httpClient(baseUrl),
    pid,
    token(role, unit = 'CENTRE') {
      const key = `${role}/${unit}`;
      if (!tokens.has(key)) tokens.set(key, issueToken(authSecret, { sub: `bench-${role}`, role, unit }, '6h'));
      return tokens.get(key)!;
    },
  };
}

/** Resident set size of a process, MB (Linux /proc). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return (kb * 1024) / MB;
}

export interface Memory {
  startMb: number;
  peakMb: number;
  growthMb: number;
}

/** Runs `body` while sampling the process's RSS every 50 ms: where it started, its peak, the growth. */
export async function sampleRss<T>(pid: number, body: () => Promise<T>): Promise<{ value: T; memory: Memory }> {
  // A process just spawned has no VmRSS yet, and one that has exited none any more: such samples are skipped.
  const sample = () => {
    try {
      const mb = rssMb(pid);
      return Number.isFinite(mb) ? mb : null;
    } catch {
      return null;
    }
  };
  const startMb = sample() ?? 0;
  let peakMb = startMb;
  const timer = setInterval(() => (peakMb = Math.max(peakMb, sample() ?? 0)), 50);
  try {
    const value = await body();
    return { value, memory: { startMb, peakMb, growthMb: peakMb - startMb } };
  } finally {
    clearInterval(timer);
  }
}

/** Waits until a process has used less than `cpuMs` of CPU over a second (a computation it left running has ended). */
export async function waitIdle(pid: number, cpuMsPerSecond = 100, timeoutMs = 600_000): Promise<void> {
  const started = Date.now();
  for (let before = cpuMs(pid); Date.now() - started < timeoutMs;) {
    await sleep(1_000);
    const now = cpuMs(pid);
    if (now - before < cpuMsPerSecond) return;
    before = now;
  }
  log(`process ${pid} still busy after ${timeoutMs / 1000} s`);
}

/**
 * The machine's 1-minute load average while measuring (every 10 s): on two cores shared with other
 * work, a figure taken at a load of 10 is not one taken at 1.
 */
export function loadMeter(): () => { mean: number; max: number } {
  const samples = [loadavg()[0]!];
  const timer = setInterval(() => samples.push(loadavg()[0]!), 10_000);
  return () => {
    clearInterval(timer);
    samples.push(loadavg()[0]!);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    return { mean: Math.round(mean * 10) / 10, max: Math.round(Math.max(...samples) * 10) / 10 };
  };
}
