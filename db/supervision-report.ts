/**
 * 督查专报's figures beyond the KPIs (db/kpi), from the audit trail and the inspection tables within a
 * period: each query reads one event type (or table) through its period index (audit_events_type_at_idx,
 * order_outcomes_at_idx), never the city's whole trail; the unit an event counts for is decided as the
 * unit's own page decides it (db/unit-detail leadAt, nextOf).
 */
import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { RATE_PARTS, type KpiRate, type OutcomeName } from '../domain/kpi';
import { RUBRIC, type InspectionKind, type RubricItem } from '../domain/inspection';
import type { ReplyFindingCode } from '../domain/reply-quality';
import {
  orderList,
  REPORT_ORDER_LIMIT,
  type DisputeOutcome,
  type FindingOutcome,
  type OrderList,
  type SupervisionReport,
} from '../domain/supervision-report';
import type { Db } from './client';
import { auditEvents, inspectionItems, orderOutcomes, orders, supervisionCases } from './schema';
import { leadAt, nextOf } from './unit-detail';

export interface ReportScope {
  from: Date;
  to: Date;
  /** Only what counts for this unit; undefined: the whole centre. */
  unit?: string;
}

/** Rows grouped by a key, each group's orders as an OrderList, in the order the keys first appear. */
function groupOrders<R, K>(rows: R[], key: (r: R) => K | null, orderId: (r: R) => string): [K, OrderList][] {
  const groups = new Map<string, { key: K; ids: string[] }>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const id = JSON.stringify(k);
    const g = groups.get(id) ?? { key: k, ids: [] };
    g.ids.push(orderId(r));
    groups.set(id, g);
  }
  return [...groups.values()].map((g) => [g.key, orderList(g.ids)]);
}

const ofType = (type: string, s: ReportScope) =>
  and(eq(auditEvents.type, type), gte(auditEvents.at, s.from), lt(auditEvents.at, s.to));

/** The first orders (oldest outcome first) behind each rate's numerator and denominator; their totals are the KPI's own counts. */
async function kpiOrders(db: Db, s: ReportScope, rates: readonly KpiRate[]) {
  const idsOf = async (names: OutcomeName[]) => {
    // Walks the period's index oldest first and stops early: enough rows for the list, not the period's all.
    const rows = await db
      .select({ orderId: orderOutcomes.orderId })
      .from(orderOutcomes)
      .where(
        and(
          gte(orderOutcomes.at, s.from),
          lt(orderOutcomes.at, s.to),
          inArray(orderOutcomes.name, names),
          s.unit === undefined ? undefined : eq(orderOutcomes.unit, s.unit),
        ),
      )
      .orderBy(asc(orderOutcomes.at))
      .limit(REPORT_ORDER_LIMIT * 4);
    return [...new Set(rows.map((r) => r.orderId))].slice(0, REPORT_ORDER_LIMIT);
  };
  return Promise.all(
    rates.map(async (rate) => ({
      rate,
      numerator: await idsOf(RATE_PARTS[rate].numerator),
      denominator: await idsOf(RATE_PARTS[rate].denominator),
    })),
  );
}

/** 超时 by clock: response and handling count for the lead unit of the moment, an assist clock for its assisting unit. */
async function breaches(db: Db, s: ReportScope): Promise<SupervisionReport['breaches']> {
  const rows = await db
    .select({
      orderId: auditEvents.orderId,
      clock: sql<string>`${auditEvents.data}->>'clock'`,
      subject: sql<string | null>`${auditEvents.data}->>'subject'`,
      lead: leadAt,
    })
    .from(auditEvents)
    .where(ofType('clock_breached', s))
    .orderBy(asc(auditEvents.at));
  const unitOf = (r: (typeof rows)[number]) =>
    r.clock === 'assist' ? r.subject : r.clock === 'response' || r.clock === 'handling' ? r.lead : null;
  const mine = s.unit === undefined ? rows : rows.filter((r) => unitOf(r) === s.unit);
  return groupOrders(
    mine,
    (r) => r.clock,
    (r) => r.orderId,
  ).map(([clock, orders]) => ({ clock, orders }));
}

/** 提级 by level and cause; a coordinator's own escalation (its reason typed by hand) is one cause, null. */
async function escalations(db: Db, s: ReportScope): Promise<SupervisionReport['escalations']> {
  const rows = await db
    .select({
      orderId: auditEvents.orderId,
      level: sql<number>`(${auditEvents.data}->>'to')::int`,
      cause: sql<string | null>`case when ${auditEvents.actorRole} = 'system' then ${auditEvents.reason} end`,
      lead: leadAt,
    })
    .from(auditEvents)
    .where(ofType('escalated', s))
    .orderBy(asc(auditEvents.at));
  const mine = s.unit === undefined ? rows : rows.filter((r) => r.lead === s.unit);
  return groupOrders(
    mine,
    (r) => [r.level, r.cause] as const,
    (r) => r.orderId,
  )
    .map(([[level, cause], orders]) => ({ level, cause, orders }))
    .sort((a, b) => b.level - a.level || b.orders.total - a.orders.total);
}

/** 退单 made in the period and their ruling: reassigned or sent to the backstop — the unit won; kept — the centre won. */
async function disputes(db: Db, s: ReportScope): Promise<SupervisionReport['disputes']> {
  const rows = await db
    .select({ orderId: auditEvents.orderId, next: nextOf(['ruled', 'backstop_assigned']) })
    .from(auditEvents)
    .where(and(ofType('returned', s), s.unit === undefined ? undefined : eq(auditEvents.actorUnit, s.unit)))
    .orderBy(asc(auditEvents.at));
  const outcome = (next: string | null): DisputeOutcome =>
    next === 'ruled:keep' ? 'centre' : next === null ? 'waiting' : 'unit';
  return groupOrders(
    rows,
    (r) => outcome(r.next),
    (r) => r.orderId,
  ).map(([o, orders]) => ({ outcome: o, orders }));
}

/** 质检 findings by code and what became of them: the reviewer's decision after the finding, else the policy's action. */
async function quality(db: Db, s: ReportScope): Promise<SupervisionReport['quality']> {
  const rows = await db
    .select({
      orderId: auditEvents.orderId,
      code: sql<ReplyFindingCode>`${auditEvents.data}->>'code'`,
      action: sql<string>`${auditEvents.data}->>'action'`,
      next: nextOf(['quality_cleared', 'quality_returned']),
    })
    .from(auditEvents)
    .where(
      and(
        ofType('quality_finding', s),
        s.unit === undefined ? undefined : sql`${auditEvents.data}->>'unit' = ${s.unit}`,
      ),
    )
    .orderBy(asc(auditEvents.at));
  const outcome = (r: (typeof rows)[number]): FindingOutcome =>
    r.next === 'quality_cleared'
      ? 'cleared'
      : r.next === 'quality_returned'
        ? 'returned'
        : r.action === 'review'
          ? 'pending'
          : 'warned';
  return groupOrders(
    rows,
    (r) => [r.code, outcome(r)] as const,
    (r) => r.orderId,
  )
    .map(([[code, o], orders]) => ({ code, outcome: o, orders }))
    .sort((a, b) => b.orders.total - a.orders.total);
}

/** 抽查 scored in the period, by rubric item: the mean and the orders scored 2 or less. */
async function inspection(db: Db, s: ReportScope): Promise<SupervisionReport['inspection']> {
  const rows = await db
    .select({ kind: inspectionItems.kind, orderId: inspectionItems.orderId, scores: inspectionItems.scores })
    .from(inspectionItems)
    .where(
      and(
        eq(inspectionItems.status, 'scored'),
        gte(inspectionItems.scoredAt, s.from),
        lt(inspectionItems.scoredAt, s.to),
        s.unit === undefined ? undefined : eq(inspectionItems.subject, s.unit),
      ),
    )
    .orderBy(asc(inspectionItems.scoredAt));
  return (Object.entries(RUBRIC) as [InspectionKind, readonly RubricItem[]][]).flatMap(([kind, items]) => {
    const scored = rows.filter((r) => r.kind === kind && r.scores);
    if (scored.length === 0) return [];
    return items.map((item) => {
      const score = (r: (typeof scored)[number]) => r.scores![item] ?? 0;
      return {
        kind,
        item,
        mean: scored.reduce((n, r) => n + score(r), 0) / scored.length,
        orders: orderList(scored.map((r) => r.orderId)),
        low: orderList(scored.filter((r) => score(r) <= 2).map((r) => r.orderId)),
      };
    });
  });
}

/** 问责线索 opened in the period. */
async function cases(db: Db, s: ReportScope): Promise<OrderList> {
  const rows = await db
    .select({ orderId: supervisionCases.orderId })
    .from(supervisionCases)
    .where(
      and(
        gte(supervisionCases.openedAt, s.from),
        lt(supervisionCases.openedAt, s.to),
        s.unit === undefined ? undefined : eq(supervisionCases.unit, s.unit),
      ),
    )
    .orderBy(asc(supervisionCases.id));
  return orderList(rows.map((r) => r.orderId));
}

/** Which of these orders the unit leads now. */
export async function ordersLedBy(db: Db, unit: string, orderIds: string[]): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const rows = await db
    .select({ orderId: orders.orderId })
    .from(orders)
    .where(and(eq(orders.leadUnit, unit), inArray(orders.orderId, orderIds)));
  return new Set(rows.map((r) => r.orderId));
}

/** The report's figures from the trail and the inspections (the KPIs and structural problems are the caller's). */
export async function supervisionFigures(db: Db, s: ReportScope, rates: readonly KpiRate[]) {
  const [kpi, b, e, d, q, i, c] = await Promise.all([
    kpiOrders(db, s, rates),
    breaches(db, s),
    escalations(db, s),
    disputes(db, s),
    quality(db, s),
    inspection(db, s),
    cases(db, s),
  ]);
  return { kpiOrders: kpi, breaches: b, escalations: e, disputes: d, quality: q, inspection: i, cases: c };
}
