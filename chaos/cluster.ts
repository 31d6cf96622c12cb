/**
 * The system under test, all of it the harness's own: a Temporal dev server on a temp data folder and
 * its own ports, a fresh database reached through a TCP proxy, and the API and worker as separate
 * processes. Everything started is stopped by `close()` (by PID, never by name), even after a failure.
 */
import { Client, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueToken } from '../api/http/auth';
import { newPayloadKeySpec, parsePayloadKeys } from '../runtime/config';
import { startDevServer, type DevServer } from '../runtime/dev-server';
import { temporalDataConverter } from '../adapters/payload-codec';
import { createTestDatabase, freePort, type TestDatabase } from '../support';
import { DEPARTMENT_UNITS, type Tokens } from './load';
import { ProductProcess, type Role } from './processes';
import { startPgProxy, type PgProxy } from './proxy';

export interface ClusterOptions {
  /** Where the product's logs go (kept after the run); defaults to the temp folder (removed). */
  logDir?: string;
  /** Database name prefix (default `hotline_chaos`). */
  dbPrefix?: string;
  log?: (line: string) => void;
}

const NAMESPACE = 'default';

/** The same database reached through the proxy on `port`. */
function viaProxy(url: string, port: number): string {
  const via = new URL(url);
  via.hostname = '127.0.0.1';
  via.port = String(port);
  return via.toString();
}

export class Cluster {
  readonly root = mkdtempSync(join(tmpdir(), 'hotline-chaos-'));
  readonly temporalDir = join(this.root, 'temporal');
  readonly logDir: string;
  readonly authSecret = randomBytes(32).toString('base64url');
  readonly requesterHashKey = randomBytes(32).toString('base64url');
  readonly payloadKeys = newPayloadKeySpec('chaos');
  temporal: DevServer | null = null;
  temporalPorts = { port: 0, ui: 0 };
  apiPort = 0;
  /** Reached directly by the reconciler, through the proxy by the product. */
  db: TestDatabase | null = null;
  proxy: PgProxy | null = null;
  api: ProductProcess | null = null;
  worker: ProductProcess | null = null;
  /** Every product process ever started, so that close() can make sure none is left. */
  readonly processes: ProductProcess[] = [];
  client: Client | null = null;
  private connection: Connection | null = null;
  tokens: Tokens | null = null;
  private closed = false;
  private readonly log: (line: string) => void;

  constructor(private readonly options: ClusterOptions = {}) {
    this.logDir = options.logDir ?? join(this.root, 'logs');
    mkdirSync(this.logDir, { recursive: true });
    this.log = options.log ?? (() => {});
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  async start(): Promise<void> {
    this.temporalPorts = { port: await freePort(), ui: await freePort() };
    this.apiPort = await freePort();
    // Both at once, but keep whichever started even if the other failed, so that close() finds it.
    const [temporalStart, dbStart] = await Promise.allSettled([
      this.startTemporal(),
      createTestDatabase({ prefix: this.options.dbPrefix ?? 'hotline_chaos', poolSize: 1 }).then(
        (db) => (this.db = db),
      ),
    ]);
    if (temporalStart.status === 'rejected') throw temporalStart.reason;
    if (dbStart.status === 'rejected') throw dbStart.reason;
    const temporal = temporalStart.value;
    const db = dbStart.value;
    this.log(`dev server pid ${temporal.pid} on ${temporal.address}; database ${db.name}`);
    const direct = new URL(db.url);
    this.proxy = await startPgProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    this.connection = await Connection.connect({ address: temporal.address });
    this.client = new Client({
      connection: this.connection,
      namespace: NAMESPACE,
      dataConverter: temporalDataConverter(parsePayloadKeys(this.payloadKeys, undefined)),
    });
    const sign = (sub: string, role: Parameters<typeof issueToken>[1]['role'], unit: string | null) =>
      issueToken(this.authSecret, { sub, role, unit });
    this.tokens = {
      operator: await sign('chaos-operator', 'operator', 'CENTRE'),
      visitor: await sign('chaos-visitor', 'visitor', 'CENTRE'),
      admin: await sign('chaos-admin', 'admin', 'CENTRE'),
      departments: Object.fromEntries(
        await Promise.all(
          DEPARTMENT_UNITS.map(async (u) => [u, await sign(`chaos-${u.toLowerCase()}`, 'department', u)] as const),
        ),
      ),
    };
    // The worker first: the API is only useful once orders can run.
    await this.startProcess('worker');
    await this.startProcess('api');
  }

  async startTemporal(): Promise<DevServer> {
    this.temporal = await startDevServer({
      dataDir: this.temporalDir,
      port: this.temporalPorts.port,
      uiPort: this.temporalPorts.ui,
      namespace: NAMESPACE,
    });
    return this.temporal;
  }

  async stopTemporal(): Promise<void> {
    const server = this.temporal;
    this.temporal = null;
    await server?.stop();
  }

  /** Starts the API or the worker and waits until it serves. */
  async startProcess(role: Role): Promise<ProductProcess> {
    if (!this.temporal || !this.db || !this.proxy) throw new Error('cluster not started');
    const p = new ProductProcess(
      role,
      {
        temporalAddress: this.temporal.address,
        databaseUrl: viaProxy(this.db.url, this.proxy.port),
        authSecret: this.authSecret,
        requesterHashKey: this.requesterHashKey,
        payloadKeys: this.payloadKeys,
        dataDir: join(this.root, 'product-data'),
        apiPort: this.apiPort,
        logLevel: role === 'api' ? 'warn' : 'info',
      },
      join(this.logDir, `${role}.log`),
    );
    this.processes.push(p);
    if (role === 'api') this.api = p;
    else this.worker = p;
    this.log(`${role} started, pid ${p.pid}`);
    await p.ready(this.apiPort);
    this.log(`${role} pid ${p.pid} ready in ${((p.readyAt! - p.startedAt) / 1000).toFixed(1)} s`);
    return p;
  }

  /** Stops everything this cluster started; safe to call twice and after a partial start. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const attempt = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (err) {
        this.log(`cleanup: ${what} failed: ${String(err)}`);
      }
    };
    await Promise.all(this.processes.map((p) => attempt(`stopping ${p.role} ${p.pid}`, () => p.stop(15_000))));
    await attempt('closing the Temporal client', async () => this.connection?.close());
    await attempt('stopping the dev server', () => this.stopTemporal());
    await attempt('closing the proxy', async () => this.proxy?.close());
    await attempt('dropping the database', async () => this.db?.drop());
    // Logs kept only where the caller asked for them (outside the temp folder).
    await attempt('removing the temp folder', async () => rmSync(this.root, { recursive: true, force: true }));
  }

  /** Last resort on an abrupt exit: SIGKILL whatever of ours still runs (synchronous). */
  killAllNow(): void {
    for (const p of this.processes) if (p.running) p.signal('SIGKILL');
    if (this.temporal) {
      try {
        process.kill(this.temporal.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
