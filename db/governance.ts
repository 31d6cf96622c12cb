/** Queries behind repeat detection (并单) and knowledge-gap tasks. */
import { and, desc, eq, gte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { knowledgeGaps, orders } from './schema';

/** Open orders that could be the same matter: same requester or same category, received since `since`. */
export async function repeatPool(
  db: Db,
  subject: { orderId: string; requesterHash: string | null; category: string | null },
  since: Date,
) {
  const links: SQL[] = [];
  if (subject.requesterHash) links.push(eq(orders.requesterHash, subject.requesterHash));
  if (subject.category) links.push(eq(orders.category, subject.category));
  if (!links.length) return [];
  return db
    .select({
      orderId: orders.orderId,
      requesterHash: orders.requesterHash,
      category: orders.category,
      lat: orders.lat,
      lng: orders.lng,
      address: sql<string | null>`${orders.snapshot}->>'incidentAddress'`,
      receivedAt: orders.receivedAt,
      state: orders.state,
      leadUnit: orders.leadUnit,
    })
    .from(orders)
    .where(
      and(ne(orders.state, 'closed'), ne(orders.orderId, subject.orderId), gte(orders.receivedAt, since), or(...links)),
    )
    .orderBy(desc(orders.receivedAt))
    .limit(200);
}

export async function createKnowledgeGap(db: Db, gap: typeof knowledgeGaps.$inferInsert) {
  const [row] = await db.insert(knowledgeGaps).values(gap).returning();
  return row!;
}

export async function listKnowledgeGaps(db: Db, unit: string | undefined) {
  return db
    .select()
    .from(knowledgeGaps)
    .where(and(eq(knowledgeGaps.status, 'open'), unit ? eq(knowledgeGaps.unit, unit) : undefined))
    .orderBy(desc(knowledgeGaps.id))
    .limit(200);
}
