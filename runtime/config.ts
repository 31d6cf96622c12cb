/**
 * Configuration from the environment, with embedded defaults so that `npm start` needs nothing set.
 * Every variable is documented in the README.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Config {
  /** Unset: `npm start` runs an embedded Temporal dev server. */
  temporalAddress: string | undefined;
  temporalNamespace: string;
  temporalPort: number;
  temporalUiPort: number;
  /** Unset: an embedded PGlite database in the data folder. */
  databaseUrl: string | undefined;
  dataDir: string;
  apiPort: number;
  apiHost: string;
  /** Secret that signs and verifies the API's bearer tokens (HS256). */
  authSecret: string;
  /** Key of the keyed hash that identifies a requester by phone number without storing it. */
  requesterHashKey: string;
  logLevel: string;
  /** Where the worker's Prometheus exporter listens (`host:port`); empty disables it. */
  workerMetricsAddress: string | undefined;
  /** API rate limit per caller: sustained requests per second and burst. */
  rateLimit: { perSecond: number; burst: number };
}

function intFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** A secret from the environment, or (embedded defaults only) one generated once and kept in the data folder. */
function secret(name: string, dataDir: string): string {
  const fromEnv = process.env[name];
  if (fromEnv) return fromEnv;
  if (process.env.NODE_ENV === 'production') throw new Error(`${name} must be set in production`);
  const file = join(dataDir, `${name.toLowerCase()}.secret`);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

export function loadConfig(): Config {
  const dataDir = resolve(PROJECT_ROOT, process.env.DATA_DIR ?? 'data');
  return {
    temporalAddress: process.env.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    temporalPort: intFrom('TEMPORAL_PORT', 7233),
    temporalUiPort: intFrom('TEMPORAL_UI_PORT', 8233),
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir,
    apiPort: intFrom('PORT', 3000),
    apiHost: process.env.HOST ?? '127.0.0.1',
    authSecret: secret('AUTH_SECRET', dataDir),
    requesterHashKey: secret('REQUESTER_HASH_KEY', dataDir),
    logLevel: process.env.LOG_LEVEL ?? 'info',
    workerMetricsAddress: (process.env.WORKER_METRICS_ADDRESS ?? '127.0.0.1:9464') || undefined,
    rateLimit: { perSecond: intFrom('RATE_LIMIT_PER_SECOND', 50), burst: intFrom('RATE_LIMIT_BURST', 200) },
  };
}
