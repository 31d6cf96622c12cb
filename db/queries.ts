/**
 * Read-model queries behind the API's lists and queues. Every list has a stable order (a sort key plus
 * the order id as tie-breaker) and a keyset cursor, so pages never skip or repeat a row.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { Db } from './client';
import { auditEvents, orders, type OrderRow } from './schema';

export interface OrderFilters {
  states?: string[];
  slaState?: string;
  leadUnit?: string;
  category?: string;
  urgency?: string;
  minEscalationLevel?: number;
  maxEscalationLevel?: number;
  /** Only work orders without a lead unit (held from dispatch, or no unit found): no one owns them yet. */
  unassigned?: boolean;
  receivedFrom?: Date;
  receivedTo?: Date;
  /** Only orders on which this unit is lead or assisting unit. */
  unit?: string;
  /** An order number, or words of the request. */
  text?: string;
  /** Only orders of this requester (keyed hash of the phone number). */
  requesterHash?: string;
  openOnly?: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Sort = 'received' | 'due';

/** How much of the request a list shows. */
export const SUMMARY_CHARS = 60;

/** The live clocks of the snapshot (stopped ones left out), as the workflow last wrote them. */
const liveClocks = sql<
  SnapshotClock[] | null
>`jsonb_path_query_array(${orders.snapshot}->'clocks', '$[*] ? (@.stoppedAt == null)')`;
/**
 * The reason the lead unit gave when it returned the order (退单理由), for an order waiting for a ruling.
 * The outer row's column is named with its table: drizzle leaves a column unqualified in a one-table
 * select, which inside the subquery would mean the event's own order_id.
 */
const returnReason = sql<string | null>`case when ${orders.state} in ('returned', 'escalated') then (
  select e.reason from ${auditEvents} e where e.order_id = ${sql.raw('"orders"."order_id"')} and e.type = 'returned'
  order by e.seq desc limit 1) end`;

/** A clock as the snapshot holds it (domain/order-view ClockView, instants in epoch ms). */
export interface SnapshotClock {
  kind: string;
  subject: string | null;
  dueAt: number | null;
  remainingMs: number;
  paused: boolean;
  slaState: string;
}

/**
 * The columns a list item shows: not the whole snapshot or the citizen's contact, whose parsing was half
 * of a list request's CPU at a city's scale, but the few parts of the snapshot the queues show (the
 * request's first words, the live clocks, why it was escalated or returned), picked out by the database.
 */
const ROW_COLUMNS = {
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
const LIST_COLUMNS = {
  ...ROW_COLUMNS,
  summary: sql<string | null>`left(${orders.snapshot}->>'description', ${sql.raw(String(SUMMARY_CHARS))})`,
  categoryName: sql<string | null>`${orders.snapshot}->>'categoryName'`,
  place: sql<string | null>`${orders.snapshot}->>'incidentAddress'`,
  clocks: liveClocks,
  escalationCause: sql<string | null>`${orders.snapshot}->'escalations'->-1->>'cause'`,
  returnReason,
  pendingExtension: sql<{ newDueAt: number; reason: string } | null>`${orders.snapshot}->'pendingExtension'`,
  visitAttempts: sql<number | null>`(${orders.snapshot}->>'visitAttempts')::int`,
};
export type OrderListRow = Pick<OrderRow, keyof typeof ROW_COLUMNS> & {
  summary: string | null;
  categoryName: string | null;
  place: string | null;
  clocks: SnapshotClock[] | null;
  escalationCause: string | null;
  returnReason: string | null;
  pendingExtension: { newDueAt: number; reason: string } | null;
  visitAttempts: number | null;
};

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

function listValues(f: OrderFilters, limit?: number, cursor?: Cursor): ListValues {
  // One row beyond the page says whether there is a next one.
  const v: ListValues = limit === undefined ? {} : { limit: limit + 1 };
  f.states?.forEach((state, i) => (v[`state${i}`] = state));
  for (const k of Object.keys(EQUAL_FILTERS) as (keyof typeof EQUAL_FILTERS)[]) {
    if (f[k] !== undefined) v[k] = f[k];
  }
  if (f.minEscalationLevel !== undefined) v.minEscalationLevel = f.minEscalationLevel;
  if (f.maxEscalationLevel !== undefined) v.maxEscalationLevel = f.maxEscalationLevel;
  if (f.receivedFrom) v.receivedFrom = f.receivedFrom.toISOString();
  if (f.receivedTo) v.receivedTo = f.receivedTo.toISOString();
  if (f.text) {
    v.textId = f.text.toUpperCase();
    v.textLike = `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  if (f.unit) {
    v.unit = f.unit;
    v.unitJson = JSON.stringify([f.unit]);
  }
  if (cursor) v.cursorId = cursor.id;
  if (cursor?.ms != null) v.cursorMs = cursor.ms;
  return v;
}

/** What a list's filters leave out beyond its bound values: part of its shape. */
interface Flags {
  openOnly: boolean;
  unassigned: boolean;
}

const flagsOf = (f: OrderFilters): Flags => ({ openOnly: f.openOnly === true, unassigned: f.unassigned === true });

/** The filters of one shape (the names in `v`), every value a placeholder. */
function filtersOf(v: ListValues, flags: Flags) {
  const p = (name: string) => sql.placeholder(name);
  const has = (name: string) => name in v;
  const states = Object.keys(v).filter((k) => /^state\d+$/.test(k));
  return [
    states.length ? inArray(orders.state, states.map(p)) : undefined,
    flags.openOnly ? ne(orders.state, 'closed') : undefined,
    flags.unassigned ? and(isNull(orders.leadUnit), ne(orders.orderType, 'consultation')) : undefined,
    ...Object.entries(EQUAL_FILTERS).map(([name, column]) => (has(name) ? eq(column, p(name)) : undefined)),
    has('minEscalationLevel') ? gte(orders.escalationLevel, p('minEscalationLevel')) : undefined,
    has('maxEscalationLevel') ? lte(orders.escalationLevel, p('maxEscalationLevel')) : undefined,
    has('receivedFrom') ? gte(orders.receivedAt, p('receivedFrom')) : undefined,
    has('receivedTo') ? lt(orders.receivedAt, p('receivedTo')) : undefined,
    has('unit')
      ? or(eq(orders.leadUnit, p('unit')), sql`${orders.assistingUnits} @> ${p('unitJson')}::jsonb`)
      : undefined,
    has('textId')
      ? or(eq(orders.orderId, p('textId')), sql`${orders.snapshot}->>'description' ilike ${p('textLike')}`)
      : undefined,
  ];
}

/** The list query of one shape, every value a placeholder. */
function listQuery(db: Db, sort: Sort, flags: Flags, v: ListValues) {
  const p = (name: string) => sql.placeholder(name);
  const has = (name: string) => name in v;
  const key = sort === 'received' ? sql<string>`${orders.receivedAt}` : dueKey;
  const cursorKey = has('cursorMs')
    ? sql`('epoch'::timestamptz + ${p('cursorMs')} * interval '1 millisecond')`
    : sql`'infinity'::timestamptz`;
  const after = !has('cursorId')
    ? undefined
    : sort === 'received'
      ? sql`(${orders.receivedAt}, ${orders.orderId}) < (${cursorKey}, ${p('cursorId')})`
      : sql`(${dueKey}, ${orders.orderId}) > (${cursorKey}, ${p('cursorId')})`;
  return db
    .select({
      row: LIST_COLUMNS,
      ms: sql<string | null>`case when isfinite(${key}) then (extract(epoch from ${key}) * 1000)::bigint end`,
    })
    .from(orders)
    .where(and(...filtersOf(v, flags), after))
    .orderBy(
      ...(sort === 'received' ? [desc(orders.receivedAt), desc(orders.orderId)] : [asc(dueKey), asc(orders.orderId)]),
    )
    .limit(p('limit'))
    .prepare('list_orders');
}

/** How many orders of one shape are in each state. */
function countQuery(db: Db, flags: Flags, v: ListValues) {
  return db
    .select({ state: orders.state, count: sql<number>`count(*)::int` })
    .from(orders)
    .where(and(...filtersOf(v, flags)))
    .groupBy(orders.state)
    .prepare('count_orders');
}

/**
 * Built queries by shape, per database: drizzle's query building was a fifth of a list request's CPU in the
 * API. The shapes are few (the API's filter combinations), so the cache stays small.
 */
const built = new WeakMap<Db, Map<string, ReturnType<typeof listQuery> | ReturnType<typeof countQuery>>>();

function prepared<Q extends ReturnType<typeof listQuery> | ReturnType<typeof countQuery>>(
  db: Db,
  shape: string,
  build: () => Q,
): Q {
  let byShape = built.get(db);
  if (!byShape) built.set(db, (byShape = new Map()));
  let query = byShape.get(shape) as Q | undefined;
  if (!query) byShape.set(shape, (query = build()));
  return query;
}

const shapeOf = (flags: Flags, values: ListValues) =>
  `${flags.openOnly} ${flags.unassigned} ${Object.keys(values).join(',')}`;

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
  const flags = flagsOf(filters);
  const query = prepared(db, `list ${sort} ${shapeOf(flags, values)}`, () => listQuery(db, sort, flags, values));
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

/** How many orders the filters select, by state (states with none left out). */
export async function countOrders(db: Db, filters: OrderFilters): Promise<Record<string, number>> {
  const values = listValues(filters);
  const flags = flagsOf(filters);
  const query = prepared(db, `count ${shapeOf(flags, values)}`, () => countQuery(db, flags, values));
  const rows = await query.execute(values);
  return Object.fromEntries(rows.map((r) => [r.state, r.count]));
}

export async function orderRow(db: Db, orderId: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.orderId, orderId));
  return row;
}

export async function auditTrail(db: Db, orderId: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.orderId, orderId)).orderBy(asc(auditEvents.seq));
}
