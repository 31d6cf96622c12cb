/**
 * 热点 and 每月一题 (#26 item 3): the week's hotspots by category × district with the rule that judged them,
 * the structural-problem candidates with the orders behind them, and the topics (专项治理) a coordinator
 * took on from them, each with an owner unit, a target date and a reason.
 */
import { z } from 'zod';
import { complaintFacts, createTopic, listTopics, topicsOfOrders } from '../db/hotspots';
import { chinaDay } from '../domain/calendar';
import {
  HOTSPOT_DEFAULTS,
  hotspotRuleText,
  lookbackStart,
  STRUCTURAL_DEFAULTS,
  structuralCandidates,
  weeklyHotspots,
} from '../domain/hotspots';
import type { FieldNames } from './http/field-names';
import { categoryCode, day, text, unitCode } from './http/fields';
import { HttpProblem } from './http/problem';
import { route, type Route } from './http/route';
import type { Db } from '../db/client';
import type { ReferenceCache } from '../db/reference-cache';
import { periodOf, periodQuery } from './period';

const WEEK_MS = 7 * 86_400_000;

const hotspotsBody = z.object({
  rule: z.string().meta({ description: 'The significance rule in a line of Chinese, as the console shows it' }),
  minCount: z.int(),
  alpha: z.number(),
  baselineWeeks: z.int(),
  rows: z.array(
    z.object({
      category: z.string(),
      categoryName: z.string(),
      district: z.string(),
      week: z.iso.date(),
      count: z.int(),
      baselineMean: z.number(),
      change: z.number(),
      pValue: z.number(),
      significant: z.boolean(),
    }),
  ),
});

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
  const candidatesNow = async (now: number) => {
    const facts = await complaintFacts(
      deps.db,
      deps.reference.get().units,
      new Date(`${lookbackStart(now, STRUCTURAL_DEFAULTS)}T00:00:00+08:00`),
      new Date(now + 1),
    );
    return structuralCandidates(facts, now, STRUCTURAL_DEFAULTS);
  };
  return [
    route({
      method: 'get',
      path: '/hotspots',
      tag: 'hotspots',
      summary:
        'Hotspots (热点) by category × district for each China-time week in the period, against the weeks before it',
      roles: readers,
      query: periodQuery,
      responses: {
        200: { description: 'Most significant first', body: hotspotsBody },
        422: 'The period ends before it starts, or is longer than 400 days',
      },
      handle: async ({ query }) => {
        const period = periodOf(query);
        const policy = HOTSPOT_DEFAULTS;
        const since = new Date(period.from.getTime() - (policy.baselineWeeks + 1) * WEEK_MS);
        const facts = await complaintFacts(deps.db, deps.reference.get().units, since, period.to);
        const rows = weeklyHotspots(facts, period.from.getTime(), period.to.getTime(), policy);
        return {
          status: 200,
          body: {
            rule: hotspotRuleText(policy),
            ...policy,
            rows: rows.map((r) => ({ ...r, categoryName: categoryName(r.category) })),
          },
        };
      },
    }),
    route({
      method: 'get',
      path: '/structural-problems',
      tag: 'hotspots',
      summary:
        'Structural problem candidates (每月一题): the same place and category in several months of the last six',
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
            ...STRUCTURAL_DEFAULTS,
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
