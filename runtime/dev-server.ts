/**
 * The embedded Temporal dev server of `npm start` (and the benchmarks): a child process of ours, with
 * its state in a SQLite file in the data folder, so a second start finds every order and timer again.
 */
import { Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SA } from '../workflows/search-attributes';
import { ensureSearchAttributes } from './search-attributes';
import { temporalBinary } from './temporal-binaries';

export interface DevServerOptions {
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  /** The codec server the UI decodes payloads through (the embedded UI then shows orders in the clear). */
  codecEndpoint?: string | undefined;
}

/** The exact flags `npm start` uses; the benchmarks start the server with the same. */
export function devServerArgs(o: DevServerOptions): string[] {
  return [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(o.port),
    '--ui-port',
    String(o.uiPort),
    '--namespace',
    o.namespace,
    '--db-filename',
    join(o.dataDir, 'temporal.db'),
    // WAL so readers never block the single writer; the file survives a process kill.
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=OFF',
    '--log-level',
    'warn',
    ...Object.values(SA).flatMap((key) => ['--search-attribute', `${key.name}=${cliType(key.type)}`]),
    ...(o.codecEndpoint ? ['--ui-codec-endpoint', o.codecEndpoint] : []),
  ];
}

function cliType(type: string): string {
  return type === 'KEYWORD_LIST' ? 'KeywordList' : type.charAt(0) + type.slice(1).toLowerCase();
}

export interface DevServer {
  address: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  mkdirSync(o.dataDir, { recursive: true });
  const log = openSync(join(o.dataDir, 'temporal.log'), 'a');
  const child = spawn(temporalBinary('cli'), devServerArgs(o), { stdio: ['ignore', log, log] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const address = `127.0.0.1:${o.port}`;
  try {
    await waitUntilServing(address, o.namespace, child, exited);
  } catch (err) {
    await stopChild(child, exited);
    throw err;
  }
  return { address, pid: child.pid!, stop: () => stopChild(child, exited) };
}

async function waitUntilServing(
  address: string,
  namespace: string,
  child: ChildProcess,
  exited: Promise<number | null>,
) {
  let lastError: unknown;
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  for (let i = 0; i < 120; i++) {
    if (hasExited) {
      throw new Error(
        `Temporal dev server exited with code ${child.exitCode} (is port ${address} already in use? see data/temporal.log)`,
      );
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        await ensureSearchAttributes(connection, namespace);
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await sleep(250);
    }
  }
  throw new Error(`Temporal dev server did not become ready on ${address}: ${String(lastError)}`);
}

/** Stops only the process we started: SIGTERM, then SIGKILL if it has not exited after 10 s. */
async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
