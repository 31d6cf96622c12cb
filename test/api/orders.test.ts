/**
 * The API slice in-process against real PostgreSQL and a real Temporal dev server: create (idempotent),
 * bad input, get, acknowledge through an Update, and the search attributes a supervisor filters on.
 */
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '../../db/schema';
import { auditTrail, auditTypes, orderRow } from '../../support';
import { SA } from '../../workflows/search-attributes';
import { epochNumbers, startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
let operator: string;
let cgj: string;

beforeAll(async () => {
  h = await startApiHarness();
  operator = await h.token('operator');
  cgj = await h.token('department', 'CGJ');
});
afterAll(async () => h?.close());

const create = (key: string, body: unknown = noiseComplaint, token = operator) =>
  request(h.app)
    .post('/orders')
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', key)
    .send(body as object);

describe('POST /orders', () => {
  it('creates an order dispatched per the catalogue, with its response clock running', async () => {
    const res = await create('create-0001');
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/orders/${res.body.orderId}`);
    expect(res.body).toMatchObject({ state: 'dispatched', leadUnit: 'CGJ', slaState: 'on_track', escalationLevel: 0 });
    const response = res.body.clocks.find((c: { kind: string }) => c.kind === 'response');
    expect(Date.parse(response.dueAt) - Date.parse(res.body.receivedAt)).toBe(15 * 60_000);
    // The read model row and the audit trail are written by the workflow's activity.
    await expect
      .poll(() => auditTypes(h.testDb.database.db, res.body.orderId), { timeout: 10_000 })
      .toEqual(['received', 'dispatched']);
    const row = await orderRow(h.testDb.database.db, res.body.orderId);
    expect(row).toMatchObject({ state: 'dispatched', leadUnit: 'CGJ', category: 'noise_construction' });
    expect(row!.requesterHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.requesterHash).not.toContain('13800138000');
  });

  it('starts the workflow with its search attributes, which its first task does not upsert again', async () => {
    const res = await create('attributes-0001');
    expect(res.status).toBe(201);
    await expect
      .poll(() => auditTypes(h.testDb.database.db, res.body.orderId), { timeout: 10_000 })
      .toEqual(['received', 'dispatched']);
    const handle = h.env.client.workflow.getHandle(res.body.orderId);
    const { typedSearchAttributes: attributes } = await handle.describe();
    expect(attributes.get(SA.orderState)).toBe('dispatched');
    expect(attributes.get(SA.leadUnit)).toBe('CGJ');
    expect(attributes.get(SA.slaState)).toBe('on_track');
    expect(attributes.get(SA.responseDueAt)?.toISOString()).toBe(
      res.body.clocks.find((c: { kind: string }) => c.kind === 'response').dueAt,
    );
    // One visibility write less per order: nothing changed between the start and the first task.
    const { events } = await handle.fetchHistory();
    expect(events!.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes)).toEqual([]);
  });

  it('returns the same order for a repeat with the same key and body, and never starts a second one', async () => {
    const first = await create('repeat-0001');
    const again = await Promise.all([create('repeat-0001'), create('repeat-0001')]);
    expect(first.status).toBe(201);
    for (const r of again) {
      expect(r.status).toBe(200);
      expect(r.body.orderId).toBe(first.body.orderId);
    }
    const rows = await h.testDb.database.db.select().from(orders).where(eq(orders.orderId, first.body.orderId));
    expect(rows.length).toBeLessThanOrEqual(1);
    await expect
      .poll(() => auditTypes(h.testDb.database.db, first.body.orderId), { timeout: 10_000 })
      .toEqual(['received', 'dispatched']);
  });

  it('rejects the same key with a different body as a conflict', async () => {
    await create('conflict-0001');
    const res = await create('conflict-0001', { ...noiseComplaint, description: '另一件事' });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('idempotency_key_reused');
  });

  it('names every bad field in a 400, and creates nothing', async () => {
    const res = await create('bad-input-0001', {
      ...noiseComplaint,
      channel: 'fax',
      description: '',
      citizen: { phone: 'call me' },
      priority: 'high',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['body.channel', 'body.citizen.phone', 'body.description', 'body.priority'].sort(),
    );
    const retry = await create('bad-input-0001');
    expect(retry.status).toBe(201);
  });

  it('requires an Idempotency-Key, a token and the operator role', async () => {
    const noKey = await request(h.app).post('/orders').set('Authorization', `Bearer ${operator}`).send(noiseComplaint);
    expect(noKey.status).toBe(400);
    expect(noKey.body.errors[0].field).toBe('header.Idempotency-Key');
    expect((await request(h.app).post('/orders').send(noiseComplaint)).status).toBe(401);
    expect((await create('bad-token-0001', noiseComplaint, 'not-a-jwt')).status).toBe(401);
    expect((await create('wrong-role-0001', noiseComplaint, cgj)).status).toBe(403);
  });

  it('rejects an unknown category with 422 naming the field', async () => {
    const res = await create('unknown-cat-01', { ...noiseComplaint, category: 'no_such_thing' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('body.category');
  });
});

describe('GET /orders/:id and acknowledge', () => {
  it('shows the live order to its units, hides it from others, and lets the lead unit sign for it once', async () => {
    const { body: created } = await create('ack-flow-0001');
    const id = created.orderId;
    const get = await request(h.app).get(`/orders/${id}`).set('Authorization', `Bearer ${cgj}`);
    expect(get.status).toBe(200);
    expect(get.body).toMatchObject({ orderId: id, state: 'dispatched' });

    const water = await h.token('department', 'WATER');
    expect((await request(h.app).get(`/orders/${id}`).set('Authorization', `Bearer ${water}`)).status).toBe(404);
    const ackOther = await request(h.app)
      .post(`/orders/${id}/acknowledge`)
      .set('Authorization', `Bearer ${water}`)
      .send({});
    expect(ackOther.status).toBe(404);

    const ack = await request(h.app)
      .post(`/orders/${id}/acknowledge`)
      .set('Authorization', `Bearer ${cgj}`)
      .set('Idempotency-Key', 'ack-key-0001')
      .send({ note: '已安排执法队员' });
    expect(ack.status).toBe(200);
    expect(ack.body.state).toBe('acknowledged');
    // A retry with the same key is the same update: applied once, answered again.
    const retry = await request(h.app)
      .post(`/orders/${id}/acknowledge`)
      .set('Authorization', `Bearer ${cgj}`)
      .set('Idempotency-Key', 'ack-key-0001')
      .send({ note: '已安排执法队员' });
    expect(retry.status).toBe(200);
    const twice = await request(h.app).post(`/orders/${id}/acknowledge`).set('Authorization', `Bearer ${cgj}`).send({});
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('wrong_state');

    await expect.poll(() => auditTypes(h.testDb.database.db, id)).toEqual(['received', 'dispatched', 'acknowledged']);
    const acks = (await auditTrail(h.testDb.database.db, id)).filter((a) => a.type === 'acknowledged');
    expect(acks.filter((a) => a.orderId === id)).toHaveLength(1);
    expect(acks.find((a) => a.orderId === id)).toMatchObject({
      actorRole: 'department',
      actorUnit: 'CGJ',
      reason: '已安排执法队员',
    });

    // A supervisor's filter in the Temporal UI sees the signature.
    await expect
      .poll(
        async () => {
          const ids: string[] = [];
          for await (const wf of h.env.client.workflow.list({ query: `OrderState="acknowledged" AND LeadUnit="CGJ"` }))
            ids.push(wf.workflowId);
          return ids;
        },
        { timeout: 10_000 },
      )
      .toContain(id);
  });

  it('answers 404 for an order that does not exist and 400 for a malformed number', async () => {
    expect(
      (await request(h.app).get('/orders/WO00000000000000').set('Authorization', `Bearer ${operator}`)).status,
    ).toBe(404);
    const bad = await request(h.app).get('/orders/nope').set('Authorization', `Bearer ${operator}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('path.orderId');
  });
});

describe('one representation of time', () => {
  it('answers with RFC 3339 instants and whole-millisecond durations in every body about an order', async () => {
    // A caller of their own: a repeat of another test's order would be held back from dispatch.
    const body = { ...noiseComplaint, citizen: { phone: '13600136001' } };
    const created = await create('time-0001', body);
    const id = created.body.orderId as string;
    const again = await create('time-0001', body);
    const coordinator = await h.token('coordinator');
    const get = await request(h.app).get(`/orders/${id}`).set('Authorization', `Bearer ${coordinator}`);
    const ack = await request(h.app).post(`/orders/${id}/acknowledge`).set('Authorization', `Bearer ${cgj}`).send({});
    await expect.poll(() => auditTypes(h.testDb.database.db, id)).toContain('acknowledged');
    const audit = await request(h.app).get(`/orders/${id}/audit`).set('Authorization', `Bearer ${operator}`);
    const list = await request(h.app).get('/orders?limit=5').set('Authorization', `Bearer ${operator}`);
    const bodies = { created, again, get, ack, audit, list };
    for (const [name, res] of Object.entries(bodies)) {
      expect(res.status, name).toBeLessThan(300);
      expect(epochNumbers(res.body), name).toEqual([]);
    }
    expect(created.body.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(ack.body.acknowledgedAt).toMatch(/Z$/);
    for (const c of get.body.clocks) expect(Number.isInteger(c.remainingMs)).toBe(true);
    const dispatched = audit.body.events.find((e: { type: string }) => e.type === 'dispatched');
    expect(Date.parse(dispatched.data.responseDueAt)).toBe(
      Date.parse(created.body.clocks.find((c: { kind: string }) => c.kind === 'response').dueAt),
    );
  });
});
