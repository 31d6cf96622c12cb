/** The API in-process on a real dev server and a real PostgreSQL test database, with the real worker. */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import type { Worker } from '@temporalio/worker';
import { createApp, type AppDeps } from '../../api/app';
import { publishPolicy } from '../../db/admin';
import { DEFAULT_POLICY } from '../../db/seed-data';
import { issueToken } from '../../api/http/auth';
import type { Role } from '../../domain/order';
import { createLogger } from '../../adapters/logger';
import { startReferenceCache, type ReferenceCache } from '../../db/reference-cache';
import { createTestDatabase, type TestDatabase } from '../../support';
import { devServerEnv, orderWorker } from './temporal';

export const TEST_AUTH_SECRET = 'test-secret-that-is-long-enough-for-hs256';

export interface ApiHarness {
  app: ReturnType<typeof createApp>['app'];
  routes: ReturnType<typeof createApp>['routes'];
  env: TestWorkflowEnvironment;
  testDb: TestDatabase;
  reference: ReferenceCache;
  token(role: Role, unit?: string | null, sub?: string): Promise<string>;
  close(): Promise<void>;
}

/** `rateLimit`: the API's per-caller limit (a conformance run sends more than a caller would). */
export async function startApiHarness(options: { rateLimit?: AppDeps['rateLimit'] } = {}): Promise<ApiHarness> {
  const [env, testDb] = await Promise.all([devServerEnv(), createTestDatabase()]);
  // The suites create many orders from one citizen about one matter, which intake would hold back as likely
  // repeats (并单); the repeat tests (test/api/governance.test.ts) publish the default policy to hold them.
  const policy = { ...DEFAULT_POLICY, repeat: { ...DEFAULT_POLICY.repeat, holdConfidence: 1 } };
  await publishPolicy(testDb.database.db, policy, 'test-harness');
  const worker: Worker = await orderWorker(env, testDb.database.db);
  const running = worker.run();
  const reference: ReferenceCache = await startReferenceCache(testDb.database.db);
  const { app, routes } = createApp({
    temporal: env.client,
    database: testDb.database,
    reference,
    authSecret: TEST_AUTH_SECRET,
    requesterHashKey: 'test-hash-key',
    logger: createLogger('silent', 'test'),
    rateLimit: options.rateLimit,
    // The browser tests sign in through the console's demo sign-in, as on `npm start`.
    devSignIn: true,
  });
  return {
    app,
    routes,
    env,
    testDb,
    reference,
    token: (role, unit = role === 'department' ? 'CGJ' : 'CENTRE', sub = `${role}-${unit ?? 'x'}`) =>
      issueToken(TEST_AUTH_SECRET, { sub, role, unit }),
    async close() {
      reference.stop();
      worker.shutdown();
      await running;
      await env.teardown();
      await testDb.drop();
    },
  };
}

/** Another app on the harness's Temporal, database and reference data: another API process, or other options. */
export function harnessApp(h: ApiHarness, deps: Partial<AppDeps> = {}) {
  return createApp({
    temporal: h.env.client,
    database: h.testDb.database,
    reference: h.reference,
    authSecret: TEST_AUTH_SECRET,
    requesterHashKey: 'test-hash-key',
    logger: createLogger('silent', 'test'),
    ...deps,
  });
}

let keyCounter = 0;

/** Requests as one of the named callers, each POST with a fresh Idempotency-Key. */
export function callers(h: ApiHarness, tokens: Record<string, string>) {
  return (who: string) => ({
    get: (path: string) => request(h.app).get(path).set('Authorization', `Bearer ${tokens[who]}`),
    post: (path: string, body: object = {}) =>
      request(h.app)
        .post(path)
        .set('Authorization', `Bearer ${tokens[who]}`)
        .set('Idempotency-Key', `test-${++keyCounter}-${Date.now()}`)
        .send(body),
  });
}

/** Paths of numbers that look like epoch milliseconds (after 1973): no response body carries instants so. */
export function epochNumbers(value: unknown, path = '$'): string[] {
  if (typeof value === 'number') return value > 1e11 ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => epochNumbers(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => epochNumbers(v, `${path}.${k}`));
  }
  return [];
}
