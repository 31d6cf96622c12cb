/**
 * 站内通知: a unit's notices of the orders dispatched to it (lead or assisting), written by the outbox's
 * receiver (activities/outbox.ts), newest first. The unit of the caller's token, never another's.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { noticesOf } from '../db/notices';
import { UNIT_NOTICE_KINDS } from '../domain/notifications';
import { route, type Route } from './http/route';

const noticesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});

const noticePage = z.object({
  items: z.array(
    z.object({
      id: z.int(),
      orderId: z.string(),
      kind: z.enum(UNIT_NOTICE_KINDS),
      at: z.string(),
    }),
  ),
  nextCursor: z.int().nullable(),
});

export function noticeRoutes(deps: { db: Db }): Route[] {
  return [
    route({
      method: 'get',
      path: '/notices',
      tag: 'console',
      summary: "List the caller's unit's notices of orders dispatched to it, newest first",
      roles: ['department', 'coordinator'],
      query: noticesQuery,
      responses: { 200: { description: 'A page of notices', body: noticePage } },
      async handle({ actor, query }) {
        const rows = await noticesOf(deps.db, actor.unit!, query.limit + 1, query.cursor);
        const items = rows.slice(0, query.limit);
        return {
          status: 200,
          body: {
            items: items.map((n) => ({ id: n.id, orderId: n.orderId, kind: n.kind, at: n.at.toISOString() })),
            nextCursor: rows.length > query.limit ? items.at(-1)!.id : null,
          },
        };
      },
    }),
  ];
}
