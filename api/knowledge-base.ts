/** Reading one knowledge-base article, as the operator does before answering a citizen with it (直接答复). */
import { z } from 'zod';
import type { Db } from '../db/client';
import { articleWithValidity } from '../services/knowledge-base';
import { notFound } from './problem';
import { route, type Route } from './route';
import { kbArticleWithValidity } from './schemas';

export const articleCode = z.string().regex(/^[A-Z0-9_-]{2,32}$/, 'must be an article code');

export function knowledgeBaseRoutes({ db }: { db: Db }): Route[] {
  return [
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
