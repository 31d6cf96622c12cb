/**
 * Reading an order back the way the product does: its view from the workflow, its read-model row and
 * its audit trail from the database (the product's own reads: services/orders.ts, db/queries.ts).
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { Db } from '../db/client';
import { auditTrail } from '../db/queries';
import { orderQuery, type OrderView } from '../workflows/messages';

export { auditTrail, orderRow } from '../db/queries';
export { workflowView } from '../api/order-reads';

/** The view from a workflow handle at hand (workflowView, for an order id). */
export const orderView = (handle: WorkflowHandle): Promise<OrderView> => handle.query(orderQuery);

/** The order's audit event types, in sequence. */
export async function auditTypes(db: Db, orderId: string): Promise<string[]> {
  return (await auditTrail(db, orderId)).map((row) => row.type);
}
