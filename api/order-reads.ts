/**
 * The one way to load an order's state: live from its workflow while it runs, from the read model once it
 * has closed (a closed workflow may be gone from Temporal after its retention period).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
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

/** Which verification code the order's lookup takes, from the workflow's memo: one describe, no query. */
export async function verificationCodeVersion(temporal: Client, orderId: string): Promise<number> {
  const { memo } = await temporal.workflow.getHandle(orderId).describe();
  const version = memo?.verificationCodeVersion;
  return typeof version === 'number' ? version : 0;
}

/** How long a just-created order may take to reach the read model (its first workflow task writes it). */
const FIRST_WRITE_MS = 3_000;

/**
 * An order's read-model row. An order that exists but whose first write has not landed yet (it was
 * created a moment ago) is waited for, briefly; an order that does not exist is undefined at once.
 */
export async function awaitOrderRow(deps: { temporal: Client; db: Db }, orderId: string) {
  const row = await orderRow(deps.db, orderId);
  if (row) return row;
  const exists = await workflowExists(deps.temporal, orderId);
  for (let waited = 0; exists && waited < FIRST_WRITE_MS; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const written = await orderRow(deps.db, orderId);
    if (written) return written;
  }
  return undefined;
}

function workflowExists(temporal: Client, orderId: string): Promise<boolean> {
  return temporal.workflow
    .getHandle(orderId)
    .describe()
    .then(
      () => true,
      (err: unknown) => {
        if (err instanceof WorkflowNotFoundError) return false;
        throw err;
      },
    );
}

export async function loadOrder(deps: { temporal: Client; db: Db }, orderId: string): Promise<OrderView> {
  const handle = deps.temporal.workflow.getHandle<typeof orderWorkflow>(orderId);
  // Gone from Temporal: a closed order past the namespace's retention, read from the read model.
  const status = await handle.describe().then(
    (d) => d.status.name,
    (err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    },
  );
  if (status === 'RUNNING') return handle.query(orderQuery);
  const row = await orderRow(deps.db, orderId);
  if (!row) throw new OrderNotFound(orderId);
  // The read model stores the view the workflow last wrote (domain/order-view OrderView). One stored before
  // the view carried its phase is of a finished order, which is closed.
  const view = row.snapshot as unknown as Omit<OrderView, 'phase'> & { phase?: OrderView['phase'] };
  return { ...view, phase: view.phase ?? 'closed' };
}
