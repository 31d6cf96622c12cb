/**
 * Configuration from the environment, with embedded defaults so that `npm start` needs nothing set.
 * Every variable is documented in the README.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OidcOptions } from '../api/http/auth';

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
  /** Keys of the payload codec that encrypts citizen data in Temporal (runtime/payload-codec.ts). */
  payloadKeys: PayloadKeys;
  /** The codec server the Temporal UI and CLI decode payloads through (api/codec-server.ts). */
  codec: CodecServerConfig;
  /** Production sign-in: the OIDC identity provider whose RS256/ES256 tokens the API accepts (api/http/auth.ts). */
  oidc: OidcOptions | undefined;
  /** The console's one-click demo sign-in (api/dev-signin.ts): embedded defaults, or DEMO_SIGN_IN=true. */
  demoSignIn: boolean;
  /** The citizens' SMS gateway (SMS_GATEWAY_URL, SMS_GATEWAY_TOKEN); unset: the development sink, data/sms-sink.jsonl. */
  smsGateway: { url: string; token: string } | undefined;
}

/** AES-256 keys by id; new payloads use the active one, the others still decrypt older payloads. */
export interface PayloadKeys {
  keys: ReadonlyMap<string, Buffer>;
  activeKeyId: string;
}

export interface CodecServerConfig {
  host: string;
  port: number;
  /** Browser origins allowed to call it (CORS): the Temporal UI's. */
  allowedOrigins: string[];
  /** Production: a bearer token of a role that may see citizen data (outside it, the embedded UI sends none). */
  requireToken: boolean;
}

function intFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

const isProduction = () => process.env.NODE_ENV === 'production';

/** The worker's Prometheus exporter by default; each instance on one host needs an address of its own. */
export const DEFAULT_WORKER_METRICS_ADDRESS = '127.0.0.1:9464';

/** `WORKER_METRICS_ADDRESS`: `host:port`; unset means the default, empty turns the exporter off. */
export function workerMetricsAddress(raw: string | undefined): string | undefined {
  if (raw === undefined) return DEFAULT_WORKER_METRICS_ADDRESS;
  if (raw === '') return undefined;
  const port = Number(/^[^\s:]+:(\d{1,5})$/.exec(raw)?.[1]);
  if (!(port >= 1 && port <= 65_535)) {
    throw new Error(`WORKER_METRICS_ADDRESS must be host:port (e.g. 127.0.0.1:9465) or empty, got "${raw}"`);
  }
  return raw;
}

/** A secret from the environment, or (embedded defaults only) one generated once and kept in the data folder. */
function secret(name: string, dataDir: string, generate = () => randomBytes(32).toString('base64url')): string {
  const fromEnv = process.env[name];
  if (fromEnv) return fromEnv;
  if (isProduction()) throw new Error(`${name} must be set in production`);
  const file = join(dataDir, `${name.toLowerCase()}.secret`);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, generate(), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

const commaList = (value: string) =>
  value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * `PAYLOAD_KEYS` is `id:base64key,id:base64key` (32-byte keys); `PAYLOAD_KEY_ID` names the active one and
 * may be left out when there is only one. Errors never echo a key.
 */
export function parsePayloadKeys(spec: string, activeKeyId: string | undefined): PayloadKeys {
  const keys = new Map<string, Buffer>();
  for (const entry of commaList(spec)) {
    const at = entry.indexOf(':');
    const id = entry.slice(0, at);
    if (at < 0 || !KEY_ID.test(id))
      throw new Error('PAYLOAD_KEYS entries must be id:base64key (id: letters, digits, . _ -)');
    const key = Buffer.from(entry.slice(at + 1), 'base64');
    if (key.length !== 32) throw new Error(`PAYLOAD_KEYS: key "${id}" must be 32 bytes (AES-256), base64-encoded`);
    if (keys.has(id)) throw new Error(`PAYLOAD_KEYS: key id "${id}" appears twice`);
    keys.set(id, key);
  }
  if (!keys.size) throw new Error('PAYLOAD_KEYS holds no key');
  const active = activeKeyId || (keys.size === 1 ? [...keys.keys()][0]! : undefined);
  if (!active) throw new Error('PAYLOAD_KEY_ID must name the active key when PAYLOAD_KEYS holds several');
  if (!keys.has(active)) throw new Error(`PAYLOAD_KEY_ID "${active}" is not in PAYLOAD_KEYS`);
  return { keys, activeKeyId: active };
}

/** A fresh `PAYLOAD_KEYS` value of one random key. */
export const newPayloadKeySpec = (id = 'local-1') => `${id}:${randomBytes(32).toString('base64')}`;

const dataDirFromEnv = () => resolve(PROJECT_ROOT, process.env.DATA_DIR ?? 'data');

/** The payload keys alone, for commands that talk to Temporal without the rest of the configuration. */
export function loadPayloadKeys(dataDir = dataDirFromEnv()): PayloadKeys {
  return parsePayloadKeys(
    secret('PAYLOAD_KEYS', dataDir, () => newPayloadKeySpec()),
    process.env.PAYLOAD_KEY_ID,
  );
}

/** AUTH_JWKS_URL turns on the identity provider's tokens; its issuer and our audience must then be named. */
export function oidcFromEnv(env: NodeJS.ProcessEnv = process.env): OidcOptions | undefined {
  const jwksUrl = env.AUTH_JWKS_URL;
  if (!jwksUrl) return undefined;
  const issuer = env.AUTH_ISSUER;
  const audience = env.AUTH_AUDIENCE;
  if (!issuer || !audience) throw new Error('AUTH_JWKS_URL needs AUTH_ISSUER and AUTH_AUDIENCE');
  if (!URL.canParse(jwksUrl)) throw new Error(`AUTH_JWKS_URL must be a URL, got "${jwksUrl}"`);
  return {
    jwksUrl,
    issuer,
    audience,
    roleClaim: env.AUTH_ROLE_CLAIM || 'role',
    unitClaim: env.AUTH_UNIT_CLAIM || 'unit',
  };
}

/**
 * Demo sign-in hands out tokens signed with the real AUTH_SECRET to anyone who asks, so it is on only where
 * nothing real can be reached: the embedded defaults (no TEMPORAL_ADDRESS, no DATABASE_URL). Elsewhere it
 * takes DEMO_SIGN_IN=true, and never under NODE_ENV=production.
 */
export function demoSignInFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const asked = env.DEMO_SIGN_IN;
  if (asked !== undefined && asked !== '' && asked !== 'true' && asked !== 'false') {
    throw new Error(`DEMO_SIGN_IN must be true or false, got "${asked}"`);
  }
  if (env.NODE_ENV === 'production') {
    if (asked === 'true') throw new Error('DEMO_SIGN_IN=true is refused when NODE_ENV=production');
    return false;
  }
  if (asked === 'true' || asked === 'false') return asked === 'true';
  return !env.TEMPORAL_ADDRESS && !env.DATABASE_URL;
}

function smsGatewayFromEnv(): Config['smsGateway'] {
  const url = process.env.SMS_GATEWAY_URL;
  if (!url) return undefined;
  const token = process.env.SMS_GATEWAY_TOKEN;
  if (!token) throw new Error('SMS_GATEWAY_TOKEN must be set with SMS_GATEWAY_URL');
  if (!/^https?:\/\//.test(url)) throw new Error('SMS_GATEWAY_URL must be an http(s) URL');
  return { url, token };
}

export function loadConfig(): Config {
  const dataDir = dataDirFromEnv();
  const temporalUiPort = intFrom('TEMPORAL_UI_PORT', 8233);
  const origins = process.env.CODEC_ALLOWED_ORIGINS;
  return {
    temporalAddress: process.env.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    temporalPort: intFrom('TEMPORAL_PORT', 7233),
    temporalUiPort,
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir,
    apiPort: intFrom('PORT', 3000),
    apiHost: process.env.HOST ?? '127.0.0.1',
    authSecret: secret('AUTH_SECRET', dataDir),
    requesterHashKey: secret('REQUESTER_HASH_KEY', dataDir),
    logLevel: process.env.LOG_LEVEL ?? 'info',
    workerMetricsAddress: workerMetricsAddress(process.env.WORKER_METRICS_ADDRESS),
    rateLimit: { perSecond: intFrom('RATE_LIMIT_PER_SECOND', 50), burst: intFrom('RATE_LIMIT_BURST', 200) },
    payloadKeys: loadPayloadKeys(dataDir),
    oidc: oidcFromEnv(),
    demoSignIn: demoSignInFromEnv(),
    smsGateway: smsGatewayFromEnv(),
    codec: {
      host: process.env.CODEC_HOST ?? '127.0.0.1',
      port: intFrom('CODEC_PORT', 8234),
      // The embedded UI by default, under either loopback name a browser may use.
      allowedOrigins: origins
        ? commaList(origins)
        : [`http://127.0.0.1:${temporalUiPort}`, `http://localhost:${temporalUiPort}`],
      requireToken: isProduction(),
    },
  };
}
