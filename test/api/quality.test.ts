/**
 * 质检 through the API on real servers: the unit's 办结 answers with the findings in Chinese, a reply the
 * unit already gave on another order is found by its fingerprint, the reviewer's queue and decisions, and
 * the unit's raw quality-flag rate in /kpis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../support';
import { callers, startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  h = await startApiHarness();
  for (const role of ['operator', 'reviewer', 'visitor', 'coordinator'] as const) tokens[role] = await h.token(role);
  tokens.CGJ = await h.token('department', 'CGJ');
});
afterAll(async () => h?.close());

const as = (who: string) => callers(h, tokens)(who);
const COPIED =
  '经核查，该工地未办理夜间施工许可，执法人员已于当晚到场责令停止夜间打桩并立案处罚，此后夜查未再发现夜间施工。';

async function acknowledgedOrder(): Promise<string> {
  const created = await as('operator').post('/orders', noiseComplaint);
  expect(created.status).toBe(201);
  const { orderId } = created.body as { orderId: string };
  await eventually(
    () => as('CGJ').post(`/orders/${orderId}/acknowledge`, {}),
    (r) => r.status === 200,
  );
  return orderId;
}

describe('reply quality (质检)', () => {
  it('answers 办结 with each finding in Chinese, and a copy of the unit’s earlier reply goes to review', async () => {
    const first = await acknowledgedOrder();
    const done = await as('CGJ').post(`/orders/${first}/complete`, { reply: COPIED });
    expect(done.status).toBe(200);
    expect(done.body.quality).toEqual({ findings: [], review: null });

    const short = await acknowledgedOrder();
    const warned = await as('CGJ').post(`/orders/${short}/complete`, { reply: '已责令工地停工。' });
    expect(warned.body).toMatchObject({
      state: 'completed',
      quality: {
        review: null,
        findings: [{ code: 'too_short', action: 'warn', message: '答复过短，未说明办理经过和结果' }],
      },
    });

    const second = await acknowledgedOrder();
    const copied = await as('CGJ').post(`/orders/${second}/complete`, { reply: COPIED });
    expect(copied.body.quality).toEqual({
      review: 'pending',
      findings: [{ code: 'identical', action: 'review', message: '答复与本单位近期其他工单的答复完全相同' }],
    });
    const refused = await as('visitor').post(`/orders/${second}/visit`, {
      satisfaction: 'satisfied',
      resolution: 'resolved',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.errors?.[0]?.message ?? refused.body.detail).toContain('质检复核');

    const queue = await eventually(
      () => as('reviewer').get('/quality-reviews'),
      (r) => r.body.items?.some((i: { orderId: string }) => i.orderId === second),
    );
    expect(queue.body.items.find((i: { orderId: string }) => i.orderId === second)).toMatchObject({
      unit: 'CGJ',
      status: 'pending',
      findings: [{ code: 'identical', message: '答复与本单位近期其他工单的答复完全相同' }],
    });
    expect((await as('CGJ').post(`/orders/${second}/quality/clear`, { reason: '属实' })).status).toBe(403);
    const noReason = await as('reviewer').post(`/orders/${second}/quality/return`, {});
    expect(noReason.status).toBe(400);

    const returned = await as('reviewer').post(`/orders/${second}/quality/return`, { reason: '答复雷同，请据实答复' });
    expect(returned.body).toMatchObject({ state: 'reopened', quality: { review: 'returned' } });
    const decided = await eventually(
      () => as('reviewer').get('/quality-reviews?status=returned'),
      (r) => r.body.items?.some((i: { orderId: string }) => i.orderId === second),
    );
    expect(decided.body.items.find((i: { orderId: string }) => i.orderId === second)).toMatchObject({
      reason: '答复雷同，请据实答复',
      reviewerId: expect.any(String),
    });

    // The unit's raw quality-flag rate: two of its three completions had a finding.
    const hour = 3_600_000;
    const period = `from=${encodeURIComponent(new Date(Date.now() - hour).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + hour).toISOString())}`;
    const kpis = await as('coordinator').get(`/kpis?groupBy=unit&${period}`);
    expect(kpis.status).toBe(200);
    const cgj = kpis.body.rows.find((r: { group: string }) => r.group === 'CGJ');
    expect(cgj.raw.counts).toMatchObject({ completions: 3, qualityFlaggedCompletions: 2 });
    expect(cgj.raw.qualityFlagRate).toBeCloseTo(2 / 3);
  });
});
