/**
 * A lost verification code (查询码) re-issued by an operator on the citizen's call: the caller's phone
 * must be the order's requester (compared as the keyed hash, so the number never reaches the workflow).
 * An Update of the order's workflow, so the re-issue is in the audit trail (without the code), and the
 * old code stops working the moment the new one is given.
 */
import { z } from 'zod';
import { ACTIONS } from '../domain/lifecycle';
import { updates } from '../workflows/messages';
import type { orderWorkflow } from '../workflows/order';
import { createOrderBody, requesterHash } from './intake';
import type { OrderDeps } from './orders';
import { verificationCode } from './public';
import { updateIdFor } from './actions';
import { route, type Route } from './route';
import { reissuedCode } from './schemas';
import { apiOrderView } from './views';
import { orderParams, presentOrder } from './visibility';

export function verificationCodeRoutes(deps: OrderDeps): Route[] {
  return [
    route({
      method: 'post',
      path: '/orders/:orderId/verification-code',
      tag: 'intake',
      summary: 'Re-issue a lost verification code to the citizen on the phone (the old one stops working)',
      roles: ACTIONS.reissueCode.roles,
      params: orderParams,
      body: z.strictObject({ phone: createOrderBody.shape.citizen.shape.phone.unwrap() }),
      idempotencyKey: 'optional',
      responses: {
        200: { description: 'The new code, with the order', body: reissuedCode },
        400: 'Invalid body, path or header',
        404: 'No such order',
        409: 'The order is closed',
        422: 'The caller’s phone is not the requester’s, or the order has none',
      },
      async handle({ actor, params, body, idempotencyKey }) {
        const view = await deps.temporal.workflow
          .getHandle<typeof orderWorkflow>(params.orderId)
          .executeUpdate(updates.reissueCode, {
            args: [{ actor, callerHash: requesterHash(deps.requesterHashKey, body.phone)! }],
            updateId: updateIdFor(actor, 'reissueCode', params.orderId, idempotencyKey),
          });
        const order = apiOrderView(await presentOrder(deps.db, actor, view));
        const code = verificationCode(deps.requesterHashKey, params.orderId, order.verificationCodeVersion);
        return { status: 200, body: { ...order, verificationCode: code } };
      },
    }),
  ];
}
