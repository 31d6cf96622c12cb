/**
 * What the API says about a body it cannot take: bytes that are not UTF-8, JSON under another media
 * type, JSON that is not an object, and a rule broken by one field — each with a machine-readable reason.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTypes } from '../../support';
import { callers, startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
const tokens: Record<string, string> = {};
let n = 0;

beforeAll(async () => {
  h = await startApiHarness();
  tokens.operator = await h.token('operator');
  tokens.CGJ = await h.token('department', 'CGJ');
  tokens.coordinator = await h.token('coordinator');
});
afterAll(async () => h?.close());

const as = (who: string) => callers(h, tokens)(who);

/** POST /orders with these bytes as the body, as this content type (sent as they are, not re-encoded). */
const createRaw = (body: string | Buffer, contentType = 'application/json') =>
  request(h.app)
    .post('/orders')
    .set('Authorization', `Bearer ${tokens.operator}`)
    .set('Idempotency-Key', `bodies-${++n}-${Date.now()}`)
    .set('Content-Type', contentType)
    .serialize((raw: Buffer) => raw as unknown as string)
    .send(Buffer.from(body));

describe('request bodies', () => {
  it('refuses a body that is not valid UTF-8 instead of storing replacement characters', async () => {
    const json = JSON.stringify({ ...noiseComplaint, description: 'XX' });
    const at = Buffer.from(json).indexOf('XX');
    const raw = Buffer.from(json);
    raw[at] = 0xff;
    raw[at + 1] = 0xfe;
    const res = await createRaw(raw);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_utf8', errors: [{ field: 'body' }] });
    // The same body in valid UTF-8 (Chinese included) is taken.
    expect((await createRaw(JSON.stringify(noiseComplaint))).status).toBe(201);
  });

  it('answers JSON sent as text/plain with 415 naming the media type expected', async () => {
    const res = await createRaw(JSON.stringify(noiseComplaint), 'text/plain');
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'unsupported_media_type', errors: [{ field: 'header.Content-Type' }] });
    expect(res.body.detail).toContain('application/json');
  });

  it('says an object was expected when the body is JSON null, and not-JSON when it is broken', async () => {
    const nullBody = await createRaw('null');
    expect(nullBody.status).toBe(400);
    expect(nullBody.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'body' }] });
    expect(nullBody.body.detail).toMatch(/JSON object/);
    const broken = await createRaw('{"channel":');
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('malformed_json');
  });

  it('names the field at fault when the workflow refuses an action by a rule', async () => {
    const created = await as('operator').post('/orders', noiseComplaint);
    const id = created.body.orderId as string;
    const self = await as('operator').post(`/orders/${id}/merge`, { primaryOrderId: id });
    expect(self.status).toBe(422);
    expect(self.body.errors).toEqual([
      { field: 'body.primaryOrderId', code: 'merge_into_itself', message: '工单不能并入自身' },
    ]);
    expect((await as('CGJ').post(`/orders/${id}/acknowledge`)).status).toBe(200);
    const past = await as('CGJ').post(`/orders/${id}/extension-request`, {
      reason: '需要现场监测',
      newDueAt: '2020-01-01T08:00:00+08:00',
    });
    expect(past.status).toBe(422);
    expect(past.body).toMatchObject({ code: 'rule_violated', errors: [{ field: 'body.newDueAt' }] });
    const level = await as('coordinator').post(`/orders/${id}/deescalate`, { level: 1, reason: '无需督办' });
    expect(level.status).toBe(422);
    expect(level.body.errors[0].field).toBe('body.level');
    // Refused actions change nothing.
    await expect.poll(() => auditTypes(h.testDb.database.db, id)).toEqual(['received', 'dispatched', 'acknowledged']);
  });

  it('answers a role that may not call a route 403 before reading its body, and never 413 to a body its schema takes (#25 item 10)', async () => {
    const csv = (token: string, body: string) =>
      request(h.app)
        .post('/admin/catalogue.csv')
        .query({ reason: '目录更新' })
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'text/csv')
        .send(body);
    const big = '中'.repeat(1_000_000);
    expect((await csv(tokens.operator!, big + big)).status).toBe(403);
    // 1,000,000 characters, the schema's most, are 3 MB of UTF-8: refused for what they say, not their size.
    const refused = await csv(await h.token('admin'), big);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('rule_violated');
  });
});
