/**
 * Governance through the API on real servers: knowledge-base answers and gaps, repeat contacts (并单)
 * proposed, merged by hand and by policy, and the fairness layer's review queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../db/seed-data';
import { eventually } from '../../support';
import { callers, startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  h = await startApiHarness();
  for (const role of ['operator', 'coordinator', 'visitor', 'admin', 'reviewer'] as const)
    tokens[role] = await h.token(role);
  tokens.CGJ = await h.token('department', 'CGJ');
  tokens.WATER = await h.token('department', 'WATER');
});
afterAll(async () => h?.close());

const as = (who: string) => callers(h, tokens)(who);

const complaint = (phone: string, extra: object = {}) => ({
  ...noiseComplaint,
  citizen: { ...noiseComplaint.citizen, phone },
  location: { lat: 30.2741, lng: 120.1551 },
  ...extra,
});

async function publish(overrides: object) {
  const res = await as('admin').post('/admin/policy', { ...DEFAULT_POLICY, ...overrides, reason: '并单规则调整' });
  expect(res.status).toBe(200);
}

describe('knowledge base', () => {
  it('finds the article for a citizen’s phrasing, and a gap goes to the responsible unit only', async () => {
    const res = await as('operator').get(`/kb/search?q=${encodeURIComponent('我社保卡丢了咋办')}`);
    expect(res.status).toBe(200);
    expect(res.body.hits[0].code).toBe('KB0001');
    const gap = await as('operator').post('/kb/gaps', {
      question: '新出台的电动自行车以旧换新补贴怎么领',
      unit: 'CGJ',
    });
    expect(gap.status).toBe(201);
    expect((await as('CGJ').get('/kb/gaps')).body.items.map((g: { id: number }) => g.id)).toContain(gap.body.id);
    expect((await as('WATER').get('/kb/gaps')).body.items.map((g: { id: number }) => g.id)).not.toContain(gap.body.id);
  });
});

describe('repeat contacts (并单)', () => {
  // The demo city's policy: likely repeats are held back from dispatch (the harness turns that off).
  beforeAll(() => publish({}));
  it('proposes the open order at intake, and the operator links the contact to it', async () => {
    const first = await as('operator').post('/orders', complaint('13900000001'));
    await eventually(
      () => as('operator').get(`/orders/${first.body.orderId}/repeat-candidates`),
      (r) => r.status === 200,
    );
    const neighbour = await as('operator').post(
      '/orders',
      complaint('13900000002', { location: { lat: 30.2745, lng: 120.1551 } }),
    );
    expect(neighbour.status).toBe(201);
    const proposed = neighbour.body.repeatCandidates.find((c: { orderId: string }) => c.orderId === first.body.orderId);
    expect(proposed).toMatchObject({ reasons: ['same category', '44 m apart'] });
    // Likely a repeat: held back from dispatch, so no unit receives a duplicate before the operator decides.
    expect(neighbour.body.state).toBe('received');
    expect(neighbour.body.dispatchHeld).toMatchObject({ leadUnit: 'CGJ' });

    const merged = await as('operator').post(`/orders/${neighbour.body.orderId}/merge`, {
      primaryOrderId: first.body.orderId,
    });
    expect(merged.body).toMatchObject({
      state: 'closed',
      closureCode: 'merged',
      closure: { mergedInto: first.body.orderId },
    });
    const trail = await eventually(
      () => as('coordinator').get(`/orders/${neighbour.body.orderId}/audit`),
      (r) => r.body.events?.at(-1)?.type === 'closed',
    );
    expect(trail.body.events.map((e: { type: string }) => e.type)).toEqual(['received', 'closed']);

    const primary = await eventually(
      () => as('coordinator').get(`/orders/${first.body.orderId}`),
      (r) => r.body.contacts?.length === 1,
    );
    expect(primary.body.contacts[0].orderId).toBe(neighbour.body.orderId);

    // Each linked contact gets its own return-visit answer, recorded on the primary.
    const id = first.body.orderId;
    await as('CGJ').post(`/orders/${id}/acknowledge`);
    await as('CGJ').post(`/orders/${id}/complete`, { reply: '已责令停工整改' });
    const unknown = await as('visitor').post(`/orders/${id}/visit`, {
      satisfaction: 'satisfied',
      resolution: 'resolved',
      contactOrderId: 'WO0000000000000X',
    });
    expect(unknown.status).toBe(422);
    const contactVisit = await as('visitor').post(`/orders/${id}/visit`, {
      satisfaction: 'basically_satisfied',
      resolution: 'partly',
      contactOrderId: neighbour.body.orderId,
    });
    expect(contactVisit.body).toMatchObject({
      state: 'completed',
      contacts: [{ visit: { satisfaction: 'basically_satisfied' } }],
    });
    const own = await as('visitor').post(`/orders/${id}/visit`, { satisfaction: 'satisfied', resolution: 'resolved' });
    expect(own.body).toMatchObject({ state: 'closed', closureCode: 'resolved' });
  });

  it('a held contact that is not a repeat after all is dispatched as proposed', async () => {
    const first = await as('operator').post('/orders', complaint('13900000011'));
    await eventually(
      () => as('operator').get(`/orders/${first.body.orderId}/repeat-candidates`),
      (r) => r.status === 200,
    );
    const held = await as('operator').post('/orders', complaint('13900000011'));
    expect(held.body).toMatchObject({ state: 'received', dispatchHeld: { leadUnit: 'CGJ' } });
    const dispatched = await as('operator').post(`/orders/${held.body.orderId}/dispatch`);
    expect(dispatched.body).toMatchObject({ state: 'dispatched', leadUnit: 'CGJ' });
  });

  it('links a near-certain repeat by itself when policy allows, raising urgency at the third contact', async () => {
    await publish({
      repeat: { windowHours: 72, distanceMeters: 300, autoMergeConfidence: 0.95 },
      contactsToRaiseUrgency: 3,
    });
    const first = await as('operator').post('/orders', complaint('13900000003', { urgency: 'normal' }));
    await eventually(
      () => as('operator').get(`/orders/${first.body.orderId}/repeat-candidates`),
      (r) => r.status === 200,
    );
    for (const expected of [2, 3]) {
      const again = await as('operator').post('/orders', complaint('13900000003'));
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ closureCode: 'merged', closure: { mergedInto: first.body.orderId } });
      const primary = await eventually(
        () => as('coordinator').get(`/orders/${first.body.orderId}`),
        (r) => r.body.contacts?.length === expected - 1,
      );
      expect(primary.body.urgency).toBe(expected === 3 ? 'urgent' : 'normal');
    }
    await publish({});
  });
});

describe('fairness', () => {
  it('flags a requester over the threshold for coordinators and sends their on-time dissatisfied rating to review', async () => {
    await publish({ fairness: { windowDays: 30, maxContacts: 50, maxDissatisfied: 1 } });
    const rated: string[] = [];
    for (const phone of ['13900000009', '13900000009']) {
      const { body } = await as('operator').post('/orders', complaint(phone, { category: 'restaurant_fumes' }));
      // The second contact looks like a repeat of the first and is held: the operator dispatches it anyway.
      if (body.dispatchHeld) await as('operator').post(`/orders/${body.orderId}/dispatch`);
      const lead = (body.dispatchHeld?.leadUnit ?? body.leadUnit) as string;
      tokens[lead] ??= await h.token('department', lead);
      await as(lead).post(`/orders/${body.orderId}/acknowledge`);
      // A reply of substance, its own for each order (a copied or template-only reply goes to 质检复核 first).
      const reply = `经现场核查，夜间施工噪音扰民属实，已责令施工方停止晚上十一点后的打桩作业（工单 ${body.orderId}）。`;
      await as(lead).post(`/orders/${body.orderId}/complete`, { reply });
      const visit = await as('visitor').post(`/orders/${body.orderId}/visit`, {
        satisfaction: 'dissatisfied',
        resolution: 'partly',
      });
      expect(visit.body.closureCode).toBe('partly_resolved');
      rated.push(body.orderId);
    }
    // The first rating was within the threshold; the second made the requester flagged.
    const queue = await eventually(
      () => as('reviewer').get('/reviews'),
      (r) => r.body.items?.some((i: { orderId: string }) => i.orderId === rated[1]),
    );
    expect(queue.body.items.some((i: { orderId: string }) => i.orderId === rated[0])).toBe(false);
    const review = queue.body.items.find((i: { orderId: string }) => i.orderId === rated[1]);
    expect(review).toMatchObject({ status: 'pending', unit: expect.any(String) });

    const seen = await as('coordinator').get(`/orders/${rated[1]}`);
    expect(seen.body.requesterFlag).toMatchObject({ flagged: true, dissatisfied: 2 });
    const dept = await as('CGJ').get(`/orders/${rated[1]}`);
    expect(dept.status).toBe(200);
    expect(dept.body.requesterFlag).toBeUndefined();

    const decided = await as('reviewer').post(`/reviews/${review.id}`, {
      outcome: 'not_attributable',
      reason: '已按时办结，诉求超出政策范围',
    });
    expect(decided.body).toMatchObject({ status: 'not_attributable', reviewerId: expect.any(String) });
    expect((await as('reviewer').post(`/reviews/${review.id}`, { outcome: 'upheld', reason: 'x' })).status).toBe(409);
    expect((await as('reviewer').post('/reviews/999999', { outcome: 'upheld', reason: 'x' })).status).toBe(404);
    // The KPIs show the rating raw, and without it once reviewed as not attributable.
    const period = `from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`;
    const kpis = await as('coordinator').get(`/kpis?groupBy=category&${period}`);
    expect(kpis.status).toBe(200);
    const fumes = kpis.body.rows.find((r: { group: string }) => r.group === 'restaurant_fumes');
    expect(fumes.raw.counts).toMatchObject({ ratedVisits: 2, dissatisfied: 2, completions: 2 });
    expect(fumes.adjusted.counts).toMatchObject({ ratedVisits: 1, ratingsNotAttributable: 1 });
    expect(fumes.raw.satisfactionRate).toBe(0);
    // The orders behind the unit's satisfaction rate: the reviewed rating raw, not adjusted (#23).
    const unit = (await as('coordinator').get(`/kpis?groupBy=unit&${period}`)).body.rows.find(
      (r: { group: string }) => r.group === review.unit,
    );
    for (const basis of ['raw', 'adjusted'] as const) {
      const behind = await as('coordinator').get(
        `/kpis/outcomes?${period}&unit=${review.unit}&rate=satisfactionRate&part=denominator&basis=${basis}`,
      );
      expect(behind.body.total).toBe(unit[basis].counts.ratedVisits);
      const ids = behind.body.items.map((o: { orderId: string }) => o.orderId);
      expect(ids).toContain(rated[0]);
      expect(ids.includes(rated[1])).toBe(basis === 'raw');
    }
    const csv = await as('coordinator').get(`/kpis.csv?groupBy=category&${period}`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\n')[0]).toMatch(/^group,basis,orders,onTimeResponseRate/);
    expect(csv.text).toContain('restaurant_fumes,adjusted,');
    await publish({});
  });
});
