/** Read-model history intake cannot make: copies of a filed order's row received at other times. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { orders } from '../../db/schema';

/** Copies of `orderId` received at `times`, numbered `<orderId>-<series><i>`; their ids. */
export async function orderCopies(db: Db, orderId: string, series: number, times: number[]): Promise<string[]> {
  const [row] = await db.select().from(orders).where(eq(orders.orderId, orderId));
  const ids = times.map((_, i) => `${orderId}-${series}${i}`);
  await db.insert(orders).values(times.map((t, i) => ({ ...row!, orderId: ids[i]!, receivedAt: new Date(t) })));
  return ids;
}
