/**
 * What the intake desk (受理台) asks before and around a submit: the dispatch the policy will give
 * (lead and assisting units, deadlines with working days counted) and the repeat candidates (并单),
 * computed by the same code intake runs; and finding a caller's orders by phone number through the
 * keyed hash, never a plaintext index.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import type { ReferenceCache } from '../db/reference-cache';
import { OrderState } from '../workflows/order-state';
import { orderView } from '../workflows/order-view';
import { findRepeatCandidates } from '../db/repeats';
import { buildIntake, createOrderBody, requesterHash } from './intake';
import { page, pageQuery } from './orders';
import { route, type Route } from './http/route';
import { intakePreview, orderPage } from './schemas';
import { apiOrderView } from './views';

/** No order has this number: the preview is of an order that does not exist yet. */
const PREVIEW_ORDER_ID = 'WO00000000000000';

const previewBody = createOrderBody.extend({ description: createOrderBody.shape.description.optional() });
const phone = createOrderBody.shape.citizen.shape.phone.unwrap();

export function intakeDeskRoutes(deps: { db: Db; reference: ReferenceCache; requesterHashKey: string }): Route[] {
  const routes = [
    route({
      method: 'post',
      path: '/intake/preview',
      tag: 'intake',
      summary: 'Preview an order before submitting it: dispatch, deadlines and repeat candidates (并单)',
      roles: ['operator'],
      body: previewBody,
      responses: {
        200: { description: 'What intake would do now', body: intakePreview },
        400: 'Invalid body',
        422: 'Unknown category or unit, or a contact phone that cannot be called back (errors[].code)',
      },
      async handle({ actor, body }) {
        const now = Date.now();
        const ref = deps.reference.get();
        const intake = buildIntake({ ...body, description: body.description ?? '' }, ref, {
          orderId: PREVIEW_ORDER_ID,
          actor,
          receivedAt: now,
          hashKey: deps.requesterHashKey,
        });
        const state = OrderState.receive(intake);
        const view = orderView(state, now);
        const repeatCandidates = await findRepeatCandidates(deps.db, ref.policy, {
          orderId: PREVIEW_ORDER_ID,
          requesterHash: intake.requesterHash,
          category: intake.category,
          lat: intake.location?.lat ?? null,
          lng: intake.location?.lng ?? null,
          address: intake.incidentAddress ?? null,
          receivedAt: now,
        });
        return {
          status: 200,
          body: {
            urgency: view.urgency,
            leadUnit: view.leadUnit,
            assistingUnits: view.assistingUnits.map((a) => a.unit),
            limits: { response: ref.policy.responseLimit, handling: view.leadUnit ? state.handlingLimit() : null },
            clocks: apiOrderView(view).clocks.map((c) => ({ kind: c.kind, subject: c.subject, dueAt: c.dueAt })),
            repeatCandidates,
          },
        };
      },
    }),
    route({
      method: 'post',
      path: '/search/orders-by-phone',
      tag: 'intake',
      summary: 'A caller’s orders by phone number (matched by keyed hash), newest first',
      roles: ['operator', 'coordinator'],
      body: z.strictObject({ phone, ...pageQuery }),
      responses: { 200: { description: 'A page of orders', body: orderPage }, 400: 'Invalid phone number or cursor' },
      handle: ({ body }) =>
        page(deps.db, { requesterHash: requesterHash(deps.requesterHashKey, body.phone)! }, body, 'received'),
    }),
  ];
  return routes;
}
