/**
 * 热点 and 每月一题 through the API on real servers: an order filed through intake, its earlier months and
 * this week's calls added to the read model as history; the week's hotspot judged by the rule, the place
 * complained about in four months listed with its orders and taken on as a topic (专项治理), refusals in
 * Chinese naming the field.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../db/seed-data';
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
  for (const role of ['operator', 'coordinator', 'manager', 'admin'] as const) tokens[role] = await h.token(role);
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

    const hot = await as('manager').get(`/hotspots?week=${chinaDay(week)}`);
    expect(hot.status).toBe(200);
    expect(hot.body).toMatchObject({ from: chinaDay(week), to: chinaDay(week + 6 * DAY), weeks: 1 });
    expect(hot.body.rule).toContain('泊松');
    expect(hot.body.rows[0]).toMatchObject({
      categoryName: '噪音扰民-施工噪音',
      district: '临江区',
      count: 7,
      previousCount: 1,
      change: 6,
      baselineMean: 1,
      significant: true,
    });
    expect(hot.body.districts).toEqual([{ district: '临江区', count: 7, previousCount: 1 }]);

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

  it('takes the weeks the manager picks, refusing in Chinese a day that is no Monday or a week to come', async () => {
    const created = await as('operator').post('/orders', {
      ...noiseComplaint,
      category: 'road_damage',
      incidentAddress: '东湖区望江路3号',
    });
    expect(created.status).toBe(201);
    const { orderId } = created.body as { orderId: string };
    const db = h.testDb.database.db;
    await eventually(
      () => db.select().from(orders).where(eq(orders.orderId, orderId)),
      (rows) => rows.length === 1,
    );
    const week = chinaWeekStart(Date.now());
    // Three weeks ago: two calls; four weeks ago: one. None placed by address: their coordinates, in 西山区.
    await orderCopies(db, orderId, 3, [week - 21 * DAY + DAY, week - 21 * DAY + 2 * DAY, week - 28 * DAY + DAY]);
    const placed = await orderCopies(db, orderId, 4, [week - 14 * DAY + DAY]);
    await db
      .update(orders)
      .set({ lat: 30.27, lng: 120.1, snapshot: sql`${orders.snapshot} - 'incidentAddress'` })
      .where(eq(orders.orderId, placed[0]!));

    const get = (query: string) => as('manager').get(`/hotspots?${query}`);
    const threeWeeksAgo = await get(`week=${chinaDay(week - 21 * DAY)}`);
    expect(threeWeeksAgo.status).toBe(200);
    expect(threeWeeksAgo.body.rows.find((r: { category: string }) => r.category === 'road_damage')).toMatchObject({
      district: '东湖区',
      count: 2,
      previousCount: 1,
      change: 1,
    });
    // Four weeks from four weeks ago: 1 + 2 in 东湖区 and 1 in 西山区 (placed by its coordinates), none before.
    const range = await get(`week=${chinaDay(week - 28 * DAY)}&weeks=4`);
    expect(range.body).toMatchObject({ weeks: 4, to: chinaDay(week - DAY) });
    expect(range.body.districts).toEqual(
      expect.arrayContaining([
        { district: '东湖区', count: 3, previousCount: 0 },
        { district: '西山区', count: 1, previousCount: 0 },
      ]),
    );

    const notMonday = await get(`week=${chinaDay(week + DAY)}`);
    expect(notMonday.status).toBe(422);
    expect(notMonday.body.errors).toEqual([{ field: 'query.week', message: '起始周：须为周一（每周从周一开始）' }]);
    const toCome = await get(`week=${chinaDay(week + 7 * DAY)}`);
    expect(toCome.body.errors).toEqual([{ field: 'query.week', message: '起始周：不能晚于本周' }]);
    const tooMany = await get(`week=${chinaDay(week)}&weeks=14`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([{ field: 'query.weeks', message: '周数：不能大于 13' }]);
    expect((await get('weeks=2')).body.errors).toEqual([{ field: 'query.week', message: '起始周：必须填写' }]);

    const map = await as('manager').get('/district-map');
    expect(map.status).toBe(200);
    expect(map.body.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(
      expect.arrayContaining(['临江区', '东湖区', '西山区']),
    );
  });

  it('judges by the thresholds of the policy in force', async () => {
    const week = chinaWeekStart(Date.now());
    const before = await as('manager').get(`/hotspots?week=${chinaDay(week - 21 * DAY)}`);
    expect(before.body).toMatchObject({ minCount: 5, alpha: 0.01, baselineWeeks: 4 });
    expect(before.body.rows.find((r: { category: string }) => r.category === 'road_damage').significant).toBe(false);
    const structural = await as('manager').get('/structural-problems');
    expect(structural.body).toMatchObject({ minMonths: 3, lookbackMonths: 6 });

    const refused = await as('admin').post('/admin/policy', {
      ...DEFAULT_POLICY,
      structural: { minMonths: 7, lookbackMonths: 6 },
      reason: '试算',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      {
        field: 'body.structural.minMonths',
        message: '同一地点同一分类被投诉达此月数列为结构性问题候选：不能多于回看月数',
      },
    ]);
    const published = await as('admin').post('/admin/policy', {
      ...DEFAULT_POLICY,
      hotspots: { minCount: 2, alpha: 0.2, baselineWeeks: 2 },
      structural: { minMonths: 2, lookbackMonths: 3 },
      reason: '热点阈值调低以便及早发现',
    });
    expect(published.status).toBe(200);
    // Two calls against 0.5 a week over the two weeks before: P(X ≥ 2 | 0.5) ≈ 0.09, below 20%.
    const after = await as('manager').get(`/hotspots?week=${chinaDay(week - 21 * DAY)}`);
    expect(after.body).toMatchObject({ minCount: 2, alpha: 0.2, baselineWeeks: 2 });
    expect(after.body.rule).toContain('本期件数不少于 2 件，且按本期之前 2 周的周均值推算');
    expect(after.body.rule).toContain('低于 20%');
    expect(after.body.rows.find((r: { category: string }) => r.category === 'road_damage')).toMatchObject({
      baselineMean: 0.5,
      significant: true,
    });
    const later = await as('manager').get(`/structural-problems`);
    expect(later.body).toMatchObject({ minMonths: 2, lookbackMonths: 3 });
  });
});
