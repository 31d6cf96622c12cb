/** Object-level access: which orders a caller may see. A department sees only its own (lead or assisting). */
import { z } from 'zod';
import type { Actor } from '../domain/order';

export const orderParams = z.strictObject({
  orderId: z.string().regex(/^WO[0-9A-Z]{14}$/, 'must be an order number'),
});

export function canSee(actor: Actor, order: { leadUnit: string | null; assistingUnits: { unit: string }[] }): boolean {
  if (actor.role !== 'department') return true;
  return order.leadUnit === actor.unit || order.assistingUnits.some((a) => a.unit === actor.unit);
}
