/**
 * 热点 and 每月一题 (#26 item 3): a period's hotspots by category × district with the rule that judged them
 * and the volume per district the map shades, the city's district map (区划图),
 * the structural-problem candidates with the orders behind them, and the topics (专项治理) a coordinator
 * took on from them, each with an owner unit, a target date and a reason.
 */
import { z } from 'zod';
import {
  complaintFacts,
  createTopic,
  DISTRICT_MAP,
  listTopics,
  structuralProblems,
  topicsOfOrders,
} from '../db/hotspots';
import { chinaDay } from '../domain/calendar';
import {
  districtVolumes,
  hotspotFactsSince,
  hotspotPeriod,
  hotspotRuleText,
  periodHotspots,
  WEEK_MS,
} from '../domain/hotspots';
import type { FieldNames } from './http/field-names';
import { categoryCode, day, text, unitCode } from './http/fields';
import { HttpProblem } from './http/problem';
import { route, type Route } from './http/route';
import type { Db } from '../db/client';
import type { ReferenceCache } from '../db/reference-cache';

/** The most weeks one table sums: a quarter. */
const MAX_WEEKS = 13;

const hotspotsBody = z.object({
  from: z.iso.date().meta({ description: 'The first week’s Monday (China time)' }),
  to: z.iso.date().meta({ description: 'The last week’s Sunday (China time)' }),
  weeks: z.int(),
  rule: z.string().meta({ description: 'The significance rule in a line of Chinese, as the console shows it' }),
  minCount: z.int(),
  alpha: z.number(),
  baselineWeeks: z.int(),
  rows: z.array(
    z.object({
      category: z.string(),
      categoryName: z.string(),
      district: z.string(),
      count: z.int().meta({ description: '本期: complaints in the period' }),
      previousCount: z.int().meta({ description: '上期: complaints in as many weeks just before' }),
      change: z.int().meta({ description: '较上期: count less previousCount' }),
      baselineMean: z.number().meta({ description: 'The count expected from the baseline weeks before the period' }),
      pValue: z.number(),
      significant: z.boolean(),
    }),
  ),
  districts: z
    .array(z.object({ district: z.string(), count: z.int(), previousCount: z.int() }))
    .meta({ description: 'Complaints per district in the period and the one before, busiest first' }),
});

const districtMapBody = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        properties: z.object({ name: z.string() }),
        geometry: z.object({
          type: z.literal('Polygon'),
          coordinates: z.array(z.array(z.array(z.number()).length(2))),
        }),
      }),
    ),
  })
  .meta({
    description: 'GeoJSON: each district a polygon of [longitude, latitude] (WGS-84), named as addresses name it',
  });

const HOTSPOT_FIELDS: FieldNames = { 'query.week': '起始周', 'query.weeks': '周数' };

const structuralBody = z.object({
  minMonths: z.int(),
  lookbackMonths: z.int(),
  items: z.array(
    z.object({
      category: z.string(),
      categoryName: z.string(),
      district: z.string(),
      address: z.string(),
      months: z.array(z.string()),
      orders: z.array(z.object({ orderId: z.string(), receivedAt: z.iso.datetime({ offset: true }) })),
      topicId: z.int().nullable().meta({ description: 'The topic already taken on for these orders, if any' }),
    }),
  ),
});

const topicBody = z.object({
  id: z.int(),
  category: z.string(),
  district: z.string(),
  address: z.string(),
  ownerUnit: z.string(),
  targetDate: z.iso.date(),
  reason: z.string(),
  openedBy: z.string(),
  openedAt: z.iso.datetime({ offset: true }),
  orderIds: z.array(z.string()),
});

const TOPIC_FIELDS: FieldNames = {
  body: '专项治理',
  'body.category': '分类',
  'body.address': '事发地址',
  'body.ownerUnit': '责任单位',
  'body.targetDate': '目标完成日期',
  'body.reason': '立项理由',
};

const refuse = (status: number, field: string, message: string) =>
  new HttpProblem(status, status === 409 ? 'conflict' : 'rule_violated', message, {
    errors: [{ field, message }],
  });

export function hotspotRoutes(deps: { db: Db; reference: ReferenceCache }): Route[] {
  const readers = ['coordinator', 'manager', 'auditor'] as const;
  const categoryName = (code: string) => deps.reference.get().catalogue.get(code)?.name ?? '未列入目录的分类';
  const candidatesNow = (now: number) => {
    const { units, policy } = deps.reference.get();
    return structuralProblems(deps.db, units, policy.structural, now);
  };
  return [
    route({
      method: 'get',
      path: '/hotspots',
      tag: 'hotspots',
      summary:
        'Hotspots (热点) by category × district for one or more China-time weeks, against the weeks before, with the volume per district',
      roles: readers,
      query: z.strictObject({
        week: day.meta({ description: 'The first week’s Monday (China time)' }),
        weeks: z.coerce.number().int().min(1).max(MAX_WEEKS).default(1),
      }),
      fieldNames: HOTSPOT_FIELDS,
      responses: {
        200: { description: 'Most significant first', body: hotspotsBody },
        422: 'The week is not a Monday, or starts after this week',
      },
      handle: async ({ query }) => {
        const period = hotspotPeriod(query.week, query.weeks, Date.now());
        if ('refused' in period) throw refuse(422, 'query.week', period.refused);
        const { units, policy } = deps.reference.get();
        const to = period.from + period.weeks * WEEK_MS;
        const facts = await complaintFacts(
          deps.db,
          units,
          new Date(hotspotFactsSince(period, policy.hotspots)),
          new Date(to),
        );
        const rows = periodHotspots(facts, period, policy.hotspots);
        return {
          status: 200,
          body: {
            from: chinaDay(period.from),
            to: chinaDay(to - 1),
            weeks: period.weeks,
            rule: hotspotRuleText(policy.hotspots, period.weeks),
            ...policy.hotspots,
            rows: rows.map((r) => ({ ...r, categoryName: categoryName(r.category) })),
            districts: districtVolumes(rows),
          },
        };
      },
    }),
    route({
      method: 'get',
      path: '/district-map',
      tag: 'hotspots',
      summary: 'The city’s districts (区划图) as GeoJSON, as the hotspot map draws them (shipped with the seed)',
      roles: readers,
      responses: { 200: { description: 'The districts', body: districtMapBody } },
      handle: () => Promise.resolve({ status: 200, body: DISTRICT_MAP }),
    }),
    route({
      method: 'get',
      path: '/structural-problems',
      tag: 'hotspots',
      summary:
        'Structural problem candidates (每月一题): the same place and category in several months of the last few (the policy says how many)',
      roles: readers,
      responses: { 200: { description: 'Most months first', body: structuralBody } },
      handle: async () => {
        const candidates = await candidatesNow(Date.now());
        const topicOf = await topicsOfOrders(
          deps.db,
          candidates.flatMap((c) => c.orders.map((o) => o.orderId)),
        );
        return {
          status: 200,
          body: {
            ...deps.reference.get().policy.structural,
            items: candidates.map((c) => ({
              ...c,
              categoryName: categoryName(c.category),
              orders: c.orders.map((o) => ({ orderId: o.orderId, receivedAt: new Date(o.receivedAt).toISOString() })),
              topicId: c.orders.map((o) => topicOf.get(o.orderId)).find((id) => id !== undefined) ?? null,
            })),
          },
        };
      },
    }),
    route({
      method: 'post',
      path: '/topics',
      tag: 'hotspots',
      summary: 'Take on a structural problem candidate as a tracked topic (专项治理), its orders linked to it',
      roles: ['coordinator'],
      body: z.strictObject({
        category: categoryCode,
        address: text(500),
        ownerUnit: unitCode,
        targetDate: day,
        reason: text(1000).min(1),
      }),
      fieldNames: TOPIC_FIELDS,
      responses: {
        201: { description: 'The topic, with its orders', body: topicBody },
        409: 'Some of its orders already belong to a topic',
        422: 'Not a current candidate, an unknown owner unit, or a target date already past',
      },
      async handle({ actor, body }) {
        const now = Date.now();
        if (!deps.reference.get().units.has(body.ownerUnit))
          throw refuse(422, 'body.ownerUnit', `没有代码为 ${body.ownerUnit} 的单位`);
        if (body.targetDate <= chinaDay(now)) throw refuse(422, 'body.targetDate', '须晚于今天');
        const candidate = (await candidatesNow(now)).find(
          (c) => c.category === body.category && c.address === body.address,
        );
        if (!candidate) throw refuse(422, 'body.address', '该地点和分类目前不是结构性问题候选');
        const topic = await createTopic(deps.db, {
          category: candidate.category,
          district: candidate.district,
          address: candidate.address,
          ownerUnit: body.ownerUnit,
          targetDate: body.targetDate,
          reason: body.reason,
          openedBy: actor.id,
          openedAt: new Date(now),
          orderIds: candidate.orders.map((o) => o.orderId),
        });
        if (!topic) throw refuse(409, 'body.address', '该问题的工单已列入专项治理');
        return { status: 201, body: topic };
      },
    }),
    route({
      method: 'get',
      path: '/topics',
      tag: 'hotspots',
      summary: 'The topics (专项治理) taken on, newest first, each with its orders',
      roles: readers,
      responses: { 200: { description: 'All topics', body: z.object({ items: z.array(topicBody) }) } },
      handle: async () => ({ status: 200, body: { items: await listTopics(deps.db) } }),
    }),
  ];
}
