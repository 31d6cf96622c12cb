/**
 * A unit's own page (单位详情) beside its figures: what happened to its returns (退单: upheld, refused or
 * not ruled in time), its extension requests (延期: granted, refused, waiting) and the escalations of the
 * orders it led, in a period. Each is read from the trail: the unit's own event, and the decision that
 * followed it on the same order.
 */
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from './client';
import { auditEvents } from './schema';

export interface UnitEvents {
  /** 退单 the unit made; 胜 = the order went elsewhere (reassigned or backstop), 负 = it had to keep it. */
  returns: { total: number; won: number; lost: number; waiting: number };
  extensions: { requested: number; granted: number; denied: number; waiting: number };
  /** Escalations (提级) of orders while the unit led them, by the level reached. */
  escalations: { l1: number; l2: number; l3: number };
}

/**
 * The first event of `types` after the row's own on the same order (null when none yet). The row's columns
 * are named with their table: drizzle leaves a selected column unqualified, which inside the subquery would
 * name the subquery's own row.
 */
export const nextOf = (types: string[]) => sql<string | null>`(
  select n.type || coalesce(':' || (n.data->>'decision'), '')
  from ${auditEvents} n
  where n.order_id = audit_events.order_id and n.seq > audit_events.seq
    and n.type = any(${sql.param(types)}::text[])
  order by n.seq limit 1)`;

/** The unit that led the order at an event: the lead of the last dispatch before it. */
export const leadAt = sql<string | null>`(
  select d.data->>'leadUnit'
  from ${auditEvents} d
  where d.order_id = audit_events.order_id and d.seq < audit_events.seq
    and d.type in ('dispatched', 'redispatched')
  order by d.seq desc limit 1)`;

export async function unitEvents(db: Db, unit: string, from: Date, to: Date): Promise<UnitEvents> {
  const inPeriod = and(gte(auditEvents.at, from), lt(auditEvents.at, to));
  const [returns, extensions, escalations] = await Promise.all([
    db
      .select({ next: nextOf(['ruled', 'backstop_assigned']) })
      .from(auditEvents)
      .where(and(eq(auditEvents.type, 'returned'), eq(auditEvents.actorUnit, unit), inPeriod)),
    db
      .select({ next: nextOf(['extension_granted', 'extension_denied']) })
      .from(auditEvents)
      .where(and(eq(auditEvents.type, 'extension_requested'), eq(auditEvents.actorUnit, unit), inPeriod)),
    db
      .select({ level: sql<number>`(${auditEvents.data}->>'to')::int`, lead: leadAt })
      .from(auditEvents)
      .where(and(eq(auditEvents.type, 'escalated'), inPeriod)),
  ]);
  const count = <T>(rows: T[], test: (r: T) => boolean) => rows.filter(test).length;
  const mine = escalations.filter((e) => e.lead === unit);
  return {
    returns: {
      total: returns.length,
      won: count(returns, (r) => r.next === 'ruled:reassign' || r.next === 'backstop_assigned'),
      lost: count(returns, (r) => r.next === 'ruled:keep'),
      waiting: count(returns, (r) => r.next === null),
    },
    extensions: {
      requested: extensions.length,
      granted: count(extensions, (r) => r.next === 'extension_granted'),
      denied: count(extensions, (r) => r.next === 'extension_denied'),
      waiting: count(extensions, (r) => r.next === null),
    },
    escalations: {
      l1: count(mine, (e) => e.level === 1),
      l2: count(mine, (e) => e.level === 2),
      l3: count(mine, (e) => e.level === 3),
    },
  };
}
