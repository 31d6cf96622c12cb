/**
 * The citizen's lookup cannot be brute-forced, nor turned against the citizen. Wrong codes are limited per
 * client address on each order (a stranger locks out only himself), per address across orders (429 with
 * Retry-After) and per order across addresses (the backstop); a refused lookup says, in Chinese, when to
 * try again and to call 12345. The limits hold when hundreds of lookups arrive at once at two API
 * processes. Each address is a loopback address of its own (127.0.0.x), as the API sees it.
 */
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { createApp } from '../../api/app';
import { LOOKUP_LIMITS } from '../../api/public';
import { openDatabase, type Database } from '../../db/client';
import { lookupAttempt } from '../../db/lookups';
import { lookupFailures } from '../../db/schema';
import { callers, harnessApp, startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { code?: string; detail?: string; state?: string };
}

let h: ApiHarness;
let second: Database;
const servers: Server[] = [];
const ports: number[] = [];
const orders: { orderId: string; verificationCode: string }[] = [];

const listen = (app: ReturnType<typeof createApp>['app']) =>
  new Promise<number>((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    servers.push(server);
  });

beforeAll(async () => {
  h = await startApiHarness();
  const as = callers(h, { op: await h.token('operator') });
  for (const phone of ['13800138101', '13800138102']) {
    const created = await as('op').post('/orders', {
      ...noiseComplaint,
      citizen: { ...noiseComplaint.citizen, phone },
    });
    expect(created.status).toBe(201);
    orders.push(created.body);
  }
  // A second API process: its own app and its own connections to the same database.
  second = await openDatabase({ url: h.testDb.url, poolSize: 5 });
  const other = harnessApp(h, { database: second });
  ports.push(await listen(h.app), await listen(other.app));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await second?.close();
  await h?.close();
});
// Each test starts with no wrong codes counted.
beforeEach(async () => {
  await h.testDb.database.db.delete(lookupFailures);
});

/** A lookup from the client address 127.0.0.`from`, at the first API process or (`process: 1`) the second. */
function lookup(orderId: string, code: string, from = 2, process = 0): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: ports[process],
        path: `/public/orders/${orderId}?code=${code}`,
        localAddress: `127.0.0.${from}`,
        agent: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const wrong = (code: string, n = 1) => String((Number(code) + n) % 1_000_000).padStart(6, '0');
const UNKNOWN = 'WO0000000000000X';
const CITIZEN = 9;
const STRANGER = 2;

function expectLockedWithHelp(res: Answer) {
  expect(res.status).toBe(429);
  expect(res.body.code).toBe('lookup_locked');
  expect(res.body.detail).toMatch(/12345/);
  expect(res.body.detail).toMatch(/^[^A-Za-z]*$/);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(LOOKUP_LIMITS.windowMs / 1000 - 60);
}

describe('the citizen lookup', () => {
  it('a stranger’s wrong codes lock out the stranger, never the citizen’s own device (#21 item 13)', async () => {
    const [order] = orders as [(typeof orders)[0]];
    const unknown = await lookup(UNKNOWN, '123456', 3);
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toMatch(/^[^A-Za-z]*$/);
    for (let i = 1; i <= LOOKUP_LIMITS.perClientOnOrder; i++) {
      const res = await lookup(order.orderId, wrong(order.verificationCode, i), STRANGER);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(unknown.body);
    }
    // The stranger keeps going; not evaluated, not even the right code.
    for (let i = 0; i < 10; i++) expectLockedWithHelp(await lookup(order.orderId, wrong(order.verificationCode, i)));
    expectLockedWithHelp(await lookup(order.orderId, order.verificationCode, STRANGER));
    const citizen = await lookup(order.orderId, order.verificationCode, CITIZEN);
    expect(citizen.status).toBe(200);
    expect(citizen.body.state).toBe('in_progress');
  });

  it(`locks an order for every address after ${LOOKUP_LIMITS.perOrder} wrong codes from many, telling the citizen to call 12345`, async () => {
    const [order, other] = orders as [(typeof orders)[0], (typeof orders)[0]];
    let n = 0;
    for (let from = 10; n < LOOKUP_LIMITS.perOrder; from++) {
      for (let i = 0; i < LOOKUP_LIMITS.perClientOnOrder && n < LOOKUP_LIMITS.perOrder; i++) {
        expect((await lookup(order.orderId, wrong(order.verificationCode, ++n), from)).status).toBe(404);
      }
    }
    expectLockedWithHelp(await lookup(order.orderId, order.verificationCode, CITIZEN));
    // Another order's lookup is not locked.
    expect((await lookup(other.orderId, other.verificationCode, CITIZEN)).status).toBe(200);
  });

  it('opens again once the wrong codes have left the window', async () => {
    const [order] = orders as [(typeof orders)[0]];
    for (let i = 1; i <= LOOKUP_LIMITS.perClientOnOrder; i++)
      await lookup(order.orderId, wrong(order.verificationCode, i));
    expect((await lookup(order.orderId, order.verificationCode)).status).toBe(429);
    // As if the window had passed since.
    await h.testDb.database.db.update(lookupFailures).set({ at: new Date(Date.now() - LOOKUP_LIMITS.windowMs - 1000) });
    expect((await lookup(order.orderId, order.verificationCode)).status).toBe(200);
  });

  it('counts a lookup of an unknown order like a wrong code, and keeps no client address', async () => {
    await lookup(UNKNOWN, '123456');
    await lookup(orders[0]!.orderId, wrong(orders[0]!.verificationCode));
    const rows = await h.testDb.database.db.select().from(lookupFailures);
    expect(rows.map((r) => r.orderId).sort()).toEqual([orders[0]!.orderId, UNKNOWN].sort());
    expect(new Set(rows.map((r) => r.client)).size).toBe(1);
    expect(rows[0]!.client).not.toMatch(/127\.0\.0\.|::/);
  });

  it(`limits one client address to ${LOOKUP_LIMITS.perClient} wrong codes across orders (429 with Retry-After)`, async () => {
    for (let i = 0; i < LOOKUP_LIMITS.perClient; i++) {
      const res = await lookup(`WO00000000000${String(i).padStart(3, '0')}`, '000000');
      expect(res.status).toBe(404);
    }
    const limited = await lookup(orders[1]!.orderId, orders[1]!.verificationCode);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(limited.body.detail).toMatch(/12345/);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(LOOKUP_LIMITS.windowMs / 1000 - 60);
    expect(retryAfter).toBeLessThanOrEqual(LOOKUP_LIMITS.windowMs / 1000);
    // The citizen on another device is not limited.
    expect((await lookup(orders[1]!.orderId, orders[1]!.verificationCode, CITIZEN)).status).toBe(200);
  });
});

describe('the lookup’s limits under concurrency (#25 item 1)', () => {
  const BURST = 300;

  it(`evaluates at most ${LOOKUP_LIMITS.perClientOnOrder} of ${BURST} simultaneous lookups from one address, at two API processes; the right code among them is refused`, async () => {
    const [order] = orders as [(typeof orders)[0]];
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        lookup(
          order.orderId,
          i === 250 ? order.verificationCode : wrong(order.verificationCode, i + 1),
          STRANGER,
          i % 2,
        ),
      ),
    );
    const evaluated = answers.filter((a) => a.status === 404).length;
    const counted = await h.testDb.database.db.$count(lookupFailures);
    console.log(
      `one address, ${BURST} at once: ${evaluated} evaluated, ${counted} counted, answer to the right code ${answers[250]!.status}`,
    );
    expect(evaluated).toBe(LOOKUP_LIMITS.perClientOnOrder);
    expect(counted).toBe(evaluated);
    expect(answers[250]!.status).toBe(429);
    expect(answers.filter((a) => a.status !== 404 && a.status !== 429)).toEqual([]);
  });

  it(`evaluates at most ${LOOKUP_LIMITS.perOrder} of ${BURST} simultaneous lookups of one order from ten addresses`, async () => {
    const [order] = orders as [(typeof orders)[0]];
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        lookup(order.orderId, wrong(order.verificationCode, i + 1), 20 + (i % 10), i % 2),
      ),
    );
    const evaluated = answers.filter((a) => a.status === 404).length;
    console.log(`ten addresses, ${BURST} at once on one order: ${evaluated} evaluated`);
    expect(evaluated).toBe(LOOKUP_LIMITS.perOrder);
    expect(await h.testDb.database.db.$count(lookupFailures)).toBe(evaluated);
  });

  it('counts and checks in one statement on PGlite too', async () => {
    const pglite = await openDatabase({});
    try {
      await pglite.migrate();
      const verdicts = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          lookupAttempt(pglite.db, { orderId: 'WO1', client: `c${i % 4}`, right: false }, LOOKUP_LIMITS),
        ),
      );
      const wrongs = verdicts.filter((v) => v.verdict === 'wrong').length;
      expect(wrongs).toBe(4 * LOOKUP_LIMITS.perClientOnOrder);
      expect(
        (await lookupAttempt(pglite.db, { orderId: 'WO1', client: 'c0', right: true }, LOOKUP_LIMITS)).verdict,
      ).toBe('order_locked');
      expect(
        (await lookupAttempt(pglite.db, { orderId: 'WO1', client: 'c9', right: true }, LOOKUP_LIMITS)).verdict,
      ).toBe('right');
    } finally {
      await pglite.close();
    }
  });
});
