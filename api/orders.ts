/** Order routes: intake, one order's live state, and department actions. */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client';
import { orders } from '../db/schema';
import type { Actor } from '../domain/order';
import type { ReferenceCache } from '../runtime/reference-cache';
import { orderQuery, updates, TASK_QUEUE, type OrderView } from '../workflows/messages';
import type { orderWorkflow } from '../workflows/order';
import { OrderState } from '../workflows/order-state';
import { initialSearchAttributes, orderSummary } from '../workflows/search-attributes';
import { buildIntake, createOrderBody, orderIdFor, requestFingerprint } from './intake';
import { HttpProblem, notFound } from './problem';
import { route } from './route';

export interface OrderDeps {
  temporal: Client;
  db: Db;
  reference: ReferenceCache;
  requesterHashKey: string;
}

const orderParams = z.strictObject({ orderId: z.string().regex(/^WO[0-9A-Z]{14}$/, 'must be an order number') });
const note = z.string().trim().min(1).max(2000);

/** Department callers see only orders on which their unit is lead or assisting unit. */
function canSee(actor: Actor, view: Pick<OrderView, 'leadUnit' | 'assistingUnits'>): boolean {
  if (actor.role !== 'department') return true;
  return view.leadUnit === actor.unit || view.assistingUnits.some((a) => a.unit === actor.unit);
}

/** Update ids derive from the caller's Idempotency-Key, so a retried action is applied once. */
function updateIdFor(actor: Actor, action: string, orderId: string, key: string | undefined): string | undefined {
  if (!key) return undefined;
  return createHash('sha256').update(`${actor.id}\n${action}\n${orderId}\n${key}`).digest('hex').slice(0, 32);
}

/** Live state from the workflow while it runs; the read model once it has closed. */
async function loadOrder(deps: OrderDeps, orderId: string): Promise<OrderView> {
  const handle = deps.temporal.workflow.getHandle<typeof orderWorkflow>(orderId);
  const { status } = await handle.describe();
  if (status.name === 'RUNNING') return handle.query(orderQuery);
  const [row] = await deps.db.select({ snapshot: orders.snapshot }).from(orders).where(eq(orders.orderId, orderId));
  if (!row) throw notFound();
  return row.snapshot as unknown as OrderView;
}

export function orderRoutes(deps: OrderDeps) {
  return [
    route({
      method: 'post',
      path: '/orders',
      tag: 'intake',
      summary: 'Create a work order',
      roles: ['operator'],
      body: createOrderBody,
      idempotencyKey: 'required',
      responses: {
        201: 'Order created; its workflow is running',
        200: 'Repeat of an earlier request with the same Idempotency-Key: the same order',
        400: 'Invalid body or header',
        409: 'Idempotency-Key reused with a different body',
        422: 'Unknown category or unit',
        503: 'Temporal unavailable',
      },
      async handle({ actor, body, idempotencyKey }) {
        const orderId = orderIdFor(actor, idempotencyKey!);
        const fingerprint = requestFingerprint(body);
        const receivedAt = Date.now();
        const intake = buildIntake(body, deps.reference.get(), {
          orderId,
          actor,
          receivedAt,
          hashKey: deps.requesterHashKey,
        });
        // The workflow runs the same pure code on the same intake, so this is the state it starts in.
        const initial = OrderState.receive(intake);
        try {
          await deps.temporal.workflow.start<typeof orderWorkflow>('orderWorkflow', {
            workflowId: orderId,
            taskQueue: TASK_QUEUE,
            args: [{ intake }],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            workflowIdConflictPolicy: 'FAIL',
            memo: { fingerprint },
            typedSearchAttributes: initialSearchAttributes(initial, receivedAt),
            staticSummary: orderSummary(intake),
          });
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
          const existing = await deps.temporal.workflow.getHandle(orderId).describe();
          if (existing.memo?.fingerprint !== fingerprint) {
            throw new HttpProblem(
              409,
              'idempotency_key_reused',
              'This Idempotency-Key was used for a different request',
              {
                orderId,
              },
            );
          }
          return { status: 200, body: await loadOrder(deps, orderId), headers: { Location: `/orders/${orderId}` } };
        }
        return { status: 201, body: initial.view(receivedAt), headers: { Location: `/orders/${orderId}` } };
      },
    }),
    route({
      method: 'get',
      path: '/orders/:orderId',
      tag: 'orders',
      summary: 'Get one order',
      roles: ['operator', 'department', 'coordinator', 'visitor', 'auditor'],
      params: orderParams,
      responses: { 200: 'The order', 404: 'No such order (or not visible to the caller)', 503: 'Temporal unavailable' },
      async handle({ actor, params }) {
        const view = await loadOrder(deps, params.orderId);
        if (!canSee(actor, view)) throw notFound();
        return { status: 200, body: view };
      },
    }),
    route({
      method: 'post',
      path: '/orders/:orderId/acknowledge',
      tag: 'department',
      summary: 'Sign for an order (签收)',
      roles: ['department'],
      params: orderParams,
      body: z.strictObject({ note: note.optional() }),
      idempotencyKey: 'optional',
      responses: {
        200: 'Signed for; the order as it now stands',
        404: 'No such order, or the unit is not on it',
        409: 'The order is not waiting for this signature',
        503: 'Temporal unavailable',
      },
      async handle({ actor, params, body, idempotencyKey }) {
        const handle = deps.temporal.workflow.getHandle<typeof orderWorkflow>(params.orderId);
        const view = await handle.executeUpdate(updates.acknowledge, {
          args: [{ actor, note: body.note }],
          updateId: updateIdFor(actor, 'acknowledge', params.orderId, idempotencyKey),
        });
        return { status: 200, body: view };
      },
    }),
  ];
}
