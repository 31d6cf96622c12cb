/**
 * The product's API and worker as separate processes (`node --import tsx bin/api.ts` / `bin/worker.ts`),
 * started, signalled and awaited by PID: the harness only ever stops what it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { PROJECT_ROOT } from '../runtime/config';
import { waitFor } from '../support';

export type Role = 'api' | 'worker';

export interface ProcessEnv {
  temporalAddress: string;
  databaseUrl: string;
  authSecret: string;
  requesterHashKey: string;
  /** `PAYLOAD_KEYS`: the harness reads what the product wrote to Temporal with the same key. */
  payloadKeys: string;
  dataDir: string;
  apiPort: number;
  logLevel?: string;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

export class ProductProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  readonly startedAt = Date.now();
  readyAt: number | null = null;
  private output = '';

  constructor(
    readonly role: Role,
    env: ProcessEnv,
    logFile: string,
  ) {
    const log: WriteStream = createWriteStream(logFile, { flags: 'a' });
    this.child = spawn(process.execPath, ['--import', 'tsx', `bin/${role}.ts`], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TEMPORAL_ADDRESS: env.temporalAddress,
        DATABASE_URL: env.databaseUrl,
        AUTH_SECRET: env.authSecret,
        REQUESTER_HASH_KEY: env.requesterHashKey,
        PAYLOAD_KEYS: env.payloadKeys,
        DATA_DIR: env.dataDir,
        PORT: String(env.apiPort),
        HOST: '127.0.0.1',
        LOG_LEVEL: env.logLevel ?? 'info',
        // No Prometheus exporter: it would bind a fixed port shared with anything else on the machine.
        WORKER_METRICS_ADDRESS: '',
        RATE_LIMIT_PER_SECOND: '10000',
        RATE_LIMIT_BURST: '10000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      // Keep the tail only: enough to find the start-up line and to explain a failure.
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    this.child.stdout!.on('data', onData);
    this.child.stderr!.on('data', onData);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        log.end();
        resolve({ code, signal, at: Date.now() });
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  tail(chars = 4000): string {
    return this.output.slice(-chars);
  }

  /** Signals this process (by its PID). */
  signal(signal: NodeJS.Signals): void {
    if (this.running) process.kill(this.pid, signal);
  }

  /** Resolves once the process serves: the API answers /healthz, the worker logged that it runs. */
  async ready(apiPort: number, timeoutMs = 180_000): Promise<void> {
    let exited: Exit | undefined;
    void this.exited.then((e) => (exited = e));
    await waitFor(
      `${this.role} (pid ${this.pid}) to be ready`,
      async () => {
        if (exited) throw new Error(`${this.role} exited (${exited.code ?? exited.signal}):\n${this.tail()}`);
        if (this.role === 'worker') return this.output.includes('"msg":"worker running"');
        const res = await fetch(`http://127.0.0.1:${apiPort}/healthz`, { signal: AbortSignal.timeout(2000) });
        return res.ok;
      },
      { timeoutMs, intervalMs: 200 },
    ).catch((err: unknown) => {
      if (exited) throw err;
      throw new Error(`${(err as Error).message}\n${this.tail()}`);
    });
    this.readyAt = Date.now();
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 30_000): Promise<Exit> {
    if (!this.running) return this.exited;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }
}
