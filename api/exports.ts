/**
 * Bulk exports for auditors: the audit trail of a period as CSV, streamed order by order so a city's
 * month never sits in the API's memory. Contact data is not in the trail; free text is neutralised for
 * spreadsheets like every CSV the API sends (./csv).
 */
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../db/client';
import { auditTrailOfPeriod } from '../db/exports';
import type { AuditEventRow } from '../db/schema';
import { neutralisedCell } from './http/csv';
import { periodOf, periodQuery } from './period';
import { route, type Route } from './http/route';
import { csvBody } from './schemas';

const COLUMNS = ['order_id', 'seq', 'type', 'at', 'actor_role', 'actor_id', 'actor_unit', 'reason', 'data'] as const;

const line = (e: AuditEventRow) =>
  [
    e.orderId,
    e.seq,
    e.type,
    e.at.toISOString(),
    e.actorRole,
    e.actorId,
    e.actorUnit,
    e.reason,
    JSON.stringify(e.data),
  ].map(neutralisedCell);

async function* auditCsv(db: Db, period: { from: Date; to: Date }): AsyncGenerator<string> {
  yield stringify([], { header: true, columns: [...COLUMNS] });
  for await (const batch of auditTrailOfPeriod(db, period)) yield stringify(batch.map(line));
}

export function exportRoutes({ db }: { db: Db }): Route[] {
  return [
    route({
      method: 'get',
      path: '/audit.csv',
      tag: 'orders',
      summary: 'The audit trail of the orders received in a period, as CSV (streamed)',
      // Every order's free-text reasons: the auditors' read, not the administrator's (reference data only).
      roles: ['auditor'],
      query: periodQuery,
      produces: 'text/csv',
      responses: {
        200: { description: 'CSV, one line per audit event, orders by receipt', body: csvBody },
        400: 'Invalid period',
        422: 'The period ends before it starts, or is too long',
      },
      handle: async ({ query }) => {
        const period = periodOf(query);
        return {
          status: 200,
          body: null,
          contentType: 'text/csv; charset=utf-8',
          headers: { 'Content-Disposition': 'attachment; filename="audit.csv"' },
          stream: auditCsv(db, period),
        };
      },
    }),
  ];
}
