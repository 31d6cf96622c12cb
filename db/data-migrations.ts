/**
 * One-off data migrations run at start (runtime/parts): a fill is recorded only after it returns, so a start
 * stopped mid-fill runs it again from the beginning — each fill must be safe to repeat — and every later
 * start skips it with one read. Two processes starting together may both fill; the record is written once.
 */
import { eq } from 'drizzle-orm';
import type { Db } from './client';
import { dataMigrations } from './schema';

/** Runs `fill` unless `name` is recorded as complete; null when skipped. */
export async function once<T>(db: Db, name: string, fill: () => Promise<T>): Promise<T | null> {
  const [done] = await db
    .select({ name: dataMigrations.name })
    .from(dataMigrations)
    .where(eq(dataMigrations.name, name));
  if (done) return null;
  const result = await fill();
  await db.insert(dataMigrations).values({ name }).onConflictDoNothing();
  return result;
}
