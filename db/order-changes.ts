/**
 * Live updates: every read-model write announces itself with NOTIFY in its own transaction, so a
 * listener hears of a change only once it is committed and readable. The payload names the order and
 * the units on it (no citizen data), which is all the API needs to tell each caller what concerns them.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client';

export const ORDER_CHANGES_CHANNEL = 'orders_changed';

export interface OrderChange {
  orderId: string;
  state: string;
  /** Lead and assisting units after the change. */
  units: string[];
  /** A rating went to the third-party review queue with this change. */
  reviewQueued: boolean;
}

export async function announceOrderChange(tx: Db, change: OrderChange): Promise<void> {
  await tx.execute(sql`select pg_notify(${ORDER_CHANGES_CHANNEL}, ${JSON.stringify(change)})`);
}

/** Parses a payload; anything else on the channel is ignored. */
export function parseOrderChange(payload: string): OrderChange | null {
  try {
    const c = JSON.parse(payload) as Partial<OrderChange>;
    if (typeof c.orderId !== 'string' || typeof c.state !== 'string' || !Array.isArray(c.units)) return null;
    return { orderId: c.orderId, state: c.state, units: c.units.map(String), reviewQueued: c.reviewQueued === true };
  } catch {
    return null;
  }
}
