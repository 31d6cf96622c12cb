/**
 * 智能派单 on a real server: the operator's suggestion for what the caller said, from the model in use
 * (the newest in dispatch_models, else the seed model), refusing bad input by field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { dispatchModelSource, saveDispatchModel, seedDispatchModel } from '../../db/dispatch-models';
import { auditEvents } from '../../db/schema';
import { SEED_DISPATCH_CORPUS } from '../../db/seed-data/dispatch-corpus';
import { trainDispatchModel } from '../../domain/dispatch-suggest';
import { eventually } from '../../support';
import { callers, startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
let as: ReturnType<typeof callers>;

beforeAll(async () => {
  h = await startApiHarness();
  as = callers(h, { operator: await h.token('operator'), CGJ: await h.token('department', 'CGJ') });
});
afterAll(async () => h?.close());

describe('POST /intake/suggestions', () => {
  it('suggests the category, units, urgency and limit with the words behind it, naming the model', async () => {
    const res = await as('operator').post('/intake/suggestions', {
      description: '小区里有股很浓的煤气味，楼道里都是',
      incidentAddress: '滨江路12号3栋',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      modelVersion: seedDispatchModel().version,
      abstain: false,
      emergency: [{ reason: expect.stringContaining('燃气') }],
    });
    expect(res.body.candidates[0]).toMatchObject({
      category: 'gas_leak',
      leadUnit: 'GAS',
      assistingUnits: ['ZJJ'],
      urgency: 'emergency',
    });
    expect(res.body.candidates[0].drivers.length).toBeGreaterThan(0);
  });

  it('abstains on a matter for the courts and proposes the referral', async () => {
    const res = await as('operator').post('/intake/suggestions', { description: '我要去法院起诉我的合伙人' });
    expect(res.body).toMatchObject({ abstain: true, proposal: { kind: 'referral', channel: 'litigation' } });
  });

  it('refuses bad input naming the field, and other roles', async () => {
    const missing = await as('operator').post('/intake/suggestions', { incidentAddress: '滨江路' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'body.description' })]),
    );
    const long = await as('operator').post('/intake/suggestions', { description: '吵'.repeat(4001) });
    expect(long.body.errors).toEqual([expect.objectContaining({ field: 'body.description' })]);
    const extra = await as('operator').post('/intake/suggestions', { description: '停水了', address: '滨江路' });
    expect(extra.status).toBe(400);
    expect((await as('CGJ').post('/intake/suggestions', { description: '停水了' })).status).toBe(403);
  });

  it('serves the newest model kept in the database once its version is checked again', async () => {
    const db = h.testDb.database.db;
    const source = dispatchModelSource(db, (err) => expect.fail(String(err)), 0);
    expect((await source.get()).version).toBe(seedDispatchModel().version);
    const model = trainDispatchModel([...SEED_DISPATCH_CORPUS, { label: 'water_outage', description: '水龙头干了' }]);
    const metrics = {
      top1: 1,
      top3: 1,
      noMatchAbstained: 1,
      falseAbstentions: 0,
      categoryCases: 1,
      noMatchCases: 0,
      confusions: [],
    };
    await saveDispatchModel(db, { model, metrics, examples: 1441, trainedAt: new Date() });
    const served = await eventually(
      async () => (await source.get()).version,
      (v) => v === model.version,
    );
    expect(served).toBe(model.version);
  });
});

describe('POST /intake/transcript', () => {
  it("proposes the order's fields and the suggestion from a call's transcript, and refuses a missing one", async () => {
    const res = await as('operator').post('/intake/transcript', {
      transcript: '你好。我是刘女士。楼道里一股煤气味。地址是幸福小区五栋。电话一三九幺二三四五六七八。',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      description: '楼道里一股煤气味',
      citizen: { name: '刘女士' },
      phones: ['13912345678'],
      incidentAddress: { place: { community: '幸福', building: '5' } },
      suggestion: { abstain: false, emergency: [{ reason: expect.stringContaining('燃气') }] },
    });
    expect(res.body.suggestion.candidates[0].category).toBe('gas_leak');
    const missing = await as('operator').post('/intake/transcript', {});
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'body.transcript' })]);
  });
});

describe('POST /orders with the suggestion shown', () => {
  it('records the suggestion, its model version and whether its first category was chosen in the received event', async () => {
    const shown = await as('operator').post('/intake/suggestions', { description: noiseComplaint.description });
    const suggestion = {
      modelVersion: shown.body.modelVersion,
      categories: shown.body.candidates.map((c: { category: string }) => c.category),
      abstained: shown.body.abstain,
    };
    expect(suggestion.categories[0]).toBe('noise_construction');
    const created = await as('operator').post('/orders', {
      ...noiseComplaint,
      category: 'noise_commercial',
      suggestion,
    });
    expect(created.status).toBe(201);
    const [received] = await eventually(
      () =>
        h.testDb.database.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.orderId, created.body.orderId), eq(auditEvents.type, 'received'))),
      (rows) => rows.length === 1,
    );
    expect(received!.data).toMatchObject({
      category: 'noise_commercial',
      suggestion: { ...suggestion, accepted: false },
    });
    const bad = await as('operator').post('/orders', {
      ...noiseComplaint,
      suggestion: { ...suggestion, modelVersion: 'x' },
    });
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'body.suggestion.modelVersion' })]);
  });
});
