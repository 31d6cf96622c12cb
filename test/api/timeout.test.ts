/**
 * The request timeout: a request whose dependency neither answers nor fails (a Temporal update waiting
 * for a worker that is down, a database behind a partition) gets 503 with Retry-After, and the late
 * answer of its handler is dropped without breaking the connection.
 */
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { problemHandler } from '../../api/http/problem';
import { mountRoutes, route } from '../../api/http/route';
import { createRateLimiter } from '../../api/http/rate-limit';
import { requestTimeout } from '../../api/http/timeout';
import { sleep } from '../../support';

function appWith(handle: () => Promise<{ status: number; body: unknown }>, onInternal: (err: unknown) => void) {
  const app = express();
  app.use(requestTimeout(200));
  const router = express.Router();
  const slow = route({
    method: 'get',
    path: '/slow',
    tag: 'test',
    summary: 'Slow',
    roles: 'public',
    responses: { 200: 'ok' },
    handle,
  });
  mountRoutes(router, [slow], {
    authenticate: (_req, _res, next) => next(),
    rateLimiter: createRateLimiter({ perSecond: 100, burst: 100 }),
  });
  app.use(router);
  app.use(problemHandler(onInternal));
  return app;
}

describe('request timeout', () => {
  it('answers 503 with Retry-After when the handler has not answered in time, and drops its late answer', async () => {
    let finished = false;
    const app = appWith(
      async () => {
        await sleep(400);
        finished = true;
        return { status: 200, body: { late: true } };
      },
      () => {},
    );
    const res = await request(app).get('/slow');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toMatchObject({ status: 503, code: 'timeout' });
    await expect.poll(() => finished).toBe(true);
  });

  it('drops a late failure too', async () => {
    const internal: unknown[] = [];
    const app = appWith(
      async () => {
        await sleep(400);
        throw new Error('late failure');
      },
      (err) => internal.push(err),
    );
    const res = await request(app).get('/slow');
    expect(res.status).toBe(503);
    await expect.poll(() => internal.length).toBe(1);
  });

  it('leaves a timely answer alone', async () => {
    const app = appWith(
      async () => ({ status: 200, body: { ok: true } }),
      () => {},
    );
    const res = await request(app).get('/slow');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });
});
