/**
 * The knowledge base at the intake desk: suggestions for what the caller said (直接答复), and one article
 * read in full, as the operator does before answering a citizen with it.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { chinaDay } from '../domain/calendar';
import { kbReadingOf, suggestKb } from '../domain/kb-search';
import type { DispatchModelSource } from '../db/dispatch-models';
import type { ReferenceCache } from '../db/reference-cache';
import { articleWithValidity } from '../db/knowledge-base';
import { suggestWith } from './dispatch-suggestions';
import { createOrderBody } from './intake';
import { notFound } from './http/problem';
import { route, type Route } from './http/route';
import { kbArticleWithValidity, kbHits } from './schemas';

export const articleCode = z.string().regex(/^[A-Z0-9_-]{2,32}$/, 'must be an article code');

export function knowledgeBaseRoutes({
  db,
  reference,
  dispatchModels,
}: {
  db: Db;
  reference: ReferenceCache;
  dispatchModels: DispatchModelSource;
}): Route[] {
  return [
    route({
      method: 'post',
      path: '/kb/suggestions',
      tag: 'intake',
      // The text travels in the body: 4,000 characters in a URL earn an HTTP 431. Unlike GET /kb/search, which
      // ranks every match, this abstains below a relevance threshold that depends on how the dispatch suggestion
      // reads the call — a consultation, or a complaint of the article's own category (domain/kb-search.ts).
      summary: 'Articles in force that answer what the caller said, best first; none when nothing is relevant',
      roles: ['operator', 'coordinator', 'admin'],
      body: z.strictObject({
        text: createOrderBody.shape.description,
        limit: z.int().min(1).max(10).default(3),
      }),
      responses: { 200: { description: 'Relevant articles, best first (maybe none)', body: kbHits } },
      handle: async ({ body }) => {
        const reading = kbReadingOf(suggestWith(reference, await dispatchModels.get(), body.text));
        const today = chinaDay(Date.now());
        return {
          status: 200,
          body: { hits: suggestKb(reference.get().kb, body.text, reading, { limit: body.limit, today }) },
        };
      },
    }),
    route({
      method: 'get',
      path: '/kb/articles/:code',
      tag: 'intake',
      summary: 'Read a knowledge-base article with its validity dates (China days) and whether it is in force today',
      roles: ['operator', 'coordinator', 'admin'],
      params: z.strictObject({ code: articleCode }),
      responses: { 200: { description: 'The article', body: kbArticleWithValidity }, 404: 'No such article' },
      async handle({ params }) {
        const article = await articleWithValidity(db, params.code);
        if (!article) throw notFound('article');
        return { status: 200, body: article };
      },
    }),
  ];
}
