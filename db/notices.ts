/** 站内通知 (schema `unit_notices`): the notices a unit reads in the console, written by their receiver. */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from './client';
import { unitNotices } from './schema';

export type UnitNotice = typeof unitNotices.$inferInsert;

/** Writes notices; one already there for its (order, event, unit) is kept: a redelivery adds nothing. */
export async function writeNotices(db: Db, notices: readonly UnitNotice[]): Promise<void> {
  if (notices.length)
    await db
      .insert(unitNotices)
      .values([...notices])
      .onConflictDoNothing();
}

/** A unit's notices, newest first, keyset-paged by id. */
export async function noticesOf(db: Db, unit: string, limit: number, beforeId?: number) {
  return db
    .select()
    .from(unitNotices)
    .where(and(eq(unitNotices.unit, unit), beforeId === undefined ? undefined : lt(unitNotices.id, beforeId)))
    .orderBy(desc(unitNotices.id))
    .limit(limit);
}
