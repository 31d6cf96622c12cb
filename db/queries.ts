/**
 * Read-model queries behind the API's lists and queues. Every list has a stable order (a sort key plus
 * the order id as tie-breaker) and a keyset cursor, so pages never skip or repeat a row.
 */
import { and, asc, desc, eq, gte, inArray, lt, ne, or, sql } from 'drizzle-orm';
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

/** The filters that ask a column to equal the value, by placeholder name. */
const EQUAL_FILTERS = {
  slaState: orders.slaState,
  leadUnit: orders.leadUnit,
  category: orders.category,
  urgency: orders.urgency,
  requesterHash: orders.requesterHash,
} as const;

/** The bound values of one list request by placeholder name: which names are present is its shape. */
type ListValues = Record<string, string | number>;

function listValues(f: OrderFilters, limit: number, cursor?: Cursor): ListValues {
  const v: ListValues = { limit: limit + 1 };
  f.states?.forEach((state, i) => (v[`state${i}`] = state));
  for (const k of Object.keys(EQUAL_FILTERS) as (keyof typeof EQUAL_FILTERS)[]) {
    if (f[k] !== undefined) v[k] = f[k];
  }
  if (f.minEscalationLevel !== undefined) v.minEscalationLevel = f.minEscalationLevel;
  if (f.receivedFrom) v.receivedFrom = f.receivedFrom.toISOString();
  if (f.receivedTo) v.receivedTo = f.receivedTo.toISOString();
  if (f.unit) {
    v.unit = f.unit;
    v.unitJson = JSON.stringify([f.unit]);
  }
  if (cursor) v.cursorId = cursor.id;
  if (cursor?.ms != null) v.cursorMs = cursor.ms;
  return v;
}

/** The list query of one shape (the names in `v`), every value a placeholder. */
function listQuery(db: Db, sort: Sort, openOnly: boolean, v: ListValues) {
  const p = (name: string) => sql.placeholder(name);
  const has = (name: string) => name in v;
  const states = Object.keys(v).filter((k) => /^state\d+$/.test(k));
  const key = sort === 'received' ? sql<string>`${orders.receivedAt}` : dueKey;
  const cursorKey = has('cursorMs')
    ? sql`('epoch'::timestamptz + ${p('cursorMs')} * interval '1 millisecond')`
    : sql`'infinity'::timestamptz`;
  const after = !has('cursorId')
    ? undefined
    : sort === 'received'
      ? sql`(${orders.receivedAt}, ${orders.orderId}) < (${cursorKey}, ${p('cursorId')})`
      : sql`(${dueKey}, ${orders.orderId}) > (${cursorKey}, ${p('cursorId')})`;
  const where = and(
    states.length ? inArray(orders.state, states.map(p)) : undefined,
    openOnly ? ne(orders.state, 'closed') : undefined,
    ...Object.entries(EQUAL_FILTERS).map(([name, column]) => (has(name) ? eq(column, p(name)) : undefined)),
    has('minEscalationLevel') ? gte(orders.escalationLevel, p('minEscalationLevel')) : undefined,
    has('receivedFrom') ? gte(orders.receivedAt, p('receivedFrom')) : undefined,
    has('receivedTo') ? lt(orders.receivedAt, p('receivedTo')) : undefined,
    has('unit')
      ? or(eq(orders.leadUnit, p('unit')), sql`${orders.assistingUnits} @> ${p('unitJson')}::jsonb`)
      : undefined,
    after,
  );
  return db
    .select({
      row: LIST_COLUMNS,
      ms: sql<string | null>`case when isfinite(${key}) then (extract(epoch from ${key}) * 1000)::bigint end`,
    })
    .from(orders)
    .where(where)
    .orderBy(
      ...(sort === 'received' ? [desc(orders.receivedAt), desc(orders.orderId)] : [asc(dueKey), asc(orders.orderId)]),
    )
    .limit(p('limit'))
    .prepare('list_orders');
}

/**
 * Built lists by shape, per database: drizzle's query building was a fifth of a list request's CPU in the
 * API. The shapes are few (the API's filter combinations), so the cache stays small.
 */
const builtLists = new WeakMap<Db, Map<string, ReturnType<typeof listQuery>>>();

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
  const values = listValues(filters, limit, cursor);
  const openOnly = filters.openOnly === true;
  const shape = `${sort} ${openOnly} ${Object.keys(values).join(',')}`;
  let built = builtLists.get(db);
  if (!built) builtLists.set(db, (built = new Map()));
  let query = built.get(shape);
  if (!query) built.set(shape, (query = listQuery(db, sort, openOnly, values)));
  const rows = await query.execute(values);
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
