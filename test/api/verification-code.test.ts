/**
 * A lost verification code re-issued by an operator on the citizen's call: only for the requester's own
 * phone, the old code stops working at once, and the audit trail records the re-issue without the code.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../../support';
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
    expect(stranger.body.errors).toEqual([{ field: 'body.phone', message: expect.any(String) }]);
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
});
