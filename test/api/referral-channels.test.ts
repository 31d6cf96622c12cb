/**
 * Referral channels (转办渠道) are reference data an admin manages: the refer action takes the channel
 * and its standard reply from them, versioned like the other sets; a retired channel is refused for new
 * referrals and still named on the orders referred through it.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callers, startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
const tokens: Record<string, string> = {};
const as = (who: string) => callers(h, tokens)(who);
const put = (who: string, path: string, body: object) =>
  request(h.app).put(path).set('Authorization', `Bearer ${tokens[who]}`).send(body);

beforeAll(async () => {
  h = await startApiHarness();
  tokens.admin = await h.token('admin');
  tokens.operator = await h.token('operator');
  tokens.CGJ = await h.token('department', 'CGJ');
});
afterAll(async () => h?.close());

interface Channel {
  code: string;
  name: string;
  reply: string;
  retiredAt: string | null;
}
const listChannels = async () =>
  (await as('operator').get('/admin/referral-channels')).body as { version: number; channels: Channel[] };
const channel = async (code: string) => (await listChannels()).channels.find((c) => c.code === code);

/** A request outside the hotline's remit: a demand to re-run the national college entrance exam (高考). */
async function gaokaoRequest(): Promise<string> {
  const res = await as('operator').post('/orders', {
    ...noiseComplaint,
    orderType: 'complaint',
    description: '要求重新组织今年的全国高考数学科目考试',
  });
  expect(res.status).toBe(201);
  return res.body.orderId as string;
}
const refer = (orderId: string, body: object) => as('operator').post(`/orders/${orderId}/refer`, body);

describe('referral channels as reference data', () => {
  it('are seeded with the standard channels, and "other" points to the competent authority', async () => {
    const { version, channels } = await listChannels();
    expect(version).toBeGreaterThanOrEqual(1);
    expect(channels.map((c) => c.code)).toEqual([
      'arbitration',
      'litigation',
      'market',
      'other',
      'petition',
      'police_110',
    ]);
    expect(channels.every((c) => c.retiredAt === null && c.name.length > 0 && c.reply.length > 0)).toBe(true);
    const other = channels.find((c) => c.code === 'other')!;
    expect(other.reply).not.toMatch(/社会|市场/);
    expect(other.reply).toContain('主管部门');
    const history = await as('admin').get('/admin/versions/referrals');
    expect(history.body.versions.at(-1)).toMatchObject({ version: 1, publishedBy: 'seed', note: 'demo city' });
  });

  it('refer takes the channel’s standard reply when none is given, and a given reply as it is', async () => {
    const id = await gaokaoRequest();
    const res = await refer(id, { channel: 'other' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      state: 'closed',
      closureCode: 'referred',
      closure: { referredTo: 'other' },
      reply: (await channel('other'))!.reply,
    });
    const own = await refer(await gaokaoRequest(), { channel: 'other', reply: '请联系省教育考试院咨询高考相关事项。' });
    expect(own.body.reply).toBe('请联系省教育考试院咨询高考相关事项。');
  });

  it('refuses an unknown or malformed channel naming body.channel, and the order stays open', async () => {
    const id = await gaokaoRequest();
    const unknown = await refer(id, { channel: 'education' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      { field: 'body.channel', code: 'unknown_referral_channel', message: '转办渠道不存在，请从列表中选择' },
    ]);
    const malformed = await refer(id, { channel: 'Not A Code' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('body.channel');
    expect((await as('operator').get(`/orders/${id}`)).body).toMatchObject({ closureCode: null, closure: null });
  });

  it('an admin adds and rewords a channel: each change is a version, and the next referral uses it', async () => {
    const before = (await listChannels()).version;
    const created = await put('admin', '/admin/referral-channels/education_exam', {
      name: '教育考试机构',
      reply: '高考等国家教育考试事项由教育考试机构负责，请联系省教育考试院。',
      reason: '新增渠道',
    });
    expect(created.status).toBe(200);
    expect(created.body.version).toBe(before + 1);
    const first = await refer(await gaokaoRequest(), { channel: 'education_exam' });
    expect(first.body.reply).toBe('高考等国家教育考试事项由教育考试机构负责，请联系省教育考试院。');

    const reworded = await put('admin', '/admin/referral-channels/education_exam', {
      name: '教育考试机构',
      reply: '请联系江滨省教育考试院。',
      reason: '答复改写',
    });
    expect(reworded.body.version).toBe(before + 2);
    expect((await refer(await gaokaoRequest(), { channel: 'education_exam' })).body.reply).toBe(
      '请联系江滨省教育考试院。',
    );
    // The order referred before keeps the reply it was given.
    expect((await as('operator').get(`/orders/${first.body.orderId}`)).body.reply).toContain('教育考试机构负责');
    const history = await as('admin').get('/admin/versions/referrals');
    expect(history.body.versions[0]).toMatchObject({ version: before + 2, note: 'referral channel education_exam' });
  });

  it('a retired channel is refused for new referrals and still named on orders referred through it', async () => {
    await put('admin', '/admin/referral-channels/consumer_dispute', {
      name: '消费者协会',
      reply: '请向消费者协会投诉。',
      reason: '恢复渠道',
    });
    const created = await as('operator').post('/orders', noiseComplaint);
    const { orderId, verificationCode } = created.body as { orderId: string; verificationCode: string };
    expect((await refer(orderId, { channel: 'consumer_dispute' })).status).toBe(200);

    const retired = await as('admin').post('/admin/referral-channels/consumer_dispute/retire', { reason: '渠道撤销' });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ channel: 'consumer_dispute', retired: true });
    expect((await channel('consumer_dispute'))!.retiredAt).not.toBeNull();
    const refused = await refer(await gaokaoRequest(), { channel: 'consumer_dispute' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toEqual({
      field: 'body.channel',
      code: 'referral_channel_retired',
      message: '该转办渠道已停用，请选择其他渠道',
    });
    const page = await request(h.app).get(`/public/orders/${orderId}?code=${verificationCode}`);
    expect(page.body.referral).toEqual({ channel: '消费者协会', advice: '请向消费者协会投诉。' });

    // Saving it again puts it back in use.
    await put('admin', '/admin/referral-channels/consumer_dispute', {
      name: '消费者协会',
      reply: '请向消费者协会投诉。',
      reason: '恢复渠道',
    });
    expect((await channel('consumer_dispute'))!.retiredAt).toBeNull();
    expect((await refer(await gaokaoRequest(), { channel: 'consumer_dispute' })).status).toBe(200);
  });

  it('bounds the free text, names the field, and lets only an admin change channels', async () => {
    const before = (await listChannels()).version;
    const why = { reason: '渠道调整' };
    const long = await put('admin', '/admin/referral-channels/other', {
      name: '机'.repeat(51),
      reply: '请咨询。',
      ...why,
    });
    expect(long.status).toBe(400);
    expect(long.body.errors[0].field).toBe('body.name');
    const reply = await put('admin', '/admin/referral-channels/other', {
      name: '主管部门',
      reply: '请'.repeat(2001),
      ...why,
    });
    expect(reply.body.errors[0].field).toBe('body.reply');
    const blank = await put('admin', '/admin/referral-channels/other', { name: '  ', reply: '请咨询。', ...why });
    expect(blank.body.errors[0].field).toBe('body.name');
    expect(
      (await put('CGJ', '/admin/referral-channels/other', { name: '主管部门', reply: '请咨询。', ...why })).status,
    ).toBe(403);
    expect((await as('admin').post('/admin/referral-channels/no_such/retire', why)).status).toBe(404);
    expect((await listChannels()).version).toBe(before);
  });
});
