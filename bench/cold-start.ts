/**
 * Cold start: `npm start` (node --import tsx bin/start.ts, embedded dev server and PGlite) on a fresh
 * data folder until it prints "12345 hotline ready", stopped with SIGTERM, then again on the same
 * folder. Ports of its own (PORT, TEMPORAL_PORT, TEMPORAL_UI_PORT, WORKER_METRICS_ADDRESS) so that a
 * running `npm start` is not disturbed. Only the process started here, and what it started, is stopped.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../runtime/config';
import { freePort } from '../support';
import { log, round } from './lib';

const READY = '12345 hotline ready';

/** Every descendant of `pid`, by walking /proc (Linux); empty where /proc is not available. */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const t of tasks) {
      let children: number[] = [];
      try {
        children = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
      } catch {
        // gone
      }
      for (const c of children) {
        out.push(c);
        walk(c);
      }
    }
  };
  walk(pid);
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function startOnce(
  dataDir: string,
  logFile: string,
  timeoutMs: number,
  register: (stop: () => Promise<void>) => void,
): Promise<number> {
  const [port, temporalPort, uiPort, metricsPort, codecPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
    CODEC_PORT: String(codecPort),
  };
  // The embedded defaults: no external Temporal, PGlite rather than PostgreSQL.
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  const out = createWriteStream(logFile, { flags: 'a' });
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts'], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      const family = descendants(child.pid!);
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 40_000);
      await exited;
      clearTimeout(killer);
      // What it started and did not stop (it stops its dev server on SIGTERM): by PID, nothing else.
      for (const pid of family.filter(alive)) {
        log(`cold start: stopping leftover pid ${pid}`);
        process.kill(pid, 'SIGKILL');
      }
      out.end();
    })());
  register(stop);
  let stdout = '';
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out.write(chunk);
      stdout += chunk.toString('utf8');
      if (stdout.includes(READY)) resolve((performance.now() - started) / 1000);
      stdout = stdout.slice(-200);
    });
    child.stderr!.on('data', (chunk: Buffer) => out.write(chunk));
    child.once('exit', (code) =>
      reject(new Error(`npm start exited with ${code} before it was ready; see ${logFile}`)),
    );
    timer = setTimeout(
      () => reject(new Error(`npm start not ready after ${timeoutMs / 1000} s; see ${logFile}`)),
      timeoutMs,
    );
  });
  try {
    return await ready;
  } finally {
    clearTimeout(timer);
    await stop();
  }
}

export async function benchColdStart(dir: string, timeoutMs: number, register: (stop: () => Promise<void>) => void) {
  mkdirSync(dir, { recursive: true });
  const dataDir = join(dir, 'data');
  const first = await startOnce(dataDir, join(dir, 'start-1.log'), timeoutMs, register);
  log(`cold start: first run ready in ${first.toFixed(1)} s`);
  const second = await startOnce(dataDir, join(dir, 'start-2.log'), timeoutMs, register);
  log(`cold start: second run ready in ${second.toFixed(1)} s`);
  return { first: round(first), second: round(second) };
}
