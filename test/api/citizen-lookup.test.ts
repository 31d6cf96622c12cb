/**
 * The citizen's lookup cannot be brute-forced: a few wrong codes lock an order's lookup (answered exactly
 * as an unknown order, even to the right code) for the window; one client address is limited across
 * orders (429 with Retry-After); an unknown order is compared and counted like a wrong code.
 */
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOOKUP_LIMITS } from '../../api/public';
import { lookupFailures } from '../../db/schema';
import { startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
const orders: { orderId: string; verificationCode: string }[] = [];
beforeAll(async () => {
  h = await startApiHarness();
  const operator = await h.token('operator');
  for (const [i, phone] of ['13800138101', '13800138102'].entries()) {
    const created = await request(h.app)
      .post('/orders')
      .set('Authorization', `Bearer ${operator}`)
      .set('Idempotency-Key', `lookup-order-000${i}`)
      .send({ ...noiseComplaint, citizen: { ...noiseComplaint.citizen, phone } });
    expect(created.status).toBe(201);
    orders.push(created.body);
  }
});
afterAll(async () => h?.close());
// Each test starts with no wrong codes counted.
beforeEach(async () => {
  await h.testDb.database.db.delete(lookupFailures);
});

const lookup = (orderId: string, code: string) => request(h.app).get(`/public/orders/${orderId}?code=${code}`);
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
const UNKNOWN = 'WO0000000000000X';

describe('the citizen lookup', () => {
  it(`locks an order after ${LOOKUP_LIMITS.perOrder} wrong codes, answering exactly as for an unknown order`, async () => {
    const [order, other] = orders as [(typeof orders)[0], (typeof orders)[0]];
    expect((await lookup(order.orderId, order.verificationCode)).status).toBe(200);
    const unknown = await lookup(UNKNOWN, '123456');
    expect(unknown.status).toBe(404);
    for (let i = 0; i < LOOKUP_LIMITS.perOrder; i++) {
      const res = await lookup(order.orderId, wrong(order.verificationCode));
      expect(res.status).toBe(404);
      expect(res.body).toEqual(unknown.body);
    }
    const locked = await lookup(order.orderId, order.verificationCode);
    expect(locked.status).toBe(404);
    expect(locked.body).toEqual(unknown.body);
    // Another order's lookup is not locked.
    expect((await lookup(other.orderId, other.verificationCode)).status).toBe(200);
  });

  it('opens again once the wrong codes have left the window', async () => {
    const [order] = orders as [(typeof orders)[0]];
    for (let i = 0; i < LOOKUP_LIMITS.perOrder; i++) await lookup(order.orderId, wrong(order.verificationCode));
    expect((await lookup(order.orderId, order.verificationCode)).status).toBe(404);
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
    expect(rows[0]!.client).not.toMatch(/127\.0\.0\.1|::/);
  });

  it(`limits one client address to ${LOOKUP_LIMITS.perClient} wrong codes across orders (429 with Retry-After)`, async () => {
    for (let i = 0; i < LOOKUP_LIMITS.perClient; i++) {
      const res = await lookup(`WO00000000000${String(i).padStart(3, '0')}`, '000000');
      expect(res.status).toBe(404);
    }
    const limited = await lookup(orders[1]!.orderId, orders[1]!.verificationCode);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(LOOKUP_LIMITS.windowMs / 1000 - 60);
    expect(retryAfter).toBeLessThanOrEqual(LOOKUP_LIMITS.windowMs / 1000);
  });
});
