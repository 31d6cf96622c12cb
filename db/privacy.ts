/**
 * The privacy log (个人信息处理记录) — every full view of a citizen's contact and every anonymisation by
 * retention, append-only — and the anonymisation itself: the read model forgets a closed order's contact
 * and request text, and keeps everything the KPIs and the fairness rule count (the requester hash).
 */
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../domain/order';
import type { Db } from './client';
import { orders, privacyLog, type PrivacyLogKind, type PrivacyLogRow } from './schema';

/** What an anonymised order's request text reads. */
export const ANONYMISED_DESCRIPTION = '（已匿名化）';

export async function recordContactView(db: Db, orderId: string, actor: Actor): Promise<void> {
  await db.insert(privacyLog).values({
    kind: 'contact_viewed',
    orderId,
    actorRole: actor.role,
    actorId: actor.id,
    actorUnit: actor.unit,
  });
}

export interface PrivacyLogFilters {
  kind: PrivacyLogKind;
  orderId?: string | undefined;
  actorId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** Newest first; the cursor is the id of the last row of the page before. */
export async function listPrivacyLog(
  db: Db,
  f: PrivacyLogFilters,
  page: { limit: number; cursor?: number | undefined },
): Promise<{ items: PrivacyLogRow[]; nextCursor: number | null }> {
  const where: (SQL | undefined)[] = [
    eq(privacyLog.kind, f.kind),
    f.orderId ? eq(privacyLog.orderId, f.orderId) : undefined,
    f.actorId ? eq(privacyLog.actorId, f.actorId) : undefined,
    f.from ? gte(privacyLog.at, f.from) : undefined,
    f.to ? lt(privacyLog.at, f.to) : undefined,
    page.cursor ? lt(privacyLog.id, page.cursor) : undefined,
  ];
  const rows = await db
    .select()
    .from(privacyLog)
    .where(and(...where))
    .orderBy(desc(privacyLog.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  return { items, nextCursor: rows.length > page.limit ? items.at(-1)!.id : null };
}

export interface AnonymiseBatch {
  closedBefore: Date;
  limit: number;
  /** For the log: the setting and policy version applied, and the retention run. */
  afterDays: number;
  policyVersion: number;
  run: string;
}

/**
 * Anonymises up to `limit` orders closed before `closedBefore` and logs each, in one transaction (a retry
 * finds them done). `citizen` NULL marks an order done: the partial index of orders still holding a
 * contact stays small, and an order the workflow wrote again later is found again.
 */
export async function anonymiseClosedOrders(db: Db, batch: AnonymiseBatch): Promise<number> {
  return db.transaction(async (tx) => {
    const due = tx
      .select({ orderId: orders.orderId })
      .from(orders)
      .where(and(sql`${orders.citizen} is not null`, lt(orders.closedAt, batch.closedBefore)))
      .orderBy(orders.closedAt, orders.orderId)
      .limit(batch.limit)
      .for('update', { skipLocked: true });
    const done = await tx
      .update(orders)
      .set({
        citizen: null,
        snapshot: sql`${orders.snapshot} || jsonb_build_object('citizen', '{}'::jsonb, 'description', ${ANONYMISED_DESCRIPTION}::text, 'incidentAddress', null)`,
      })
      .where(inArray(orders.orderId, due))
      .returning({ orderId: orders.orderId, closedAt: orders.closedAt });
    if (!done.length) return 0;
    await tx.insert(privacyLog).values(
      done.map((o) => ({
        kind: 'anonymised' as const,
        orderId: o.orderId,
        actorRole: 'system',
        actorId: 'retention',
        actorUnit: null,
        data: {
          closedAt: o.closedAt?.toISOString() ?? null,
          afterDays: batch.afterDays,
          policyVersion: batch.policyVersion,
          run: batch.run,
        },
      })),
    );
    return done.length;
  });
}
