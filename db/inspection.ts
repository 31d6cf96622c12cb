/**
 * 抽查's queries: the week's populations (each unit's closed orders, each operator's intakes), the draw
 * and its items, the inspector's scores, 问责线索, and the mean score per unit the KPIs show.
 */
import { and, asc, eq, gt, gte, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from './client';
import {
  auditEvents,
  inspectionDraws,
  inspectionItems,
  orders,
  supervisionCases,
  type InspectionItemRow,
} from './schema';
import type { AuditEventType } from '../domain/events';
import {
  drawSample,
  meanScore,
  type InspectionAction,
  type InspectionKind,
  type Population,
} from '../domain/inspection';

function grouped(rows: { group: string | null; orderId: string }[]): Population {
  const population: Population = {};
  for (const r of rows) if (r.group) (population[r.group] ??= []).push(r.orderId);
  return population;
}

/** The orders each unit closed in [from, to) as lead unit, merged ones aside (another order carries them). */
export async function closedOrdersByUnit(db: Db, from: Date, to: Date): Promise<Population> {
  const rows = await db
    .select({ group: orders.leadUnit, orderId: orders.orderId })
    .from(orders)
    .where(
      and(
        isNotNull(orders.leadUnit),
        gte(orders.closedAt, from),
        lt(orders.closedAt, to),
        sql`${orders.closureCode} is distinct from 'merged'`,
      ),
    );
  return grouped(rows);
}

/** The orders each operator took in [from, to) (the `received` event's actor). */
export async function intakesByOperator(db: Db, from: Date, to: Date): Promise<Population> {
  const rows = await db
    .select({ group: auditEvents.actorId, orderId: auditEvents.orderId })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.type, 'received' satisfies AuditEventType),
        eq(auditEvents.actorRole, 'operator'),
        gte(auditEvents.at, from),
        lt(auditEvents.at, to),
      ),
    );
  return grouped(rows);
}

export interface DrawInput {
  week: string;
  from: number;
  to: number;
  seed: string;
  sizes: Record<InspectionKind, number>;
  policyVersion: number;
  drawnAt: number;
}

/**
 * The week's draw: its populations read, the sample drawn (domain/inspection) and recorded with the seed
 * and populations, and an item per order drawn. A week already drawn is kept as it was (a retried run).
 */
export async function drawInspection(db: Db, d: DrawInput): Promise<{ drawId: number; items: number; fresh: boolean }> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(inspectionDraws).where(eq(inspectionDraws.week, d.week));
    if (existing) {
      const [n] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(inspectionItems)
        .where(eq(inspectionItems.drawId, existing.id));
      return { drawId: existing.id, items: n?.n ?? 0, fresh: false };
    }
    const population = {
      order: await closedOrdersByUnit(tx, new Date(d.from), new Date(d.to)),
      intake: await intakesByOperator(tx, new Date(d.from), new Date(d.to)),
    };
    const [draw] = await tx
      .insert(inspectionDraws)
      .values({
        week: d.week,
        seed: d.seed,
        population,
        sizes: d.sizes,
        policyVersion: d.policyVersion,
        drawnAt: new Date(d.drawnAt),
      })
      .returning({ id: inspectionDraws.id });
    const items = (['order', 'intake'] as const).flatMap((kind) =>
      Object.entries(drawSample(`${d.seed}/${kind}`, population[kind], d.sizes[kind])).flatMap(([subject, ids]) =>
        ids.map((orderId) => ({ drawId: draw!.id, kind, orderId, subject })),
      ),
    );
    if (items.length) await tx.insert(inspectionItems).values(items);
    return { drawId: draw!.id, items: items.length, fresh: true };
  });
}

/**
 * The queue, each item with what the inspector judges, from the read model: the request, the unit's reply,
 * the order's dates, closure and ratings (no citizen contact).
 */
export async function listInspectionItems(db: Db, status: InspectionItemRow['status'], afterId: number, limit: number) {
  return db
    .select({
      id: inspectionItems.id,
      kind: inspectionItems.kind,
      orderId: inspectionItems.orderId,
      subject: inspectionItems.subject,
      status: inspectionItems.status,
      scores: inspectionItems.scores,
      mean: inspectionItems.mean,
      comment: inspectionItems.comment,
      action: inspectionItems.action,
      followUpOrderId: inspectionItems.followUpOrderId,
      week: inspectionDraws.week,
      orderType: orders.orderType,
      categoryName: sql<string | null>`${orders.snapshot}->>'categoryName'`,
      request: sql<string | null>`${orders.snapshot}->>'description'`,
      reply: sql<string | null>`${orders.snapshot}->>'reply'`,
      leadUnit: orders.leadUnit,
      closureCode: orders.closureCode,
      slaState: orders.slaState,
      receivedAt: orders.receivedAt,
      closedAt: orders.closedAt,
    })
    .from(inspectionItems)
    .innerJoin(inspectionDraws, eq(inspectionDraws.id, inspectionItems.drawId))
    .leftJoin(orders, eq(orders.orderId, inspectionItems.orderId))
    .where(and(eq(inspectionItems.status, status), gt(inspectionItems.id, afterId)))
    .orderBy(asc(inspectionItems.id))
    .limit(limit);
}

export async function inspectionItem(db: Db, id: number): Promise<InspectionItemRow | undefined> {
  const [row] = await db.select().from(inspectionItems).where(eq(inspectionItems.id, id));
  return row;
}

/** Records the inspector's scores on a pending item, and the 问责线索 it opens; undefined when it was scored already. */
export async function scoreInspection(
  db: Db,
  id: number,
  s: {
    scores: Record<string, number>;
    comment: string | null;
    action: InspectionAction;
    reason: string | null;
    followUpOrderId: string | null;
    inspectorId: string;
  },
): Promise<InspectionItemRow | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(inspectionItems)
      .set({
        status: 'scored',
        scores: s.scores,
        mean: meanScore(s.scores),
        comment: s.comment,
        action: s.action,
        followUpOrderId: s.followUpOrderId,
        inspectorId: s.inspectorId,
        scoredAt: new Date(),
      })
      .where(and(eq(inspectionItems.id, id), eq(inspectionItems.status, 'pending')))
      .returning();
    if (row && s.action === 'case') {
      await tx.insert(supervisionCases).values({
        unit: row.subject,
        orderId: row.orderId,
        inspectionItemId: row.id,
        reason: s.reason!,
        openedBy: s.inspectorId,
        openedAt: row.scoredAt!,
      });
    }
    return row;
  });
}

export async function listSupervisionCases(db: Db, afterId: number, limit: number) {
  return db
    .select()
    .from(supervisionCases)
    .where(gt(supervisionCases.id, afterId))
    .orderBy(asc(supervisionCases.id))
    .limit(limit);
}

/** 抽查得分: the mean score and the count of each unit's orders inspected in [from, to) (by when they were scored). */
export async function inspectionScoresByUnit(db: Db, from: Date, to: Date) {
  return db
    .select({
      unit: inspectionItems.subject,
      inspected: sql<number>`count(*)::int`,
      meanScore: sql<number>`avg(${inspectionItems.mean})::float8`,
    })
    .from(inspectionItems)
    .where(
      and(
        eq(inspectionItems.kind, 'order'),
        eq(inspectionItems.status, 'scored'),
        gte(inspectionItems.scoredAt, from),
        lt(inspectionItems.scoredAt, to),
      ),
    )
    .groupBy(inspectionItems.subject)
    .orderBy(asc(inspectionItems.subject));
}
