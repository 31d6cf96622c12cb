/**
 * The intake desk's API on real servers: a contact number that cannot be called back refused beside its
 * field, suggestions that abstain and take long text in the body, and a repeat from another phone found
 * from the address of the matter alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../db/seed-data';
import { eventually } from '../../support';
import { callers, startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
let as: ReturnType<typeof callers>;

beforeAll(async () => {
  h = await startApiHarness();
  as = callers(h, { operator: await h.token('operator'), admin: await h.token('admin') });
});
afterAll(async () => h?.close());

const withPhone = (phone: string) => ({ ...noiseComplaint, citizen: { ...noiseComplaint.citizen, phone } });

describe('intake refuses a contact number no one can call back', () => {
  it.each(['12345', '1380013800', '62345678'])(
    '%s: 422 naming body.citizen.phone, in Chinese, with a code',
    async (phone) => {
      for (const path of ['/orders', '/intake/preview']) {
        const res = await as('operator').post(path, withPhone(phone));
        expect(res.status).toBe(422);
        expect(res.body.errors).toEqual([
          {
            field: 'body.citizen.phone',
            code: 'phone_not_diallable',
            message: expect.stringMatching(/\p{Script=Han}/u),
          },
        ]);
      }
    },
  );

  it('takes a mobile with +86 or 0086 and a landline with its area code', async () => {
    for (const phone of ['+86 138 0013 8001', '0086-13800138002', '0571-87654321']) {
      expect((await as('operator').post('/intake/preview', withPhone(phone))).status).toBe(200);
    }
  });

  it('an unknown category is refused with a code and a Chinese message beside the field', async () => {
    const res = await as('operator').post('/intake/preview', { ...noiseComplaint, category: 'no_such_thing' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { field: 'body.category', code: 'unknown_category', message: '派单分类不在目录中，请从目录中选择' },
    ]);
  });
});

describe('knowledge-base suggestions', () => {
  it('answer a consultation, abstain on a complaint, and take 4,000 characters in the body', async () => {
    const lost = await as('operator').post('/kb/suggestions', { text: '社保卡丢了怎么补办？' });
    expect(lost.status).toBe(200);
    expect(lost.body.hits[0].code).toBe('KB0001');
    const noise = await as('operator').post('/kb/suggestions', { text: noiseComplaint.description });
    expect(noise.body).toEqual({ hits: [] });
    // Read by the dispatch model in use: a power cut is its article's own category, a restaurant's fumes are not
    // the business-licence article's.
    const powerCut = await as('operator').post('/kb/suggestions', { text: '我们这一片突然黑了，全停电了' });
    expect(powerCut.body.hits.map((h: { code: string }) => h.code)).toEqual(['KB0025']);
    const fumes = await as('operator').post('/kb/suggestions', { text: '楼下饭馆油烟太大，窗户都不敢开' });
    expect(fumes.body).toEqual({ hits: [] });
    const long = await as('operator').post('/kb/suggestions', { text: '社保卡丢了'.repeat(800) });
    expect(long.status).toBe(200);
    expect((await as('operator').post('/kb/suggestions', { text: '社'.repeat(4001) })).status).toBe(400);
  });
});

describe('a repeat from another phone, found from the address of the matter', () => {
  it('is held back from dispatch and names the open order; each order keeps its own 事发地址', async () => {
    // The harness holds nothing back (its suites repeat one caller); the default policy does.
    expect((await as('admin').post('/admin/policy', { ...DEFAULT_POLICY, reason: '恢复暂缓派单' })).status).toBe(200);
    const first = await as('operator').post('/orders', {
      ...withPhone('13600001111'),
      incidentAddress: '临江区滨江路12号3栋',
    });
    expect(first.status).toBe(201);
    const firstId = first.body.orderId as string;
    await eventually(
      () => as('operator').post('/intake/preview', { ...withPhone('13600002222'), incidentAddress: '滨江路12号' }),
      (r) => r.body.repeatCandidates?.some((c: { orderId: string }) => c.orderId === firstId),
    );
    const second = await as('operator').post('/orders', { ...withPhone('13600002222'), incidentAddress: '滨江路12号' });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ state: 'received', leadUnit: null, incidentAddress: '滨江路12号' });
    expect(second.body.dispatchHeld).toMatchObject({ leadUnit: 'CGJ' });
    expect(second.body.repeatCandidates[0]).toMatchObject({ orderId: firstId, confidence: 0.9 });
    const stored = await as('operator').get(`/orders/${firstId}`);
    expect(stored.body).toMatchObject({
      incidentAddress: '临江区滨江路12号3栋',
      citizen: { address: noiseComplaint.citizen.address },
    });

    const elsewhere = await as('operator').post('/intake/preview', {
      ...withPhone('13600003333'),
      incidentAddress: '建设路8号',
    });
    expect(elsewhere.body.repeatCandidates.map((c: { orderId: string }) => c.orderId)).not.toContain(firstId);
  });
});
