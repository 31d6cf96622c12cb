/**
 * What Open311 (api/open311/) reads and keeps: the partners and their keys (as SHA-256), and the orders as
 * the public may see them — no citizen, no request text, no address, no photo but the unit's after-photo;
 * confidential reports and consultations (answered at intake) left out.
 */
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { open311Partners, orders, photos, type Open311PartnerRow } from './schema';

export const keyHash = (apiKey: string) => createHash('sha256').update(apiKey).digest('hex');

/** The partner a key belongs to, unless unknown or revoked. */
export async function partnerOfKey(db: Db, apiKey: string): Promise<Open311PartnerRow | undefined> {
  const [row] = await db
    .select()
    .from(open311Partners)
    .where(and(eq(open311Partners.keyHash, keyHash(apiKey)), isNull(open311Partners.revokedAt)));
  return row;
}

/** Adds a partner, or gives an existing (even revoked) one a new key and takes it back into use. */
export async function savePartner(db: Db, p: { id: string; name: string; apiKey: string; by: string }) {
  await db
    .insert(open311Partners)
    .values({ id: p.id, name: p.name, keyHash: keyHash(p.apiKey), createdBy: p.by })
    .onConflictDoUpdate({
      target: open311Partners.id,
      set: { name: p.name, keyHash: keyHash(p.apiKey), createdBy: p.by, createdAt: new Date(), revokedAt: null },
    });
}

/** Whether there was a partner to revoke. */
export async function revokePartner(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(open311Partners)
    .set({ revokedAt: sql`coalesce(${open311Partners.revokedAt}, now())` })
    .where(eq(open311Partners.id, id))
    .returning({ id: open311Partners.id });
  return rows.length > 0;
}

export async function partners(db: Db) {
  return db
    .select({
      id: open311Partners.id,
      name: open311Partners.name,
      createdBy: open311Partners.createdBy,
      createdAt: open311Partners.createdAt,
      revokedAt: open311Partners.revokedAt,
    })
    .from(open311Partners)
    .orderBy(asc(open311Partners.id));
}

export interface PublicRequestFilters {
  ids?: string[];
  category?: string;
  status?: 'open' | 'closed';
  from: Date;
  to: Date;
  limit: number;
  offset: number;
}

const PUBLIC_COLUMNS = {
  orderId: orders.orderId,
  category: orders.category,
  state: orders.state,
  leadUnit: orders.leadUnit,
  lat: orders.lat,
  lng: orders.lng,
  receivedAt: orders.receivedAt,
  updatedAt: orders.updatedAt,
  handlingDueAt: orders.handlingDueAt,
  closedAt: orders.closedAt,
  reply: sql<string | null>`${orders.snapshot}->>'reply'`,
  /** The unit's first after-photo (办结照片), Open311's `media_url`: never the citizen's own photos. */
  // Spelled out: drizzle writes a column in a select list unqualified, which inside the subquery is the photo's own.
  afterPhotoId: sql<number | null>`(select min(p.id)::int from ${photos} p
    where p.order_id = ${orders}.order_id and p.kind = 'completion')`,
};

/** Orders the public may see, newest first; `ids` are taken whatever their dates. */
export async function publicRequests(db: Db, f: PublicRequestFilters) {
  const where: (SQL | undefined)[] = [
    ne(orders.orderType, 'consultation'),
    sql`coalesce((${orders.snapshot}->>'confidential')::boolean, false) = false`,
  ];
  if (f.ids) where.push(inArray(orders.orderId, f.ids));
  else where.push(gte(orders.receivedAt, f.from), lt(orders.receivedAt, f.to));
  if (f.category) where.push(eq(orders.category, f.category));
  if (f.status === 'open') where.push(isNull(orders.closedAt));
  if (f.status === 'closed') where.push(isNotNull(orders.closedAt));
  return db
    .select(PUBLIC_COLUMNS)
    .from(orders)
    .where(and(...where))
    .orderBy(desc(orders.receivedAt), desc(orders.orderId))
    .limit(f.limit)
    .offset(f.offset);
}
export type PublicRequestRow = Awaited<ReturnType<typeof publicRequests>>[number];
