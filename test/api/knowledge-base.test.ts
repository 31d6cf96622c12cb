/** An operator reads a knowledge-base article, with its validity dates, before answering a citizen with it. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kbArticles } from '../../db/schema';
import { startApiHarness, type ApiHarness } from '../helpers/api';

let h: ApiHarness;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  h = await startApiHarness();
  tokens.operator = await h.token('operator');
  tokens.CGJ = await h.token('department', 'CGJ');
  await h.testDb.database.db.insert(kbArticles).values({
    code: 'KB_LATER',
    title: '明年起施行的新规',
    body: '新规正文',
    category: 'social_security',
    keywords: ['新规'],
    validFrom: '2099-01-01',
    validTo: null,
  });
});
afterAll(async () => h?.close());

const read = (code: string, token = tokens.operator) =>
  request(h.app).get(`/kb/articles/${code}`).set('Authorization', `Bearer ${token}`);

describe('GET /kb/articles/{code}', () => {
  it('gives the operator the whole article, its validity dates and whether it is in force today', async () => {
    const res = await read('KB0001');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 'KB0001', inForce: true, validTo: null });
    expect(res.body.title).toEqual(expect.any(String));
    expect(res.body.body.length).toBeGreaterThan(20);
    expect(res.body.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await read('KB_LATER')).body).toMatchObject({ validFrom: '2099-01-01', inForce: false });
  });

  it('answers 404 for an unknown article and 403 for a department', async () => {
    expect((await read('KB_NOSUCH')).status).toBe(404);
    expect((await read('KB0001', tokens.CGJ)).status).toBe(403);
  });
});
