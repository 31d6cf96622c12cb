/**
 * The console's contract with the API, without a browser: the committed API types are what the served
 * OpenAPI document generates (so the console cannot drift from the API), the demo sign-in exists only
 * outside production, and the built console is served under /console/ with / redirecting there.
 */
import type { Client } from '@temporalio/client';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import type { Database } from '../../db/client';
import { ensureConsoleBuilt, INITIAL_JS_BUDGET_BYTES, initialJsGzipBytes } from '../../runtime/console-build';
import { createLogger } from '../../adapters/logger';
import type { ReferenceCache } from '../../db/reference-cache';
import { API_TYPES_FILE, apiTypesSource, servedOpenApi } from '../../scripts/api-types';

/** An app whose backing services these requests never reach. */
const appWith = (devSignIn?: boolean) =>
  createApp({
    temporal: {} as Client,
    database: {} as Database,
    reference: {} as ReferenceCache,
    authSecret: 'serving-test-secret-serving-test-secret',
    requesterHashKey: 'unused',
    logger: createLogger('silent', 'test'),
    devSignIn,
  }).app;

beforeAll(() => ensureConsoleBuilt(() => {}));

describe('the console and the API', () => {
  it('uses API types generated from the served OpenAPI document (run `npm run console:api-types` after an API change)', async () => {
    expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await apiTypesSource(await servedOpenApi()));
  });

  it('has no demo sign-in in production', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      const app = appWith();
      expect((await request(app).post('/dev/sign-in').send({ sub: 'op-001' })).status).toBe(404);
      expect((await request(app).get('/dev/users')).status).toBe(404);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });

  it('serves the console under /console/, / redirects there, assets are cached for good', async () => {
    const app = appWith(false);
    const root = await request(app).get('/');
    expect(root.status).toBe(302);
    expect(root.headers.location).toBe('/console/');
    const page = await request(app).get('/console/orders/WO0000000000000A');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root"></div>');
    const asset = /\/console\/assets\/[^"]+\.js/.exec(page.text)![0];
    const js = await request(app).get(asset);
    expect(js.status).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await request(app).get('/console/assets/missing.js')).status).toBe(404);
  });

  it('keeps the initial JavaScript within its budget', () => {
    const bytes = initialJsGzipBytes();
    console.log(`console initial JS: ${(bytes / 1024).toFixed(1)} KB gzip`);
    expect(bytes).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
  });
});
