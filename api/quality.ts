/**
 * 质检复核's queue: completions the policy sent to quality review, for the reviewer. The decisions are
 * order actions (api/actions.ts clearQuality, returnForQuality), recorded in the order's trail.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { listQualityReviews } from '../db/reply-quality';
import { FINDING_MESSAGES } from '../domain/reply-quality';
import { int4After } from './http/fields';
import { route, type Route } from './http/route';
import { qualityReviews } from './schemas';

export function qualityRoutes({ db }: { db: Db }): Route[] {
  return [
    route({
      method: 'get',
      path: '/quality-reviews',
      tag: 'quality',
      summary: 'The quality review queue (质检复核): completions whose reply the policy sent to review',
      roles: ['reviewer', 'coordinator', 'auditor', 'manager'],
      query: z.strictObject({
        status: z.enum(['pending', 'cleared', 'returned']).default('pending'),
        after: int4After.default(0),
        limit: z.coerce.number().int().min(1).max(100).default(25),
      }),
      responses: { 200: { description: 'Reviews in order; page on with `after` = the last id', body: qualityReviews } },
      async handle({ query }) {
        const rows = await listQualityReviews(db, query.status, query.after, query.limit);
        const items = rows.map((r) => ({
          ...r,
          findings: r.codes.map((code) => ({ code, message: FINDING_MESSAGES[code] })),
        }));
        return { status: 200, body: { items } };
      },
    }),
  ];
}
