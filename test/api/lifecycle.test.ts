/**
 * One order from intake to closure through the HTTP API, each role with its own token, on a real dev
 * server and real PostgreSQL — plus the queues, lists and audit timeline that follow it.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { kpisFor } from '../../api/kpis';
import { buildOpenApi, openApiPath } from '../../api/http/openapi';
import { orders } from '../../db/schema';
import { verifyAgainstTemporal, verifyReadModel } from '../../jobs/recompute';
import { eventually } from '../../support';
import { callers, startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  h = await startApiHarness();
  tokens.operator = await h.token('operator');
  tokens.coordinator = await h.token('coordinator');
  tokens.visitor = await h.token('visitor');
  tokens.auditor = await h.token('auditor');
  tokens.CGJ = await h.token('department', 'CGJ');
  tokens.ZJJ = await h.token('department', 'ZJJ');
  tokens.WATER = await h.token('department', 'WATER');
});
afterAll(async () => h?.close());

const as = (who: string) => callers(h, tokens)(who);

async function createOrder(body: object = noiseComplaint): Promise<string> {
  const res = await as('operator').post('/orders', body);
  expect(res.status).toBe(201);
  return res.body.orderId as string;
}

describe('an order from intake to closure', () => {
  it('dispatch → acknowledge → note → complete → satisfied → closed resolved', async () => {
    const id = await createOrder();
    expect((await as('CGJ').post(`/orders/${id}/acknowledge`, { note: '已签收' })).body.state).toBe('acknowledged');
    expect((await as('ZJJ').post(`/orders/${id}/acknowledge`)).status).toBe(200);
    expect((await as('ZJJ').post(`/orders/${id}/contribution`, { note: '施工许可已核查' })).status).toBe(200);
    expect((await as('CGJ').post(`/orders/${id}/notes`, { note: '已到现场' })).status).toBe(200);
    // A reply with its substance (what was found, what was done): 质检 finds nothing to flag.
    const reply =
      '经现场核查，该工地夜间施工扰民属实，已责令施工单位停止22时后的夜间施工并处以罚款，执法队将持续夜间巡查。';
    const done = await as('CGJ').post(`/orders/${id}/complete`, { reply });
    expect(done.body).toMatchObject({ state: 'completed', reply });

    const queue = await eventually(
      () => as('visitor').get('/visits?limit=100'),
      (r) => r.body.items?.some((o: { orderId: string }) => o.orderId === id),
    );
    expect(queue.status).toBe(200);

    const visit = await as('visitor').post(`/orders/${id}/visit`, {
      satisfaction: 'satisfied',
      resolution: 'resolved',
    });
    expect(visit.body).toMatchObject({ state: 'closed', closureCode: 'resolved' });

    // Once the workflow has finished, the order is served from the read model.
    const closed = await eventually(
      () => as('auditor').get(`/orders/${id}`),
      (r) => r.body.state === 'closed',
    );
    expect(closed.body).toMatchObject({ closureCode: 'resolved', visits: [{ satisfaction: 'satisfied' }] });

    const audit = await eventually(
      () => as('auditor').get(`/orders/${id}/audit`),
      (r) => r.body.events?.at(-1)?.type === 'closed',
    );
    const types = audit.body.events.map((e: { type: string }) => e.type);
    expect(types).toEqual([
      'received',
      'dispatched',
      'acknowledged',
      'assist_acknowledged',
      'assist_contributed',
      'note_added',
      'completed',
      'visit_recorded',
      'closed',
    ]);
    expect(audit.body.events.map((e: { seq: number }) => e.seq)).toEqual(types.map((_: string, i: number) => i + 1));
  });

  it('answers a consultation from the knowledge base and closes it as answered', async () => {
    const id = await createOrder({
      channel: 'web',
      orderType: 'consultation',
      description: '社保卡丢了怎么补办',
      citizen: {},
    });
    expect((await as('operator').get(`/orders/${id}`)).body.state).toBe('received');
    const res = await as('operator').post(`/orders/${id}/answer`, { articleId: 'KB0001' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'closed', closureCode: 'answered', closure: { articleId: 'KB0001' } });
    expect(res.body.reply).toContain('社保卡');
    const unknown = await as('operator').post(
      `/orders/${await createOrder({ channel: 'web', orderType: 'consultation', description: '问', citizen: {} })}/answer`,
      {
        articleId: 'KB9999',
      },
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('body.articleId');
  });

  it('return (退单) → disputes queue → ruling reassigns the order to another unit', async () => {
    const id = await createOrder();
    const returned = await as('CGJ').post(`/orders/${id}/return`, { reason: '属于住建局职责' });
    expect(returned.body).toMatchObject({ state: 'returned', returns: 1 });
    const disputes = await eventually(
      () => as('coordinator').get('/escalations?kind=disputes'),
      (r) => r.body.items?.some((o: { orderId: string }) => o.orderId === id),
    );
    expect(disputes.status).toBe(200);
    const ruled = await as('coordinator').post(`/orders/${id}/ruling`, {
      decision: 'reassign',
      leadUnit: 'ZJJ',
      reason: '工地施工许可归住建局',
    });
    expect(ruled.body).toMatchObject({ state: 'dispatched', leadUnit: 'ZJJ' });
    // The former lead unit no longer sees it; the new one can sign.
    expect((await as('CGJ').get(`/orders/${id}`)).status).toBe(404);
    expect((await as('ZJJ').post(`/orders/${id}/acknowledge`)).body.state).toBe('acknowledged');
  });

  it('rejects a past extension date and a department acting outside its role', async () => {
    const id = await createOrder();
    await as('CGJ').post(`/orders/${id}/acknowledge`);
    const past = await as('CGJ').post(`/orders/${id}/extension-request`, {
      reason: '需要协调',
      newDueAt: '2020-01-01T00:00:00+08:00',
    });
    expect(past.status).toBe(422);
    expect(past.body.code).toBe('rule_violated');
    const bad = await as('CGJ').post(`/orders/${id}/extension-request`, { reason: '需要协调', newDueAt: 'next week' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('body.newDueAt');
    expect((await as('CGJ').post(`/orders/${id}/force-close`, { justification: 'x' })).status).toBe(403);
    const audit = await eventually(
      () => as('auditor').get(`/orders/${id}/audit`),
      (r) => r.body.events?.length === 3,
    );
    expect(audit.body.events.map((e: { type: string }) => e.type)).toEqual(['received', 'dispatched', 'acknowledged']);
  });
});

describe('the audit export', () => {
  it('streams a period’s trail as CSV for auditors; departments may not', async () => {
    const id = await createOrder();
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const csv = await eventually(
      () => as('auditor').get(`/audit.csv?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
      (r) => r.status === 200 && r.text.includes(`${id},2,dispatched`),
    );
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\n')[0]).toBe('order_id,seq,type,at,actor_role,actor_id,actor_unit,reason,data');
    expect(csv.text).toContain(`${id},1,received`);
    expect(
      (await as('CGJ').get(`/audit.csv?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)).status,
    ).toBe(403);
  });
});

describe('actions on a closed order', () => {
  it('answer 409 wrong_state with its state to a caller who can see it, 404 to a unit not on it', async () => {
    const id = await createOrder();
    expect((await as('operator').post(`/orders/${id}/withdraw`, { reason: '市民撤回' })).status).toBe(200);
    // Wait until the workflow has finished: the order is then served from the read model.
    await eventually(
      () => as('auditor').get(`/orders/${id}/audit`),
      (r) => r.body.events?.at(-1)?.type === 'closed',
    );
    await eventually(
      () => as('CGJ').post(`/orders/${id}/acknowledge`),
      (r) => r.status !== 409 || r.body.state === 'closed',
    );
    const lead = await as('CGJ').post(`/orders/${id}/acknowledge`);
    expect(lead.status).toBe(409);
    expect(lead.body).toMatchObject({ code: 'wrong_state', state: 'closed' });
    const coordinator = await as('coordinator').post(`/orders/${id}/escalate`, { level: 3, reason: '督办' });
    expect(coordinator.body).toMatchObject({ code: 'wrong_state', state: 'closed' });
    expect((await as('WATER').post(`/orders/${id}/acknowledge`)).status).toBe(404);
  });
});

describe('citizen status lookup', () => {
  it('shows state, next due date and public replies to the holder of the code — and nothing to anyone else', async () => {
    const created = await as('operator').post('/orders', noiseComplaint);
    const { orderId, verificationCode } = created.body as { orderId: string; verificationCode: string };
    expect(verificationCode).toMatch(/^\d{6}$/);
    await as('CGJ').post(`/orders/${orderId}/acknowledge`);
    await as('CGJ').post(`/orders/${orderId}/notes`, { note: '内部备注：联系施工方负责人' });
    await as('CGJ').post(`/orders/${orderId}/complete`, { reply: '已责令停止夜间施工' });
    const res = await request(h.app).get(`/public/orders/${orderId}?code=${verificationCode}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ orderId, state: 'completed', replies: [{ text: '已责令停止夜间施工' }] });
    expect(Date.parse(res.body.nextStepDueAt)).toBeGreaterThan(Date.now());
    const text = JSON.stringify(res.body);
    for (const secret of ['内部备注', '13800138000', '张三', 'citizen', 'notes']) expect(text).not.toContain(secret);
    const wrong = String((Number(verificationCode) + 1) % 1_000_000).padStart(6, '0');
    expect((await request(h.app).get(`/public/orders/${orderId}?code=${wrong}`)).status).toBe(404);
    expect((await request(h.app).get(`/public/orders/WO0000000000000X?code=${verificationCode}`)).status).toBe(404);
  });
});

describe('lists', () => {
  it('pages through the unit’s inbox with a cursor, without repeats, nearest due first', async () => {
    const ids = [await createOrder(), await createOrder(), await createOrder()];
    await eventually(
      () => as('CGJ').get('/inbox?limit=100'),
      (r) => ids.every((id) => r.body.items?.some((o: { orderId: string }) => o.orderId === id)),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await as('CGJ').get(`/inbox?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((o: { orderId: string }) => o.orderId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of ids) expect(seen).toContain(id);
    const all = (await as('CGJ').get('/inbox?limit=100')).body.items as {
      responseDueAt: string | null;
      handlingDueAt: string | null;
    }[];
    const dues = all.map((o) =>
      Math.min(...[o.responseDueAt, o.handlingDueAt].filter(Boolean).map((d) => Date.parse(d!))),
    );
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(
      (await as('WATER').get('/inbox?limit=100')).body.items.some((o: { orderId: string }) => ids.includes(o.orderId)),
    ).toBe(false);
    expect((await as('CGJ').get('/inbox?cursor=garbage')).status).toBe(400);
    expect((await as('CGJ').get('/inbox?limit=1000')).status).toBe(400);
  });
});

describe('recompute from the audit trail', () => {
  it('finds the read model in step with the trail and the workflows, and repairs a row that is not', async () => {
    const db = h.testDb.database.db;
    // The read model trails the workflows by a moment: wait until every row has caught up.
    await expect
      .poll(async () => (await verifyReadModel(db)).mismatches, { timeout: 15_000, interval: 200 })
      .toEqual([]);
    const clean = await verifyReadModel(db);
    expect(clean.checked).toBeGreaterThan(5);
    expect(clean.gaps).toEqual([]);
    expect(clean.missingRows).toEqual([]);
    expect(await verifyAgainstTemporal(db, h.env.client)).toEqual([]);

    const [victim] = await db.select().from(orders).where(eq(orders.state, 'closed')).limit(1);
    await db.update(orders).set({ state: 'received', leadUnit: 'NOPE' }).where(eq(orders.orderId, victim!.orderId));
    const broken = await verifyReadModel(db, { rebuild: true });
    expect(broken.mismatches.map((m) => m.field).sort()).toEqual(['leadUnit', 'state']);
    expect((await verifyReadModel(db)).mismatches).toEqual([]);

    // The KPIs are re-derived from the same trail: computing them again gives the same figures.
    const period = {
      groupBy: 'unit' as const,
      from: new Date(Date.now() - 86_400_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    };
    const first = await kpisFor(db, h.reference, period);
    expect(first.length).toBeGreaterThan(0);
    expect(await kpisFor(db, h.reference, period)).toEqual(first);
  });
});

describe('OpenAPI', () => {
  it('documents every mounted route, and every documented route answers', async () => {
    const res = await request(h.app).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const documented = Object.entries(res.body.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    expect(documented.sort()).toEqual(h.routes.map((r) => `${r.method} ${openApiPath(r.path)}`).sort());
    // Each documented operation reaches a handler (a 401/400/200…, never the router's own 404).
    for (const op of documented) {
      const [method, path] = op.split(' ') as ['get' | 'post', string];
      const res = await request(h.app)[method](path.replace(/\{\w+\}/g, 'WO0000000000000X'));
      expect(res.body.code, op).not.toBe('no_such_route');
    }
    expect((await request(h.app).get('/no/such/thing')).body.code).toBe('no_such_route');
    expect(buildOpenApi(h.routes, 'x').paths).toHaveProperty(['/orders/{orderId}/acknowledge', 'post', 'requestBody']);
  });
});
