/**
 * `npm run bench`: the product against raw Temporal on the same embedded dev server, in one run.
 *
 *   npm run bench                      full run (about 20 minutes), writes bench/results/latest.json
 *   npm run bench -- --quick           small counts (1–2 minutes of load), writes bench/results/quick.json
 *   npm run bench -- --only=intake,actions,clocks,scale,pglite,cold   some phases (partial.json)
 *   npm run bench -- --keep            keep the temporary folder (dev server data, logs) for a look
 *
 * Loopback only. Everything it starts — dev servers, a worker child process, `npm start` for the cold
 * start, a database on the local PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)
 * — it stops or drops itself, by PID or by name, also on Ctrl-C and when its time bound runs out.
 * Phases: PostgreSQL stack (intake, actions, clocks) → a fresh stack for scale → a PGlite stack (intake,
 * actions) → cold start. See docs/performance.md.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Limit } from '../domain/types';
import { benchActions, type ActionOptions } from './actions';
import { benchColdStart } from './cold-start';
import { benchProductClocks, benchRawClocks, type ClockOptions } from './clocks';
import { benchIntake, type IntakeOptions, type Targets } from './intake';
import { exitCleanup, gitCommit, log, machine, round } from './lib';
import { checks, markdown, results, type Measured } from './report';
import { benchScale, type ScaleOptions } from './scale';
import { createBenchDatabase, startStack, type Stack, type StackOptions } from './stack';

const PHASES = ['intake', 'actions', 'clocks', 'scale', 'pglite', 'cold'] as const;
type Phase = (typeof PHASES)[number];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const keep = args.includes('--keep');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = new Set<Phase>(onlyArg ? (onlyArg.slice('--only='.length).split(',') as Phase[]) : PHASES);
for (const p of only) if (!PHASES.includes(p)) throw new Error(`unknown phase ${p}; phases: ${PHASES.join(', ')}`);

/** Every order outside the clock phase starts under this response limit, so no reminder fires during the run. */
const BACKGROUND: Limit = { unit: 'hours', amount: 8 };

const config = quick
  ? {
      intake: { levels: [1, 5, 20], durationMs: 3_000, maxOps: 150 } satisfies IntakeOptions,
      actions: { levels: [1, 5, 20], durationMs: 3_000, maxOps: 100 } satisfies ActionOptions,
      clocks: { count: 100, windowMs: 10_000, responseMinutes: 0.5, background: BACKGROUND } satisfies ClockOptions,
      scale: { checkpoints: [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000], samples: 50 } satisfies ScaleOptions,
      scaleCache: 200 as number | undefined,
      hardCapMs: 12 * 60_000,
    }
  : {
      intake: { levels: [1, 5, 20], durationMs: 10_000, maxOps: 1500 } satisfies IntakeOptions,
      actions: { levels: [1, 5, 20], durationMs: 10_000, maxOps: 1000 } satisfies ActionOptions,
      clocks: { count: 1000, windowMs: 60_000, responseMinutes: 3, background: BACKGROUND } satisfies ClockOptions,
      scale: {
        checkpoints: [1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000],
        samples: 200,
      } satisfies ScaleOptions,
      scaleCache: undefined as number | undefined,
      hardCapMs: 40 * 60_000,
    };

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-'));
const { cleanups, cleanup } = exitCleanup(dir, keep);
const watchdog = setTimeout(() => {
  log(`time bound of ${config.hardCapMs / 60_000} min reached: stopping`);
  void cleanup().finally(() => process.exit(2));
}, config.hardCapMs);

async function withStack<T>(name: string, o: Omit<StackOptions, 'dir'>, body: (s: Stack) => Promise<T>): Promise<T> {
  let stop: (() => Promise<void>) | undefined;
  const stack = await startStack({ ...o, dir: join(dir, name) }, (s) => {
    stop = s;
    cleanups.push(s);
  });
  try {
    await stack.publishPolicy(BACKGROUND);
    return await body(stack);
  } finally {
    await stop?.();
  }
}

async function main() {
  const started = Date.now();
  const loadBefore = loadavg().map((l) => round(l, 2));
  log(
    `${quick ? 'quick' : 'full'} run of ${[...only].join(', ')} on ${machine()}, load ${loadBefore.join(' ')}; temp ${dir}`,
  );
  const measured: Measured = {};
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, f: () => Promise<T>) => {
    const t0 = Date.now();
    try {
      return await f();
    } finally {
      timings[name] = Math.round((Date.now() - t0) / 1000);
    }
  };
  let workerModes: Record<string, string> = {};

  const needsPostgres = ['intake', 'actions', 'clocks', 'scale'].some((p) => only.has(p as Phase));
  const database = needsPostgres ? await createBenchDatabase() : undefined;
  if (database) {
    cleanups.push(database.drop);
    log(`database ${new URL(database.url).pathname.slice(1)} on the local PostgreSQL`);
  }

  if (database && (only.has('intake') || only.has('actions') || only.has('clocks'))) {
    await withStack('postgres', { databaseUrl: database.url, orderWorker: true, rawWorker: true }, async (stack) => {
      workerModes = { ...workerModes, postgres: stack.workerMode };
      const targets: Targets = { raw: [], orders: [] };
      if (only.has('intake')) measured.intake = await timed('intake', () => benchIntake(stack, config.intake, targets));
      if (only.has('actions')) {
        measured.action = await timed('actions', () => benchActions(stack, config.actions, targets));
      }
      if (only.has('clocks')) {
        measured.clocks = await timed('clocks', async () => ({
          raw: await benchRawClocks(stack, config.clocks),
          product: await benchProductClocks(stack, config.clocks),
        }));
      }
    });
  }
  if (database && only.has('scale')) {
    measured.scale = await timed('scale', () =>
      withStack(
        'scale',
        { databaseUrl: database.url, orderWorker: true, rawWorker: false, maxCachedWorkflows: config.scaleCache },
        (stack) => benchScale(stack, config.scale),
      ),
    );
  }
  if (only.has('pglite')) {
    measured.pglite = await timed('pglite', () =>
      withStack('pglite', { orderWorker: true, rawWorker: true }, async (stack) => {
        workerModes = { ...workerModes, pglite: stack.workerMode };
        const targets: Targets = { raw: [], orders: [] };
        const intake = await benchIntake(stack, config.intake, targets);
        const action = await benchActions(stack, config.actions, targets);
        return { intake, action };
      }),
    );
  }
  if (only.has('cold')) {
    measured.coldStart = await timed('cold', () => benchColdStart(join(dir, 'cold'), 180_000, (s) => cleanups.push(s)));
  }

  await cleanup();
  clearTimeout(watchdog);

  const r = results(measured);
  const date = new Date().toISOString();
  const complete = !quick && only.size === PHASES.length;
  const name = complete ? 'latest' : quick ? 'quick' : 'partial';
  const loadAfter = loadavg().map((l) => round(l, 2));
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(
    join(resultsDir, `${name}-details.json`),
    `${JSON.stringify(
      {
        date,
        commit: gitCommit(),
        machine: machine(),
        mode: quick ? 'quick' : 'full',
        phases: [...only],
        config,
        workerModes,
        loadBefore,
        loadAfter,
        seconds: { total: Math.round((Date.now() - started) / 1000), ...timings },
        checks: checks(r, measured),
        measured,
      },
      null,
      2,
    )}\n`,
  );
  const md = markdown(r, measured, {
    date,
    machine: `${machine()}, load ${loadBefore.join(' ')} → ${loadAfter.join(' ')}`,
    mode: `${quick ? 'quick' : 'full'} run, ${Math.round((Date.now() - started) / 60_000)} min, commit ${gitCommit()}`,
  });
  writeFileSync(join(resultsDir, `${name}.md`), `${md}\n`);
  process.stdout.write(`${md}\n`);
  log(`wrote bench/results/${name}.json, ${name}-details.json and ${name}.md`);
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    await cleanup();
    process.exit(1);
  },
);
