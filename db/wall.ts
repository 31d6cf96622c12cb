/**
 * The duty wall's counts (值班大屏), read from the read model and the audit trail: open orders by SLA state
 * and escalation level, held and disputed orders, clock breaches and calls of the last hours. Each is one
 * grouped count over an index (orders by state, audit events by type and time), so the wall stays cheap
 * however often it is read. The operators' load (calls taken, calls marked abusive) is read from the trail's
 * intake events by the operator who recorded them; it never enters a unit's figures.
 */
import { and, count, eq, gte, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from './client';
import { auditEvents, orders } from './schema';

const HOUR_MS = 3_600_000;

/** Each operator's calls and abusive calls (来电情况 marked) since `since`, busiest first. */
async function operatorLoad(db: Db, since: Date) {
  const perOperator = (type: 'received' | 'caller_conduct_noted') =>
    db
      .select({ operator: auditEvents.actorId, count: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.type, type), eq(auditEvents.actorRole, 'operator'), gte(auditEvents.at, since)))
      .groupBy(auditEvents.actorId);
  const [calls, abusive] = await Promise.all([perOperator('received'), perOperator('caller_conduct_noted')]);
  const abusiveOf = new Map(abusive.map((a) => [a.operator, a.count]));
  return calls
    .map((c) => ({ operator: c.operator, calls: c.count, abusiveCalls: abusiveOf.get(c.operator) ?? 0 }))
    .sort((a, b) => b.abusiveCalls - a.abusiveCalls || b.calls - a.calls || a.operator.localeCompare(b.operator));
}

export async function wallCounts(db: Db, now: number, hours: number, operatorHours: number) {
  const since = new Date(now - hours * HOUR_MS);
  // Hours since the epoch: China's hours start with UTC's (+08:00 is whole hours), whatever the session zone.
  const hour = sql<number>`floor(extract(epoch from ${orders.receivedAt}) / 3600)::int`;
  const [open, held, disputes, breaches, calls, operators] = await Promise.all([
    db
      .select({ slaState: orders.slaState, escalationLevel: orders.escalationLevel, count: count() })
      .from(orders)
      .where(ne(orders.state, 'closed'))
      .groupBy(orders.slaState, orders.escalationLevel),
    db
      .select({ n: count() })
      .from(orders)
      .where(and(eq(orders.state, 'received'), isNull(orders.leadUnit), ne(orders.orderType, 'consultation'))),
    db.select({ n: count() }).from(orders).where(eq(orders.state, 'returned')),
    db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.type, 'clock_breached'), gte(auditEvents.at, new Date(now - HOUR_MS)))),
    db
      .select({ hour: hour.as('hour'), count: count() })
      .from(orders)
      .where(gte(orders.receivedAt, since))
      .groupBy(sql`1`),
    operatorLoad(db, new Date(now - operatorHours * HOUR_MS)),
  ]);
  return {
    open,
    held: held[0]?.n ?? 0,
    disputes: disputes[0]?.n ?? 0,
    breachesLastHour: breaches[0]?.n ?? 0,
    calls: calls.map((c) => ({ hour: c.hour * HOUR_MS, count: c.count })),
    operators,
  };
}
