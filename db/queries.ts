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

/**
 * The columns a list item shows: not the snapshot or the citizen's contact, whose parsing was half of a
 * list request's CPU at a city's scale.
 */
const LIST_COLUMNS = {
  orderId: orders.orderId,
  orderType: orders.orderType,
  channel: orders.channel,
  category: orders.category,
  urgency: orders.urgency,
  state: orders.state,
  closureCode: orders.closureCode,
  slaState: orders.slaState,
  escalationLevel: orders.escalationLevel,
  leadUnit: orders.leadUnit,
  assistingUnits: orders.assistingUnits,
  receivedAt: orders.receivedAt,
  responseDueAt: orders.responseDueAt,
  handlingDueAt: orders.handlingDueAt,
  closedAt: orders.closedAt,
  updatedAt: orders.updatedAt,
};
export type OrderListRow = Pick<OrderRow, keyof typeof LIST_COLUMNS>;

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

/** Where a page ends: the sort key in epoch ms (null: no due instant, sorted last) and the order number. */
interface Cursor {
  ms: number | null;
  id: string;
}

/**
 * `1764579218975_WO…` or `inf_WO…`: every string of this shape is a position in the list (it need not be
 * one this API handed out), so a client or a test can tell a cursor from garbage by its shape alone.
 */
export const CURSOR_PATTERN = /^(\d{1,15}|inf)_(WO[0-9A-Z]{14})$/;

const encodeCursor = (c: Cursor) => `${c.ms ?? 'inf'}_${c.id}`;

export function decodeCursor(raw: string): Cursor | null {
  const m = CURSOR_PATTERN.exec(raw);
  return m ? { ms: m[1] === 'inf' ? null : Number(m[1]), id: m[2]! } : null;
}

const cursorKey = (c: Cursor) =>
  c.ms === null ? sql`'infinity'::timestamptz` : sql`('epoch'::timestamptz + ${c.ms} * interval '1 millisecond')`;

/**
 * Lists orders. `received`: newest first. `due`: nearest due first (inboxes and queues).
 * The cursor must come from the same sort, as the API guarantees.
 */
export async function listOrders(
  db: Db,
  filters: OrderFilters,
  options: { sort: Sort; limit: number; cursor?: Cursor },
): Promise<Page<OrderListRow>> {
  const { sort, limit, cursor } = options;
  const key = sort === 'received' ? sql<string>`${orders.receivedAt}` : dueKey;
  let after: SQL | undefined;
  if (cursor) {
    after =
      sort === 'received'
        ? sql`(${orders.receivedAt}, ${orders.orderId}) < (${cursorKey(cursor)}, ${cursor.id})`
        : sql`(${dueKey}, ${orders.orderId}) > (${cursorKey(cursor)}, ${cursor.id})`;
  }
  const rows = await db
    .select({
      row: LIST_COLUMNS,
      ms: sql<string | null>`case when isfinite(${key}) then (extract(epoch from ${key}) * 1000)::bigint end`,
    })
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
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ ms: last.ms === null ? null : Number(last.ms), id: last.row.orderId })
        : null,
  };
}

export async function orderRow(db: Db, orderId: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.orderId, orderId));
  return row;
}

export async function auditTrail(db: Db, orderId: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.orderId, orderId)).orderBy(asc(auditEvents.seq));
}
