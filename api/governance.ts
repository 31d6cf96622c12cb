/**
 * What the hotline is judged by beyond single orders: knowledge-base answers and gaps, repeat
 * contacts (并单), and the fairness review queue.
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../db/client';
import { decideReview, listReviews, reviewById } from '../db/fairness';
import { upsertKbArticle } from '../db/admin';
import { createKnowledgeGap, listKnowledgeGaps } from '../db/governance';
import { listArticles } from '../db/knowledge-base';
import { KB_TOPICS } from '../db/seed-data/knowledge-base';
import { chinaDay } from '../domain/calendar';
import { searchKb } from '../domain/kb-search';
import type { ReferenceCache } from '../db/reference-cache';
import { awaitOrderRow } from './order-reads';
import { repeatCandidatesOf } from '../db/repeats';
import { categoryCode, changeReason, day, int4After, int4Id, text } from './http/fields';
import { HttpProblem, notFound } from './http/problem';
import { route, type Route } from './http/route';
import {
  kbArticle,
  kbArticlesBody,
  kbHits,
  knowledgeGapBody,
  knowledgeGaps,
  repeatCandidates,
  reviewBody,
  reviews,
} from './schemas';
import { orderParams } from './visibility';
import { articleCode } from './knowledge-base';

export interface GovernanceDeps {
  temporal: Client;
  db: Db;
  reference: ReferenceCache;
}

export function governanceRoutes({ temporal, db, reference }: GovernanceDeps): Route[] {
  const routes = [
    route({
      method: 'get',
      path: '/kb/search',
      tag: 'intake',
      summary: 'Search the knowledge base for a citizen’s question (ranked)',
      roles: ['operator', 'coordinator', 'admin'],
      query: z.strictObject({
        q: text(500),
        limit: z.coerce.number().int().min(1).max(20).default(5),
      }),
      responses: { 200: { description: 'Articles in force, best first', body: kbHits }, 400: 'Invalid query' },
      handle: async ({ query }) => ({
        status: 200,
        body: { hits: searchKb(reference.get().kb, query.q, { limit: query.limit, today: chinaDay(Date.now()) }) },
      }),
    }),
    route({
      method: 'get',
      path: '/admin/kb',
      tag: 'admin',
      summary: 'Every knowledge-base article with its validity dates (China days) and whether it is in force today',
      roles: ['admin', 'auditor'],
      responses: {
        200: { description: 'Articles by code, without their text, and the consultation topics', body: kbArticlesBody },
      },
      handle: async () => ({
        status: 200,
        body: {
          articles: await listArticles(db),
          topics: Object.entries(KB_TOPICS).map(([code, name]) => ({ code, name })),
        },
      }),
    }),
    route({
      method: 'put',
      path: '/admin/kb/:code',
      tag: 'admin',
      summary: 'Create or change a knowledge-base article',
      roles: ['admin'],
      params: z.strictObject({ code: articleCode }),
      body: z.strictObject({
        title: text(200),
        body: text(10_000),
        category: categoryCode,
        keywords: z.array(text(50)).min(1).max(20),
        validFrom: day,
        validTo: day.nullable(),
        reason: changeReason,
      }),
      responses: {
        200: { description: 'Saved', body: kbArticle },
        400: 'Invalid article',
        422: 'Valid until before it is valid from',
      },
      fieldNames: {
        'path.code': '条目编号',
        'body.title': '标题',
        'body.body': '答复内容',
        'body.category': '所属分类',
        'body.keywords': '关键词',
        'body.validFrom': '生效日期',
        'body.validTo': '失效日期',
        'body.reason': '变更原因',
      },
      async handle({ actor, params, body: { reason, ...fields } }) {
        if (fields.validTo !== null && fields.validTo < fields.validFrom) {
          throw new HttpProblem(422, 'rule_violated', 'validTo is before validFrom', {
            errors: [{ field: 'body.validTo', message: '不能早于生效日期' }],
          });
        }
        const article = { code: params.code, ...fields };
        await upsertKbArticle(db, article, actor.id, reason);
        await reference.refresh();
        return { status: 200, body: article };
      },
    }),
    route({
      method: 'post',
      path: '/kb/gaps',
      tag: 'intake',
      summary: 'Hand a question the knowledge base cannot answer to the responsible unit',
      roles: ['operator'],
      body: z.strictObject({
        orderId: orderParams.shape.orderId.optional(),
        question: text(2000),
        category: z
          .string()
          .regex(/^[a-z0-9_]{2,64}$/)
          .optional(),
        unit: z.string().regex(/^[A-Z0-9_]{2,32}$/),
      }),
      responses: {
        201: { description: 'Knowledge-gap task created', body: knowledgeGapBody },
        400: 'Invalid body',
        422: 'Unknown unit',
      },
      async handle({ actor, body }) {
        if (!reference.get().units.has(body.unit)) {
          throw new HttpProblem(422, 'rule_violated', `unknown unit ${body.unit}`, {
            errors: [{ field: 'body.unit', message: 'unknown unit' }],
          });
        }
        return { status: 201, body: await createKnowledgeGap(db, { ...body, createdBy: actor.id }) };
      },
    }),
    route({
      method: 'get',
      path: '/kb/gaps',
      tag: 'department',
      summary: 'Open knowledge-gap tasks (a department sees its own)',
      roles: ['department', 'admin', 'coordinator'],
      responses: { 200: { description: 'Open tasks, newest first', body: knowledgeGaps } },
      handle: async ({ actor }) => ({
        status: 200,
        body: { items: await listKnowledgeGaps(db, actor.role === 'department' ? actor.unit! : undefined) },
      }),
    }),
    route({
      method: 'get',
      path: '/orders/:orderId/repeat-candidates',
      tag: 'intake',
      summary: 'Open orders this contact may repeat (并单), most likely first',
      roles: ['operator', 'coordinator'],
      params: orderParams,
      responses: {
        200: { description: 'Candidates with confidence and reasons', body: repeatCandidates },
        404: 'Not in the read model yet',
      },
      async handle({ params }) {
        const row = await awaitOrderRow({ temporal, db }, params.orderId);
        if (!row) throw notFound();
        const candidates = await repeatCandidatesOf(db, reference.get().policy, row);
        return { status: 200, body: { orderId: row.orderId, candidates } };
      },
    }),
    route({
      method: 'get',
      path: '/reviews',
      tag: 'fairness',
      summary: 'The third-party review queue of disputed ratings',
      roles: ['reviewer', 'coordinator', 'auditor', 'manager'],
      query: z.strictObject({
        status: z.enum(['pending', 'upheld', 'not_attributable']).default('pending'),
        after: int4After.default(0),
        limit: z.coerce.number().int().min(1).max(100).default(25),
      }),
      responses: { 200: { description: 'Reviews in order; page on with `after` = the last id', body: reviews } },
      handle: async ({ query }) => ({
        status: 200,
        body: { items: await listReviews(db, query.status, query.after, query.limit) },
      }),
    }),
    route({
      method: 'post',
      path: '/reviews/:id',
      tag: 'fairness',
      summary: 'Decide a review: the rating is upheld or not attributable to the unit',
      roles: ['reviewer'],
      params: z.strictObject({ id: int4Id }),
      body: z.strictObject({
        outcome: z.enum(['upheld', 'not_attributable']),
        reason: text(2000),
      }),
      responses: { 200: { description: 'Decided', body: reviewBody }, 404: 'No such review', 409: 'Already decided' },
      async handle({ actor, params, body }) {
        const row = await decideReview(db, params.id, {
          status: body.outcome,
          reason: body.reason,
          reviewerId: actor.id,
        });
        if (!row) {
          if (await reviewById(db, params.id))
            throw new HttpProblem(409, 'wrong_state', 'This review was already decided');
          throw notFound('review');
        }
        return { status: 200, body: row };
      },
    }),
  ];
  return routes;
}
