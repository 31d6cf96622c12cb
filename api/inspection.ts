/**
 * 抽查: the inspectors' queue of the week's sample, their scores on the rubric, and what they may do
 * beyond scoring — 重办 (a new order on the same request, for a problem not really solved: the closed
 * order's workflow has ended) or 问责线索 against the unit, each with a reason.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { inspectionItem, listInspectionItems, listSupervisionCases, scoreInspection } from '../db/inspection';
import { orders } from '../db/schema';
import { INSPECTION_ACTIONS, scoresProblem, type InspectionKind } from '../domain/inspection';
import type { Actor } from '../domain/order';
import type { Channel, OrderType, Urgency } from '../domain/types';
import { int4After, int4Id, text } from './http/fields';
import { HttpProblem, notFound } from './http/problem';
import { route, type Route } from './http/route';
import type { CreateOrderBody } from './intake';
import { createOrder, type OrderDeps } from './orders';
import { inspectionItemBody, inspectionItems, supervisionCases } from './schemas';

const page = { after: int4After.default(0), limit: z.coerce.number().int().min(1).max(100).default(25) };
const FOLLOW_UP_PREFIX = (orderId: string) => `【抽查重办·原工单${orderId}】`;

/** 重办: the closed order's request as a new order, under the inspector's name; the key makes a retry answer the same. */
async function followUpOrder(deps: OrderDeps, actor: Actor, itemId: number, orderId: string): Promise<string> {
  const [row] = await deps.db.select().from(orders).where(eq(orders.orderId, orderId));
  if (!row) throw notFound('order');
  const snapshot = row.snapshot as { description?: string; incidentAddress?: string | null; confidential?: boolean };
  const prefix = FOLLOW_UP_PREFIX(orderId);
  const created = await createOrder(
    deps,
    actor,
    {
      channel: row.channel as Channel,
      orderType: row.orderType as OrderType,
      ...(row.category ? { category: row.category } : {}),
      urgency: row.urgency as Urgency,
      description: `${prefix}${snapshot.description ?? ''}`.slice(0, 4000),
      citizen: (row.citizen ?? {}) as CreateOrderBody['citizen'],
      ...(snapshot.incidentAddress ? { incidentAddress: snapshot.incidentAddress } : {}),
      ...(snapshot.confidential ? { confidential: true } : {}),
    },
    `inspection-${itemId}`,
  );
  return (created.body as { orderId: string }).orderId;
}

export function inspectionRoutes(deps: OrderDeps): Route[] {
  const readers = ['inspector', 'coordinator', 'manager', 'auditor'] as const;
  return [
    route({
      method: 'get',
      path: '/inspections',
      tag: 'inspection',
      summary: 'The inspectors’ queue (抽查): the week’s sample of closed orders and intakes, with what is judged',
      roles: readers,
      query: z.strictObject({ status: z.enum(['pending', 'scored']).default('pending'), ...page }),
      responses: { 200: { description: 'Items in order; page on with `after` = the last id', body: inspectionItems } },
      handle: async ({ query }) => ({
        status: 200,
        body: { items: await listInspectionItems(deps.db, query.status, query.after, query.limit) },
      }),
    }),
    route({
      method: 'post',
      path: '/inspections/:id',
      tag: 'inspection',
      summary: 'Score an inspected order on its rubric (1–5 each), and reopen it or open a supervision case',
      roles: ['inspector'],
      params: z.strictObject({ id: int4Id }),
      body: z.strictObject({
        scores: z.record(z.string().max(32), z.number()),
        comment: text(2000).optional(),
        action: z.enum(INSPECTION_ACTIONS).default('none'),
        reason: text(1000).optional(),
      }),
      responses: {
        200: { description: 'Scored', body: inspectionItemBody },
        404: 'No such item',
        409: 'Already scored',
        422: 'Scores off the rubric, or an action without its reason',
      },
      async handle({ actor, params, body }) {
        const item = await inspectionItem(deps.db, params.id);
        if (!item) throw notFound('inspection');
        if (item.status !== 'pending') throw new HttpProblem(409, 'wrong_state', '该抽查已评分');
        const problem = scoresProblem(item.kind as InspectionKind, body.scores);
        if (problem)
          throw new HttpProblem(422, 'rule_violated', problem, {
            errors: [{ field: 'body.scores', message: problem }],
          });
        if (body.action !== 'none' && !body.reason) {
          const message = body.action === 'case' ? '开具问责线索须填写理由' : '重办须填写理由';
          throw new HttpProblem(422, 'rule_violated', message, { errors: [{ field: 'body.reason', message }] });
        }
        if (body.action === 'case' && item.kind !== 'order') {
          const message = '问责线索针对承办单位，受理抽查不适用';
          throw new HttpProblem(422, 'rule_violated', message, { errors: [{ field: 'body.action', message }] });
        }
        const followUp = body.action === 'reopen' ? await followUpOrder(deps, actor, item.id, item.orderId) : null;
        const scored = await scoreInspection(deps.db, item.id, {
          scores: body.scores,
          comment:
            [body.comment, body.action === 'reopen' ? `重办理由：${body.reason}` : null].filter(Boolean).join('\n') ||
            null,
          action: body.action,
          reason: body.reason ?? null,
          followUpOrderId: followUp,
          inspectorId: actor.id,
        });
        if (!scored) throw new HttpProblem(409, 'wrong_state', '该抽查已评分');
        return { status: 200, body: scored };
      },
    }),
    route({
      method: 'get',
      path: '/supervision-cases',
      tag: 'inspection',
      summary: 'Supervision cases (问责线索) opened against units from inspections',
      roles: readers,
      query: z.strictObject(page),
      responses: { 200: { description: 'Cases in order; page on with `after` = the last id', body: supervisionCases } },
      handle: async ({ query }) => ({
        status: 200,
        body: { items: await listSupervisionCases(deps.db, query.after, query.limit) },
      }),
    }),
  ];
}
