/**
 * Live streams are capped (#25 item 4): one user holds at most LIVE_LIMITS.perUser streams and one API
 * process LIVE_LIMITS.perProcess; beyond either, 429 with Retry-After, and a stream closed frees its place.
 */
import express from 'express';
import { request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, tokenVerifier } from '../../api/http/auth';
import { createLiveHub, LIVE_LIMITS } from '../../api/live';
import { problemHandler } from '../../api/http/problem';
import { createRateLimiter } from '../../api/http/rate-limit';
import { mountRoutes } from '../../api/http/route';
import { waitFor } from '../../support';
import { startApiHarness, TEST_AUTH_SECRET, type ApiHarness } from '../helpers/api';

let h: ApiHarness;
const servers: Server[] = [];
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await h?.close();
});

const listen = (app: express.Express) =>
  new Promise<number>((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    servers.push(server);
  });

/** Opens GET /live and resolves with the response once its status is known; the stream stays open. */
const stream = (port: number, token: string) =>
  new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: '/live', headers: { Authorization: `Bearer ${token}` }, agent: false },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });

describe('live streams', () => {
  it(`holds at most ${LIVE_LIMITS.perUser} streams of one user, opened all at once (429 beyond)`, async () => {
    const port = await listen(h.app);
    const token = await h.token('department', 'CGJ');
    const answers = await Promise.all(Array.from({ length: LIVE_LIMITS.perUser + 5 }, () => stream(port, token)));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIVE_LIMITS.perUser);
    const refused = answers.filter((a) => a.statusCode === 429);
    expect(refused).toHaveLength(5);
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThan(0);
    // Another user is not held back by the first one's streams.
    const other = await stream(port, await h.token('department', 'ZJJ'));
    expect(other.statusCode).toBe(200);
    for (const a of [...answers, other]) a.destroy();
  });

  it('holds at most its cap of streams in one process, and a closed stream frees its place', async () => {
    const hub = createLiveHub(h.testDb.database, { perUser: 2, perProcess: 3 });
    const app = express();
    const router = express.Router();
    const limiter = createRateLimiter({ perSecond: 100, burst: 100 });
    mountRoutes(router, hub.routes, {
      authenticate: authenticate(tokenVerifier(TEST_AUTH_SECRET), limiter),
      rateLimiter: limiter,
    });
    app.use(router);
    app.use(problemHandler(() => {}));
    const port = await listen(app);
    const tokens = await Promise.all(['op-1', 'op-2'].map((sub) => h.token('operator', 'CENTRE', sub)));
    const open = [await stream(port, tokens[0]!), await stream(port, tokens[0]!), await stream(port, tokens[1]!)];
    expect(open.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    const full = await stream(port, tokens[1]!);
    expect(full.statusCode).toBe(429);
    full.resume();
    open[0]!.destroy();
    const again = await waitFor('a freed place', async () => {
      const answer = await stream(port, tokens[1]!);
      if (answer.statusCode === 200) return answer;
      answer.resume();
      return undefined;
    });
    expect(again.statusCode).toBe(200);
    for (const a of [...open, again]) a.destroy();
    await hub.close();
  });
});
