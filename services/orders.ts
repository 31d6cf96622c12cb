/**
 * The one way to load an order's state: live from its workflow while it runs, from the read model once it
 * has closed (a closed workflow may be gone from Temporal after its retention period).
 */
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client';
import { orderRow } from '../db/queries';
import { orderQuery, type OrderView } from '../workflows/messages';
import type { orderWorkflow } from '../workflows/order';

export class OrderNotFound extends Error {
  constructor(readonly orderId: string) {
    super(`no order ${orderId}`);
  }
}

/** The workflow's own view of the order (a query), running or closed, as long as Temporal keeps it. */
export function workflowView(temporal: Client, orderId: string): Promise<OrderView> {
  return temporal.workflow.getHandle<typeof orderWorkflow>(orderId).query(orderQuery);
}

export async function loadOrder(deps: { temporal: Client; db: Db }, orderId: string): Promise<OrderView> {
  const handle = deps.temporal.workflow.getHandle<typeof orderWorkflow>(orderId);
  const { status } = await handle.describe();
  if (status.name === 'RUNNING') return handle.query(orderQuery);
  const row = await orderRow(deps.db, orderId);
  if (!row) throw new OrderNotFound(orderId);
  // The read model stores the view the workflow last wrote (domain/order-view OrderView).
  return row.snapshot as unknown as OrderView;
}
