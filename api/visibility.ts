/**
 * Object-level access: which orders a caller may see (a department only its own, lead or assisting), and
 * what of the citizen's contact it sees there (domain/citizen-visibility). Every full view is recorded.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { recordContactView } from '../db/privacy';
import { contactVisibility, showsContact, unitRelation, visibleContact } from '../domain/citizen-visibility';
import type { Actor } from '../domain/order';
import type { OrderView } from '../domain/order-view';

export const orderParams = z.strictObject({
  orderId: z.string().regex(/^WO[0-9A-Z]{14}$/, 'must be an order number'),
});

export function canSee(actor: Actor, order: { leadUnit: string | null; assistingUnits: { unit: string }[] }): boolean {
  if (actor.role !== 'department') return true;
  return unitRelation(actor.unit, order) !== 'none';
}

/** How long a full view waits for its record before the contact is shown masked instead. */
const RECORD_TIMEOUT_MS = 1_000;

/** Resolves true once the view is in the privacy log; false when the database fails or does not answer in time. */
function recorded(db: Db, orderId: string, actor: Actor): Promise<boolean> {
  return Promise.race([
    recordContactView(db, orderId, actor).then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), RECORD_TIMEOUT_MS).unref()),
  ]).catch(() => false);
}

/**
 * The order as this caller may see it: the contact full, masked or left out as the rule says, and
 * `citizenVisibility` saying which. No full view without its record in the privacy log: while the
 * database cannot take the record, the contact is shown masked.
 */
export async function presentOrder(db: Db, actor: Actor, view: OrderView) {
  let visibility = contactVisibility(actor.role, unitRelation(actor.unit, view), view.confidential === true);
  if (showsContact(view.citizen, visibility) && !(await recorded(db, view.orderId, actor))) visibility = 'masked';
  return { ...view, citizen: visibleContact(view.citizen, visibility), citizenVisibility: visibility };
}
