/**
 * 抽查 through the API on real servers: a week's draw over real closed orders and intakes, reproducible
 * from its recorded seed and population; the inspector's scores on the rubric, refused off it; 问责线索
 * and 重办 with their reasons; the unit's mean inspection score in /kpis.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawInspection } from '../../db/inspection';
import { inspectionDraws } from '../../db/schema';
import { drawSample } from '../../domain/inspection';
import { eventually } from '../../support';
import { callers, startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  h = await startApiHarness();
  for (const role of ['operator', 'visitor', 'coordinator', 'inspector'] as const) tokens[role] = await h.token(role);
  tokens.CGJ = await h.token('department', 'CGJ');
});
afterAll(async () => h?.close());

const as = (who: string) => callers(h, tokens)(who);
const HOUR = 3_600_000;
/** Each order its own reply: one the unit gave before word for word would go to 质检复核 first. */
const REPLIES = ['甲', '乙', '丙', '丁'].map(
  (site) => `经核查，${site}号工地夜间施工未办理许可，执法人员已于当晚到场责令停工并立案处罚，此后夜查未再发现。`,
);

async function closedOrder(i: number): Promise<string> {
  const created = await as('operator').post('/orders', {
    ...noiseComplaint,
    citizen: { ...noiseComplaint.citizen, phone: `1390000${String(i).padStart(4, '0')}` },
  });
  const { orderId } = created.body as { orderId: string };
  await eventually(
    () => as('CGJ').post(`/orders/${orderId}/acknowledge`, {}),
    (r) => r.status === 200,
  );
  expect((await as('CGJ').post(`/orders/${orderId}/complete`, { reply: REPLIES[i] })).status).toBe(200);
  const closed = await as('visitor').post(`/orders/${orderId}/visit`, {
    satisfaction: 'satisfied',
    resolution: 'resolved',
  });
  expect(closed.body.state).toBe('closed');
  return orderId;
}

describe('random inspection (抽查)', () => {
  it('draws each unit’s closed orders and each operator’s intakes, reproducibly, for the inspector to score', async () => {
    const closed = [];
    for (let i = 0; i < 4; i++) closed.push(await closedOrder(i));
    const now = Date.now();
    const draw = await eventually(
      () =>
        drawInspection(h.testDb.database.db, {
          week: `test-${now}`,
          from: now - HOUR,
          to: now + HOUR,
          seed: 'seed-for-test',
          sizes: { order: 3, intake: 2 },
          policyVersion: 1,
          drawnAt: now,
        }),
      (d) => d.items === 5,
    ).catch(() => null);
    expect(draw).not.toBeNull();
    const [recorded] = await h.testDb.database.db
      .select()
      .from(inspectionDraws)
      .where(eq(inspectionDraws.id, draw!.drawId));
    expect([...recorded!.population.order.CGJ!].sort()).toEqual([...closed].sort());
    expect(Object.values(recorded!.population.intake).flat()).toHaveLength(4);

    const queue = await as('inspector').get('/inspections');
    expect(queue.status).toBe(200);
    const items = queue.body.items as { id: number; kind: string; orderId: string; subject: string; reply: string }[];
    const orderItems = items.filter((i) => i.kind === 'order');
    // Drawn again from the recorded seed and population: the same three orders.
    expect(orderItems.map((i) => i.orderId).sort()).toEqual(
      drawSample(`${recorded!.seed}/order`, recorded!.population.order, 3).CGJ!.sort(),
    );
    expect(orderItems[0]).toMatchObject({ subject: 'CGJ' });
    expect(REPLIES).toContain(orderItems[0]!.reply);
    expect(items.filter((i) => i.kind === 'intake')).toHaveLength(2);

    const [first, second, third] = orderItems;
    const scores = { timeliness: 5, substance: 2, attitude: 4, solved: 1 };
    const offRubric = await as('inspector').post(`/inspections/${first!.id}`, { scores: { ...scores, solved: 7 } });
    expect(offRubric.status).toBe(422);
    expect(offRubric.body.errors[0]).toMatchObject({ field: 'body.scores' });
    expect((await as('coordinator').post(`/inspections/${first!.id}`, { scores })).status).toBe(403);
    const noReason = await as('inspector').post(`/inspections/${first!.id}`, { scores, action: 'case' });
    expect(noReason.body.errors[0]).toMatchObject({ field: 'body.reason', message: '开具问责线索须填写理由' });

    const cased = await as('inspector').post(`/inspections/${first!.id}`, {
      scores,
      comment: '答复称已处罚，实地回访仍在夜间施工',
      action: 'case',
      reason: '答复与实际不符，涉嫌虚假办结',
    });
    expect(cased.body).toMatchObject({ status: 'scored', mean: 3, action: 'case' });
    expect((await as('inspector').post(`/inspections/${first!.id}`, { scores })).status).toBe(409);
    const cases = await as('coordinator').get('/supervision-cases');
    expect(cases.body.items).toContainEqual(
      expect.objectContaining({ unit: 'CGJ', orderId: first!.orderId, reason: '答复与实际不符，涉嫌虚假办结' }),
    );

    const reopened = await as('inspector').post(`/inspections/${second!.id}`, {
      scores: { timeliness: 4, substance: 3, attitude: 4, solved: 1 },
      action: 'reopen',
      reason: '暗访得知问题未解决',
    });
    expect(reopened.status).toBe(200);
    const followUp = reopened.body.followUpOrderId as string;
    expect(followUp).toMatch(/^WO/);
    const order = await eventually(
      () => as('coordinator').get(`/orders/${followUp}`),
      (r) => r.status === 200,
    );
    expect(order.body).toMatchObject({ leadUnit: 'CGJ', state: 'dispatched' });
    expect(order.body.description).toContain(`原工单${second!.orderId}`);

    await as('inspector').post(`/inspections/${third!.id}`, {
      scores: { timeliness: 5, substance: 5, attitude: 5, solved: 5 },
    });
    const period = `from=${encodeURIComponent(new Date(now - HOUR).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + HOUR).toISOString())}`;
    const kpis = await as('coordinator').get(`/kpis?groupBy=unit&${period}`);
    // (3 + 3 + 5) ÷ 3
    expect(kpis.body.inspection).toEqual([{ unit: 'CGJ', inspected: 3, meanScore: 11 / 3 }]);
  }, 120_000);
});
