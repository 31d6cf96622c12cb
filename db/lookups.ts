/** The citizen lookup's wrong codes (lookup_failures): counted over a window, kept no longer than it. */
import { and, gt, lt, sql } from 'drizzle-orm';
import type { Db } from './client';
import { lookupFailures } from './schema';

export interface LookupTally {
  /** Wrong codes for this order within the window, from anyone. */
  order: number;
  /** Wrong codes from this client within the window, for any order. */
  client: number;
  /** When the client's oldest counted wrong code was given (it leaves the window first). */
  clientSince: Date | null;
}

/** Both counts in one round trip, so every lookup costs the same whatever it is for. */
export async function lookupTally(db: Db, orderId: string, client: string, since: Date): Promise<LookupTally> {
  const ofOrder = sql`${lookupFailures.orderId} = ${orderId}`;
  const ofClient = sql`${lookupFailures.client} = ${client}`;
  const [row] = await db
    .select({
      order: sql<number>`count(*) filter (where ${ofOrder})`.mapWith(Number),
      client: sql<number>`count(*) filter (where ${ofClient})`.mapWith(Number),
      clientSince: sql<Date | null>`min(${lookupFailures.at}) filter (where ${ofClient})`.mapWith(lookupFailures.at),
    })
    .from(lookupFailures)
    .where(and(gt(lookupFailures.at, since), sql`(${ofOrder} or ${ofClient})`));
  return { order: row?.order ?? 0, client: row?.client ?? 0, clientSince: row?.clientSince ?? null };
}

/** Records a wrong code, and forgets those that have left the window (nothing is kept longer than needed). */
export async function recordLookupFailure(db: Db, orderId: string, client: string, since: Date): Promise<void> {
  await db.insert(lookupFailures).values({ orderId, client });
  await db.delete(lookupFailures).where(lt(lookupFailures.at, since));
}
