/**
 * Bulk exports that stream: a period's audit trail read in batches of orders, so an export of a city's
 * month costs the API the memory of one batch, whatever the period holds.
 */
import { and, asc, gte, lt, sql } from 'drizzle-orm';
import type { Db } from './client';
import { auditEvents, orders, type AuditEventRow } from './schema';

/**
 * The audit events of the orders received in [from, to), order by order (receipt, then order number), each
 * order's events in sequence. Orders are paged by the received-at index; their events are fetched with one
 * array parameter per batch, never one parameter per order.
 */
export async function* auditTrailOfPeriod(
  db: Db,
  period: { from: Date; to: Date },
  batchOrders = 1_000,
): AsyncGenerator<AuditEventRow[]> {
  let after: { receivedAt: Date; orderId: string } | null = null;
  for (;;) {
    const page: { orderId: string; receivedAt: Date }[] = await db
      .select({ orderId: orders.orderId, receivedAt: orders.receivedAt })
      .from(orders)
      .where(
        and(
          gte(orders.receivedAt, period.from),
          lt(orders.receivedAt, period.to),
          after
            ? sql`(${orders.receivedAt}, ${orders.orderId}) > (${after.receivedAt.toISOString()}::timestamptz, ${after.orderId})`
            : undefined,
        ),
      )
      .orderBy(asc(orders.receivedAt), asc(orders.orderId))
      .limit(batchOrders);
    if (!page.length) return;
    const ids = page.map((o) => o.orderId);
    const rows = await db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.orderId} = any(${sql.param(ids)}::text[])`)
      .orderBy(asc(auditEvents.orderId), asc(auditEvents.seq));
    const position = new Map(ids.map((id, i) => [id, i]));
    yield rows.sort((a, b) => position.get(a.orderId)! - position.get(b.orderId)! || a.seq - b.seq);
    after = page.at(-1)!;
    if (page.length < batchOrders) return;
  }
}
