/** Small pieces the benchmark phases share: statistics, a bounded load runner, an HTTP client, CPU meters. */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { pino, type Logger } from 'pino';

/** Nearest-rank percentile of `values` (ms); 0 for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface LoadResult {
  ok: number;
  errors: number;
  /** Latency of each successful operation, ms. */
  latencies: number[];
  elapsedMs: number;
  perSecond: number;
  p50: number;
  p99: number;
  firstError?: string;
}

/**
 * Runs `op` from `concurrency` loops until `durationMs` has passed or `maxOps` operations have been
 * started, whichever comes first. Each loop issues its next operation when the previous one answered.
 */
export async function runLoad(options: {
  concurrency: number;
  durationMs: number;
  maxOps: number;
  op: (index: number) => Promise<void>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const loop = async () => {
    while (next < options.maxOps && performance.now() < deadline) {
      const index = next++;
      const t0 = performance.now();
      try {
        await options.op(index);
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors += 1;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const elapsedMs = performance.now() - started;
  return {
    ok: latencies.length,
    errors,
    latencies,
    elapsedMs,
    perSecond: (latencies.length / elapsedMs) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    firstError,
  };
}

export interface HttpResponse {
  status: number;
  body: unknown;
}

const isConnectionReset = (err: unknown) =>
  err instanceof Error && ((err as NodeJS.ErrnoException).code === 'ECONNRESET' || err.message === 'socket hang up');

/** A keep-alive JSON client for the API under test (loopback only). */
export function httpClient(baseUrl: string, maxSockets = 64) {
  const url = new URL(baseUrl);
  if (url.hostname !== '127.0.0.1') throw new Error(`the benchmark talks to loopback only, not ${url.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets });
  const call = (
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: {
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              // not JSON: keep the text
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  return {
    call,
    /** Calls and throws unless the status is one of `expected`. */
    async expect(
      expected: number[],
      method: string,
      path: string,
      token: string | null,
      body?: unknown,
      headers?: Record<string, string>,
    ) {
      const res = await call(method, path, token, body, headers).catch((err: unknown) => {
        // A kept-alive socket the server closed just as it was reused: the same Idempotency-Key makes
        // sending again safe (a repeated create answers 200 with the same order), as a screen would.
        if (!headers?.['Idempotency-Key'] || !isConnectionReset(err)) throw err;
        return call(method, path, token, body, headers);
      });
      if (!expected.includes(res.status)) {
        throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      }
      return res.body as Record<string, unknown>;
    },
    close: () => agent.destroy(),
  };
}
export type HttpClient = ReturnType<typeof httpClient>;

/** The product's logger configuration (runtime/logger.ts), written to a file instead of stdout. */
export function fileLogger(file: string, level = 'info'): Logger {
  return pino(
    {
      name: 'bench',
      level,
      redact: {
        paths: ['citizen', '*.citizen', 'description', '*.description', 'req.headers.authorization', 'authorization'],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: file, sync: false, mkdir: true }),
  );
}

export function log(message: string): void {
  const t = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[bench ${t}] ${message}\n`);
}

/**
 * A load result without its samples, for the report. With `settleMs` (how long the workers stayed busy
 * after the last answer), `perSecond` is the sustained rate: operations over the time until the system
 * was idle again, so that work left behind in a backlog is not counted as done; `windowPerSecond` is
 * the rate the callers saw.
 */
export function summary(r: LoadResult, settleMs = 0) {
  return {
    ok: r.ok,
    errors: r.errors,
    perSecond: round((r.ok / (r.elapsedMs + settleMs)) * 1000),
    windowPerSecond: round(r.perSecond),
    settleMs,
    p50: round(r.p50),
    p99: round(r.p99),
    max: round(percentile(r.latencies, 100)),
    elapsedMs: Math.round(r.elapsedMs),
    ...(r.firstError ? { firstError: r.firstError } : {}),
  };
}
export type Summary = ReturnType<typeof summary>;

let clockTicks: number | undefined;
/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); NaN elsewhere. */
export function cpuMs(pid: number): number {
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / clockTicks) * 1000;
  } catch {
    return NaN;
  }
}

/** CPU ms per operation of each named process between two snapshots. */
export function cpuMeter(pids: Record<string, number>) {
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuMs(pid)]));
  return (ops: number) =>
    Object.fromEntries(
      Object.entries(pids).map(([k, pid]) => [k, ops ? round((cpuMs(pid) - before[k]!) / ops, 2) : 0]),
    );
}

/**
 * What a benchmark started, stopped in reverse order on the way out — at the end, on Ctrl-C, on a crash
 * — and then its temporary folder removed (kept with `keep`). Push a stop on `cleanups` once started.
 */
export function exitCleanup(dir: string, keep: boolean) {
  const cleanups: (() => Promise<void>)[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const stop of cleanups.splice(0).reverse()) {
        await stop().catch((err: unknown) => log(`cleanup: ${String(err)}`));
      }
      if (keep) log(`kept ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping what the benchmark started`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.on(event, (err: unknown) => {
      log(`${event}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}; stopping`);
      void cleanup().finally(() => process.exit(1));
    });
  }
  return { cleanups, cleanup };
}

/** The machine a run was measured on, in one line. */
export function machine(): string {
  return `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** The commit being measured (short hash), or `unknown` outside a git checkout. */
export function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
