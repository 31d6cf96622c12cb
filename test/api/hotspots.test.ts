/**
 * 热点 and 每月一题 through the API on real servers: an order filed through intake, its earlier months and
 * this week's calls added to the read model as history; the week's hotspot judged by the rule, the place
 * complained about in four months listed with its orders and taken on as a topic (专项治理), refusals in
 * Chinese naming the field.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '../../db/schema';
import { chinaDay } from '../../domain/calendar';
import { chinaWeekStart } from '../../domain/hotspots';
import { eventually } from '../../support';
import { callers, startApiHarness, type ApiHarness } from '../helpers/api';
import { orderCopies } from '../helpers/history';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  h = await startApiHarness();
  for (const role of ['operator', 'coordinator', 'manager'] as const) tokens[role] = await h.token(role);
});
afterAll(async () => h?.close());

const as = (who: string) => callers(h, tokens)(who);
const DAY = 86_400_000;
const ADDRESS = '临江区滨江路12号';

describe('hotspots and structural problems', () => {
  it('judges the week, lists the place complained of month after month, and takes it on as a topic', async () => {
    const created = await as('operator').post('/orders', { ...noiseComplaint, incidentAddress: ADDRESS });
    expect(created.status).toBe(201);
    const { orderId } = created.body as { orderId: string };
    await eventually(
      () => h.testDb.database.db.select().from(orders).where(eq(orders.orderId, orderId)),
      (rows) => rows.length === 1,
    );
    const now = Date.now();
    const week = chinaWeekStart(now);
    // One call a week for the four weeks before, seven this week; and the same place in three earlier months.
    await orderCopies(h.testDb.database.db, orderId, 1, [
      ...[1, 2, 3, 4].map((w) => week - w * 7 * DAY + DAY),
      ...Array.from({ length: 6 }, () => Math.max(week, now - 60_000)),
    ]);
    const earlier = await orderCopies(h.testDb.database.db, orderId, 2, [
      now - 40 * DAY,
      now - 75 * DAY,
      now - 110 * DAY,
    ]);

    const from = new Date(week).toISOString();
    const to = new Date(week + 7 * DAY).toISOString();
    const hot = await as('manager').get(`/hotspots?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(hot.status).toBe(200);
    expect(hot.body.rule).toContain('泊松');
    const row = hot.body.rows.find((r: { week: string }) => r.week === chinaDay(week));
    expect(row).toMatchObject({ categoryName: '噪音扰民-施工噪音', district: '临江区', count: 7, significant: true });

    const found = await as('coordinator').get('/structural-problems');
    expect(found.status).toBe(200);
    const candidate = found.body.items.find((c: { address: string }) => c.address.includes('滨江路12号'));
    expect(candidate).toMatchObject({ category: 'noise_construction', topicId: null });
    expect(candidate.months.length).toBeGreaterThanOrEqual(3);
    expect(candidate.orders.map((o: { orderId: string }) => o.orderId)).toEqual(expect.arrayContaining(earlier));

    const topic = {
      category: 'noise_construction',
      address: candidate.address,
      ownerUnit: 'CGJ',
      targetDate: chinaDay(now + 90 * DAY),
      reason: '同一工地连续数月夜间施工被投诉',
    };
    const badUnit = await as('coordinator').post('/topics', { ...topic, ownerUnit: 'NOPE' });
    expect(badUnit.status).toBe(422);
    expect(badUnit.body.errors).toEqual([{ field: 'body.ownerUnit', message: '责任单位：没有代码为 NOPE 的单位' }]);
    const past = await as('coordinator').post('/topics', { ...topic, targetDate: chinaDay(now - DAY) });
    expect(past.body.errors).toEqual([{ field: 'body.targetDate', message: '目标完成日期：须晚于今天' }]);
    const elsewhere = await as('coordinator').post('/topics', { ...topic, address: '幸福小区9栋' });
    expect(elsewhere.body.errors[0].field).toBe('body.address');
    expect((await as('manager').post('/topics', topic)).status).toBe(403);

    const taken = await as('coordinator').post('/topics', topic);
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({ ownerUnit: 'CGJ', district: '临江区', targetDate: topic.targetDate });
    expect(taken.body.orderIds).toEqual(expect.arrayContaining([orderId, ...earlier]));
    expect((await as('coordinator').post('/topics', topic)).status).toBe(409);

    const listed = await as('manager').get('/topics');
    expect(listed.body.items).toEqual([expect.objectContaining({ id: taken.body.id, reason: topic.reason })]);
    const after = await as('coordinator').get('/structural-problems');
    expect(after.body.items.find((c: { address: string }) => c.address === topic.address).topicId).toBe(taken.body.id);
  });
});
