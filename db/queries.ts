/**
 * Read-model queries behind the API's lists and queues. Every list has a stable order (a sort key plus
 * the order id as tie-breaker) and a keyset cursor, so pages never skip or repeat a row.
 */
import { and, asc, desc, eq, gte, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { auditEvents, orders, type OrderRow } from './schema';

export interface OrderFilters {
  states?: string[];
  slaState?: string;
  leadUnit?: string;
  category?: string;
  urgency?: string;
  minEscalationLevel?: number;
  receivedFrom?: Date;
  receivedTo?: Date;
  /** Only orders on which this unit is lead or assisting unit. */
  unit?: string;
  /** Only orders of this requester (keyed hash of the phone number). */
  requesterHash?: string;
  openOnly?: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Sort = 'received' | 'due';

/** The nearest due instant of the order's response and handling clocks; orders with none sort last. */
const dueKey = sql<string>`coalesce(least(${orders.responseDueAt}, ${orders.handlingDueAt}), 'infinity'::timestamptz)`;

function filterSql(f: OrderFilters): SQL | undefined {
  const unitClause = f.unit
    ? or(eq(orders.leadUnit, f.unit), sql`${orders.assistingUnits} @> ${JSON.stringify([f.unit])}::jsonb`)
    : undefined;
  return and(
    f.states?.length ? inArray(orders.state, f.states) : undefined,
    f.openOnly ? ne(orders.state, 'closed') : undefined,
    f.slaState ? eq(orders.slaState, f.slaState) : undefined,
    f.leadUnit ? eq(orders.leadUnit, f.leadUnit) : undefined,
    f.category ? eq(orders.category, f.category) : undefined,
    f.urgency ? eq(orders.urgency, f.urgency) : undefined,
    f.requesterHash ? eq(orders.requesterHash, f.requesterHash) : undefined,
    f.minEscalationLevel !== undefined ? gte(orders.escalationLevel, f.minEscalationLevel) : undefined,
    f.receivedFrom ? gte(orders.receivedAt, f.receivedFrom) : undefined,
    f.receivedTo ? lt(orders.receivedAt, f.receivedTo) : undefined,
    unitClause,
  );
}

interface Cursor {
  k: string;
  id: string;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

export function decodeCursor(raw: string): Cursor | null {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    return typeof c.k === 'string' && typeof c.id === 'string' ? c : null;
  } catch {
    return null;
  }
}

/**
 * Lists orders. `received`: newest first. `due`: nearest due first (inboxes and queues).
 * The cursor must come from the same sort, as the API guarantees.
 */
export async function listOrders(
  db: Db,
  filters: OrderFilters,
  options: { sort: Sort; limit: number; cursor?: Cursor },
): Promise<Page<OrderRow>> {
  const { sort, limit, cursor } = options;
  const key = sort === 'received' ? sql<string>`${orders.receivedAt}` : dueKey;
  let after: SQL | undefined;
  if (cursor) {
    after =
      sort === 'received'
        ? sql`(${orders.receivedAt}, ${orders.orderId}) < (${cursor.k}::timestamptz, ${cursor.id})`
        : sql`(${dueKey}, ${orders.orderId}) > (${cursor.k}::timestamptz, ${cursor.id})`;
  }
  const rows = await db
    .select({ row: orders, key: sql<string>`(${key})::text` })
    .from(orders)
    .where(and(filterSql(filters), after))
    .orderBy(
      ...(sort === 'received' ? [desc(orders.receivedAt), desc(orders.orderId)] : [asc(dueKey), asc(orders.orderId)]),
    )
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => r.row),
    nextCursor: rows.length > limit && last ? encodeCursor({ k: last.key, id: last.row.orderId }) : null,
  };
}

export async function orderRow(db: Db, orderId: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.orderId, orderId));
  return row;
}

export async function auditTrail(db: Db, orderId: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.orderId, orderId)).orderBy(asc(auditEvents.seq));
}
