/**
 * Fuzzing the write endpoints with random and malformed bodies: never a 5xx, and never a change to an
 * existing order or its audit trail.
 */
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../../api/http/route';
import { ACTIONS } from '../../domain/lifecycle';
import { auditTrail, eventually, workflowView } from '../../support';
import { startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
let orderId: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  h = await startApiHarness();
  for (const role of ['operator', 'coordinator', 'visitor'] as const) tokens[role] = await h.token(role);
  tokens.department = await h.token('department', 'CGJ');
  const created = await request(h.app)
    .post('/orders')
    .set('Authorization', `Bearer ${tokens.operator}`)
    .set('Idempotency-Key', 'fuzz-target-0001')
    .send(noiseComplaint);
  orderId = created.body.orderId;
  await request(h.app)
    .post(`/orders/${orderId}/acknowledge`)
    .set('Authorization', `Bearer ${tokens.department}`)
    .send({});
  // The audit trail is written a moment after the action: start from the settled trail.
  await eventually(
    () => auditTrail(h.testDb.database.db, orderId),
    (trail) => trail.length >= 3,
  );
});
afterAll(async () => h?.close());

async function fingerprint() {
  const view = await workflowView(h.env.client, orderId);
  const audit = await auditTrail(h.testDb.database.db, orderId);
  const { clocks, ...rest } = view;
  return { rest, dues: clocks.map((c) => c.dueAt), audit: audit.map((e) => `${e.seq}:${e.type}`) };
}

describe('fuzzed write endpoints', () => {
  it('answer every invalid body with a 4xx and change nothing', async () => {
    const before = await fingerprint();
    const writes = h.routes.filter((r) => r.method === 'post' && r.body);
    const roleFor = (r: Route) => (r.roles === 'public' ? 'operator' : (r.roles[0] as string));
    const body = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(
        fc.constantFrom('reason', 'note', 'reply', 'leadUnit', 'newDueAt', 'level', 'grant', 'clock', 'unit'),
        fc.jsonValue(),
      ),
      fc.record({ reason: fc.string({ maxLength: 3000 }), newDueAt: fc.string(), level: fc.integer() }),
    );
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), body, async (route, payload) => {
        if (route.body!.safeParse(payload).success) return; // a valid body may rightly change the order
        sent++;
        const path = route.path.replace(':orderId', orderId);
        const res = await request(h.app)
          .post(path)
          .set('Authorization', `Bearer ${tokens[roleFor(route)]}`)
          .set('Idempotency-Key', `fuzz-${sent}-${Date.now()}`)
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(payload));
        expect(res.status, `${path} ${JSON.stringify(payload)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${path} ${JSON.stringify(payload)}`).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
    // Bodies that are not JSON at all, or far too large.
    for (const raw of ['{', 'null', '[]', '"x"', '{"reason":', 'x'.repeat(70_000)]) {
      const res = await request(h.app)
        .post(`/orders/${orderId}/return`)
        .set('Authorization', `Bearer ${tokens.department}`)
        .set('Content-Type', 'application/json')
        .send(raw);
      expect(res.status, raw.slice(0, 20)).toBeGreaterThanOrEqual(400);
      expect(res.status, raw.slice(0, 20)).toBeLessThan(500);
    }
    expect(sent).toBeGreaterThan(100);
    expect(await fingerprint()).toEqual(before);
    expect(Object.keys(ACTIONS).length).toBe(writes.filter((r) => r.path.startsWith('/orders/:orderId')).length);
  }, 120_000);
});
