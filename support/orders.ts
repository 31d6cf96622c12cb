/**
 * Reading an order back the way the product does: its view from the workflow, its read-model row and
 * its audit trail from the database (the product's own queries in db/queries.ts).
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { Db } from '../db/client';
import { auditTrail } from '../db/queries';
import { orderQuery, type OrderView } from '../workflows/messages';

export { auditTrail, orderRow } from '../db/queries';

/** The workflow's view of the order (its query; answered while Temporal keeps the workflow). */
export const orderView = (handle: WorkflowHandle): Promise<OrderView> => handle.query(orderQuery);

/** The order's audit event types, in sequence. */
export async function auditTypes(db: Db, orderId: string): Promise<string[]> {
  return (await auditTrail(db, orderId)).map((row) => row.type);
}
