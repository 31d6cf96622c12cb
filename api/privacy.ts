/**
 * The privacy log for auditors (个人信息处理记录): who saw which citizen's contact in full, when and as which
 * role, and which orders retention anonymised. Neither lists the contact itself.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { listPrivacyLog } from '../db/privacy';
import type { PrivacyLogKind, PrivacyLogRow } from '../db/schema';
import { instant as boundedInstant } from './http/fields';
import { route, type Route } from './http/route';
import { privacyLogPage } from './schemas';
import { orderParams } from './visibility';

const instant = boundedInstant.transform((s) => new Date(s));
const logQuery = z.strictObject({
  orderId: orderParams.shape.orderId.optional(),
  actor: z.string().min(1).max(128).optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});

const entry = (row: PrivacyLogRow) => ({
  id: row.id,
  orderId: row.orderId,
  at: row.at.toISOString(),
  actor: { role: row.actorRole, id: row.actorId, unit: row.actorUnit },
  ...row.data,
});

function logRoute(db: Db, kind: PrivacyLogKind, path: string, summary: string): Route {
  return route({
    method: 'get',
    path,
    tag: 'privacy',
    summary,
    roles: ['auditor'],
    query: logQuery,
    responses: {
      200: { description: 'A page of the privacy log, newest first', body: privacyLogPage },
      400: 'Invalid filter',
      503: 'Database unavailable',
    },
    async handle({ query: q }) {
      const page = await listPrivacyLog(
        db,
        { kind, orderId: q.orderId, actorId: q.actor, from: q.from, to: q.to },
        { limit: q.limit, cursor: q.cursor },
      );
      const nextCursor = page.nextCursor === null ? null : String(page.nextCursor);
      return { status: 200, body: { items: page.items.map(entry), nextCursor } };
    },
  });
}

export function privacyRoutes(deps: { db: Db }): Route[] {
  return [
    logRoute(deps.db, 'contact_viewed', '/privacy/contact-views', 'Who saw a citizen’s contact in full'),
    logRoute(deps.db, 'anonymised', '/privacy/anonymisations', 'Orders whose citizen data retention anonymised'),
  ];
}
