/**
 * A lost verification code re-issued by an operator on the citizen's call: only for the requester's own
 * phone, the old code stops working at once, and the audit trail records the re-issue without the code.
 * A closed order's code can be re-issued too (its citizen may want to read the result), recorded in
 * verification_code_reissues.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verificationCodeReissues } from '../../db/schema';
import { auditTrail, waitFor } from '../../support';
import { startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
const tokens: Record<string, string> = {};
// A caller of its own: a repeat of another test's order would be held back from dispatch.
const citizen = { name: '王五', phone: '13500135001' };

beforeAll(async () => {
  h = await startApiHarness();
  tokens.operator = await h.token('operator');
  tokens.CGJ = await h.token('department', 'CGJ');
});
afterAll(async () => h?.close());

const create = (key: string, body: object = { ...noiseComplaint, citizen }) =>
  request(h.app)
    .post('/orders')
    .set('Authorization', `Bearer ${tokens.operator}`)
    .set('Idempotency-Key', key)
    .send(body);
const reissue = (id: string, phone: string, token = tokens.operator) =>
  request(h.app).post(`/orders/${id}/verification-code`).set('Authorization', `Bearer ${token}`).send({ phone });
const lookUp = (id: string, code: string) => request(h.app).get(`/public/orders/${id}?code=${code}`);

describe('POST /orders/{orderId}/verification-code', () => {
  it('gives the requester a new code that replaces the old one, audited without the code', async () => {
    const created = await create('reissue-0001');
    expect(created.status).toBe(201);
    const id = created.body.orderId as string;
    const first = created.body.verificationCode as string;
    expect(created.body.verificationCodeVersion).toBe(0);
    expect((await lookUp(id, first)).status).toBe(200);

    const stranger = await reissue(id, '13900000000');
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors).toEqual([
      { field: 'body.phone', code: 'caller_not_requester', message: expect.any(String) },
    ]);
    expect((await reissue(id, citizen.phone, tokens.CGJ)).status).toBe(403);
    expect((await lookUp(id, first)).status).toBe(200);

    const res = await reissue(id, '135-0013-5001');
    expect(res.status).toBe(200);
    const second = res.body.verificationCode as string;
    expect(second).toMatch(/^\d{6}$/);
    expect(second).not.toBe(first);
    expect(res.body).toMatchObject({ orderId: id, verificationCodeVersion: 1, state: 'dispatched' });
    expect((await lookUp(id, first)).status).toBe(404);
    expect((await lookUp(id, second)).status).toBe(200);
    // Intake's answer to a retried submit gives the code in force, not the one it gave first.
    expect((await create('reissue-0001')).body.verificationCode).toBe(second);

    await expect
      .poll(async () => (await auditTrail(h.testDb.database.db, id)).map((e) => e.type))
      .toContain('verification_code_reissued');
    const event = (await auditTrail(h.testDb.database.db, id)).find((e) => e.type === 'verification_code_reissued')!;
    expect(event).toMatchObject({ actorRole: 'operator', data: { version: 1 } });
    expect(JSON.stringify(event)).not.toContain(second);
    expect(JSON.stringify(event)).not.toContain(citizen.phone);
  });

  it('refuses an order taken without a phone, and an order that does not exist', async () => {
    const created = await create('reissue-0002', { ...noiseComplaint, citizen: { name: '匿名' } });
    const res = await reissue(created.body.orderId, citizen.phone);
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('body.phone');
    expect((await reissue('WO00000000000000', citizen.phone)).status).toBe(404);
  });

  it('re-issues the code of a closed order, once per request, and the new code reads its result (#21 item 14)', async () => {
    const created = await create('reissue-0003', {
      ...noiseComplaint,
      citizen: { name: '赵六', phone: '13500135003' },
    });
    const id = created.body.orderId as string;
    const withdraw = await request(h.app)
      .post(`/orders/${id}/withdraw`)
      .set('Authorization', `Bearer ${tokens.operator}`)
      .send({ reason: '市民撤诉' });
    expect(withdraw.body.state).toBe('closed');
    // Once the workflow has completed: its Update is no longer taken.
    await waitFor(
      'the workflow to complete',
      async () => (await h.env.client.workflow.getHandle(id).describe()).status.name === 'COMPLETED',
    );

    const stranger = await reissue(id, '13900000000');
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors).toEqual([
      { field: 'body.phone', code: 'caller_not_requester', message: '来电号码与诉求人号码不一致' },
    ]);
    const res = await request(h.app)
      .post(`/orders/${id}/verification-code`)
      .set('Authorization', `Bearer ${tokens.operator}`)
      .set('Idempotency-Key', 'reissue-closed-0001')
      .send({ phone: '13500135003' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ orderId: id, state: 'closed', verificationCodeVersion: 1 });
    const code = res.body.verificationCode as string;
    expect(code).not.toBe(created.body.verificationCode);
    const retried = await request(h.app)
      .post(`/orders/${id}/verification-code`)
      .set('Authorization', `Bearer ${tokens.operator}`)
      .set('Idempotency-Key', 'reissue-closed-0001')
      .send({ phone: '13500135003' });
    expect(retried.body.verificationCode).toBe(code);

    expect((await lookUp(id, created.body.verificationCode)).status).toBe(404);
    const page = await lookUp(id, code);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ state: 'closed', label: '已撤回' });
    const recorded = await h.testDb.database.db.select().from(verificationCodeReissues);
    expect(recorded).toEqual([expect.objectContaining({ orderId: id, version: 1, actorRole: 'operator' })]);
    expect(JSON.stringify(recorded)).not.toContain(code);
  });

  it('refuses a phone that cannot be called back, naming the field (#25 item 5)', async () => {
    for (const phone of ['12345', '1380013800', '+0086 0']) {
      const res = await reissue('WO00000000000000', phone);
      expect(res.status, phone).toBe(422);
      expect(res.body.errors).toEqual([
        { field: 'body.phone', code: 'phone_not_diallable', message: expect.stringMatching(/^[^A-Za-z]+$/) },
      ]);
    }
    expect((await reissue('WO00000000000000', 'not a phone')).status).toBe(400);
  });
});
