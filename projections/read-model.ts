/**
 * The read model (`orders`): one row per order, as the workflow last saw it, for lists, exports and the
 * live screens. Written with every batch (a retry must still leave the newest row); its summary (state,
 * closure, lead unit, escalation level, last sequence) is checked against — and repaired from — the trail.
 */
import { eq, sql } from 'drizzle-orm';
import { orders } from '../db/schema';
import { inRange } from '../db/trail';
import { orderPlace } from '../domain/hotspots';
import type { OrderReadModel } from '../domain/order-view';
import { trailSummary } from '../domain/trail';
import type { Difference, Projection } from './projection';

const date = (ms: number | null) => (ms == null ? null : new Date(ms));

/** The `orders` row of a read model (also what a bulk load writes, so it is the workflow's own row). */
export function orderRowOf(order: OrderReadModel) {
  return {
    orderId: order.orderId,
    orderType: order.orderType,
    channel: order.channel,
    category: order.category,
    urgency: order.urgency,
    state: order.state,
    closureCode: order.closureCode,
    slaState: order.slaState,
    escalationLevel: order.escalationLevel,
    leadUnit: order.leadUnit,
    assistingUnits: order.assistingUnits,
    policyVersion: order.policyVersion,
    requesterHash: order.requesterHash,
    lat: order.lat ?? null,
    lng: order.lng ?? null,
    place: orderPlace(order.snapshot.incidentAddress),
    citizen: { ...order.citizen },
    snapshot: order.snapshot as unknown as Record<string, unknown>,
    receivedAt: new Date(order.receivedAt),
    responseDueAt: date(order.responseDueAt),
    handlingDueAt: date(order.handlingDueAt),
    closedAt: date(order.closedAt),
    updatedAt: new Date(order.updatedAt),
    lastSeq: order.lastSeq,
  };
}

/** The summary fields the trail decides. */
const SUMMARY_FIELDS = ['state', 'closureCode', 'leadUnit', 'escalationLevel', 'lastSeq'] as const;

/** `field` of a difference when an order has a trail but no row. */
export const MISSING_ROW = 'row';

export const readModel: Projection = {
  name: 'read-model',
  follows: 'every batch',
  async apply(tx, { order }) {
    const row = orderRowOf(order);
    const { orderId: _id, receivedAt: _r, ...changes } = row;
    // A retry of an older batch must never move the row backwards. The row lock it takes also orders
    // this write after a concurrent pass over the trail (projections/rebuild).
    await tx
      .insert(orders)
      .values(row)
      .onConflictDoUpdate({
        target: orders.orderId,
        set: changes,
        setWhere: sql`${orders.lastSeq} <= ${order.lastSeq}`,
      });
  },
  async check(tx, range, facts, mode) {
    const rows = new Map(
      (await tx.select().from(orders).where(inRange(orders.orderId, range))).map((r) => [r.orderId, r]),
    );
    const differences: Difference[] = [];
    for (const [orderId, f] of facts) {
      const row = rows.get(orderId);
      // Not rebuilt: the row's other fields (the citizen's contact, the deadlines) are the workflow's.
      if (!row) {
        differences.push({ orderId, field: MISSING_ROW, stored: null, trail: f.lastSeq });
        continue;
      }
      const { missing: _missing, ...summary } = trailSummary(f);
      const differing = SUMMARY_FIELDS.filter((k) => row[k] !== summary[k]);
      for (const k of differing) differences.push({ orderId, field: k, stored: row[k], trail: summary[k] });
      if (differing.length && mode !== 'verify')
        await tx.update(orders).set(summary).where(eq(orders.orderId, orderId));
    }
    return { differences, derived: facts.size };
  },
};
