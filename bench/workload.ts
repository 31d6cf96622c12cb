/**
 * What the benchmark sends: realistic create bodies (a rotation of ordinary categories, a distinct
 * caller each, so repeat detection finds nothing to merge), and the raw equivalents of create and
 * acknowledge on the minimal workflow.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { CreateOrderBody } from '../api/intake';
import type { ApiOrder } from '../api/views';
import type { HttpClient } from './lib';
import { RAW_SLA_STATE, RAW_TASK_QUEUE, rawAcknowledge, type benchRawOrder } from './raw-workflow';
import type { Stack } from './stack';

/** Non-emergency categories of the demo catalogue; some lead units have assisting units (more clocks). */
const CATEGORIES = [
  'noise_construction',
  'street_vending',
  'garbage_collection',
  'road_damage',
  'bus_route',
  'price_fraud',
  'consumer_dispute',
  'school_enrollment',
] as const;

let serial = 0;

export function createBody(): CreateOrderBody {
  const n = ++serial;
  return {
    channel: (['phone', 'web', 'app', 'mini_program'] as const)[n % 4]!,
    orderType: 'complaint',
    category: CATEGORIES[n % CATEGORIES.length],
    description: `压测工单 ${n}：夜间施工噪音扰民，晚上十一点后仍在作业`,
    citizen: { name: '测试', phone: `139${String(10_000_000 + ((n * 7919) % 89_999_999)).padStart(8, '0')}` },
  };
}

export interface CreatedOrder {
  orderId: string;
  leadUnit: string;
  responseDueAt: number;
}

/** POST /orders as operator `slot` (one operator per concurrent caller). */
export async function createOrder(stack: Stack, slot: number, api: HttpClient = stack.api): Promise<CreatedOrder> {
  const token = await stack.token('operator', 'CENTRE', `bench-op-${slot}`);
  const body = (await api.expect([201, 200], 'POST', '/orders', token, createBody(), {
    'Idempotency-Key': `bench-${randomUUID()}`,
  })) as unknown as ApiOrder;
  const response = body.clocks.find((c) => c.kind === 'response');
  return {
    orderId: body.orderId,
    leadUnit: body.leadUnit!,
    responseDueAt: response?.dueAt ? Date.parse(response.dueAt) : 0,
  };
}

/** POST /orders/:id/acknowledge as the lead unit's department. */
export async function acknowledgeOrder(stack: Stack, order: CreatedOrder): Promise<void> {
  const token = await stack.token('department', order.leadUnit, `bench-dept-${order.leadUnit}`);
  await stack.api.expect(
    [200],
    'POST',
    `/orders/${order.orderId}/acknowledge`,
    token,
    {},
    {
      'Idempotency-Key': `bench-${randomUUID()}`,
    },
  );
}

/** `client.workflow.start` of the minimal workflow: one search attribute, one timer. */
export async function startRaw(client: Client, dueAt: number, workflowId = `raw-${randomUUID()}`): Promise<string> {
  await client.workflow.start<typeof benchRawOrder>('benchRawOrder', {
    workflowId,
    taskQueue: RAW_TASK_QUEUE,
    args: [{ dueAt }],
    typedSearchAttributes: [{ key: RAW_SLA_STATE, value: 'on_track' }],
  });
  return workflowId;
}

export async function acknowledgeRaw(client: Client, workflowId: string): Promise<void> {
  await client.workflow.getHandle(workflowId).executeUpdate(rawAcknowledge, { args: [{ by: 'bench' }] });
}
