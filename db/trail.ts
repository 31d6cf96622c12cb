/**
 * The audit trail as it is stored and as the reducer reads it: one order's, or order-id ranges of every
 * order's, so a pass over a city's trail holds one range at a time.
 */
import { and, asc, eq, gt, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { AuditEvent, AuditRow } from '../domain/events';
import type { Db } from './client';
import { auditEvents, orderOutcomes } from './schema';

/** The orders with id in (after, upTo]; `after` null: from the first. With `ids`, only those of them. */
export interface OrderRange {
  after: string | null;
  upTo: string;
  ids?: readonly string[];
}

/** The `audit_events` rows of an order's events, as stored. */
export function auditRows(orderId: string, events: readonly AuditEvent[]) {
  return events.map((e) => ({
    orderId,
    seq: e.seq,
    type: e.type,
    at: new Date(e.at),
    actorRole: e.actor.role,
    actorId: e.actor.id,
    actorUnit: e.actor.unit,
    reason: e.reason,
    data: e.data,
  }));
}

const TRAIL_COLUMNS = {
  orderId: auditEvents.orderId,
  seq: auditEvents.seq,
  type: auditEvents.type,
  at: auditEvents.at,
  actorUnit: auditEvents.actorUnit,
  data: auditEvents.data,
};

export const inRange = (column: AnyPgColumn, r: OrderRange): SQL | undefined =>
  r.ids
    ? sql`${column} = any(${sql.param(r.ids)}::text[])`
    : and(r.after === null ? undefined : gt(column, r.after), lte(column, r.upTo));

const asRow = ({ orderId: _id, at, ...e }: { orderId: string; at: Date } & Omit<AuditRow, 'at'>): AuditRow => ({
  ...e,
  at: at.getTime(),
});

/** One order's audit trail, as the reducer reads it. */
export async function trailOf(db: Db, orderId: string): Promise<AuditRow[]> {
  const rows = await db.select(TRAIL_COLUMNS).from(auditEvents).where(eq(auditEvents.orderId, orderId));
  return rows.map(asRow);
}

/** The trails of the orders in a range, by order id, each in seq order. */
export async function trailsIn(db: Db, range: OrderRange): Promise<Map<string, AuditRow[]>> {
  const rows = await db
    .select(TRAIL_COLUMNS)
    .from(auditEvents)
    .where(inRange(auditEvents.orderId, range))
    .orderBy(asc(auditEvents.orderId), asc(auditEvents.seq));
  const trails = new Map<string, AuditRow[]>();
  for (const r of rows) {
    const trail = trails.get(r.orderId);
    if (trail) trail.push(asRow(r));
    else trails.set(r.orderId, [asRow(r)]);
  }
  return trails;
}

/** The id of the `size`-th order (by id) after `after` that has a trail, or of the last one; null when none is left. */
async function rangeEnd(db: Db, after: string | null, size: number): Promise<string | null> {
  const ids = db
    .selectDistinct({ orderId: auditEvents.orderId })
    .from(auditEvents)
    .where(after === null ? undefined : gt(auditEvents.orderId, after))
    .orderBy(asc(auditEvents.orderId))
    .limit(size)
    .as('ids');
  const [last] = await db.select({ upTo: sql<string | null>`max(${ids.orderId})` }).from(ids);
  return last?.upTo ?? null;
}

/** Consecutive ranges of `size` orders (by id) covering every order that has an audit trail. */
export async function* orderRanges(db: Db, size: number): AsyncGenerator<OrderRange> {
  let after: string | null = null;
  for (let upTo = await rangeEnd(db, after, size); upTo !== null; upTo = await rangeEnd(db, after, size)) {
    yield { after, upTo };
    after = upTo;
  }
}

/**
 * Ranges of `size` orders covering every order with an audit event in [from, to) or a stored outcome row
 * there: every outcome is dated at one of its order's events, so these are all the orders a period's KPIs
 * and outcome rows depend on. The period's order ids are read once (a month of a large city: about a
 * million ids, tens of MB); their trails a range at a time.
 */
export async function* orderRangesActiveIn(
  db: Db,
  period: { from: Date; to: Date },
  size: number,
): AsyncGenerator<OrderRange> {
  const inPeriod = (at: AnyPgColumn) => and(gte(at, period.from), lt(at, period.to));
  const rows = await db
    .select({ orderId: auditEvents.orderId })
    .from(auditEvents)
    .where(inPeriod(auditEvents.at))
    .union(db.select({ orderId: orderOutcomes.orderId }).from(orderOutcomes).where(inPeriod(orderOutcomes.at)))
    .orderBy(asc(sql`1`));
  const ids = rows.map((r) => r.orderId);
  for (let i = 0; i < ids.length; i += size) {
    const batch = ids.slice(i, i + size);
    yield { after: i === 0 ? null : ids[i - 1]!, upTo: batch.at(-1)!, ids: batch };
  }
}
