/**
 * A lost verification code (查询码) re-issued by an operator on the citizen's call: the caller's phone
 * must be the order's requester (compared as the keyed hash, so the number never reaches the workflow).
 * While the order runs, an Update of its workflow, so the re-issue is in the audit trail (without the code).
 * A closed order's workflow takes no Update, yet its citizen may still want to read the result: the
 * re-issue is then checked against the read model and kept in verification_code_reissues. Either way the
 * old code stops working the moment the new one is given.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { reissueClosedCode } from '../db/lookups';
import { orderRow } from '../db/queries';
import { ACTIONS } from '../domain/lifecycle';
import { contactPhoneProblem } from '../domain/phone';
import type { Actor } from '../domain/order';
import { refusalOf, type RefusalReason } from '../domain/refusals';
import { updates, type OrderView } from '../workflows/messages';
import type { orderWorkflow } from '../workflows/order';
import { updateIdFor } from './actions';
import { phone } from './http/fields';
import { requesterHash } from './intake';
import type { OrderDeps } from './orders';
import { HttpProblem, temporalProblem } from './http/problem';
import { verificationCode } from './public';
import { route, type Route } from './http/route';
import { reissuedCode } from './schemas';
import { apiOrderView } from './views';
import { orderParams, presentOrder } from './visibility';

/** A refusal of the caller's phone, answered as the API answers the workflow's (workflows/actions.ts reissueCode). */
const phoneRefused = ({ code, message }: RefusalReason) =>
  new HttpProblem(422, 'rule_violated', message, { rule: code, errors: [{ field: 'body.phone', code, message }] });

/**
 * The closed order's re-issue, when the workflow refused the Update as closed or is gone from Temporal
 * (retention): undefined when the read model holds no closed order of that number either.
 */
async function reissueAfterClosure(
  deps: OrderDeps,
  r: { actor: Actor; orderId: string; callerHash: string; requestId: string },
): Promise<{ view: OrderView; version: number } | undefined> {
  const row = await orderRow(deps.db, r.orderId);
  if (!row || row.closedAt === null) return undefined;
  if (row.requesterHash === null) throw phoneRefused(refusalOf('no_phone_on_order'));
  if (row.requesterHash !== r.callerHash) throw phoneRefused(refusalOf('caller_not_requester'));
  // The read model stores the view the workflow last wrote (domain/order-view OrderView).
  const view = row.snapshot as unknown as OrderView;
  const version = await reissueClosedCode(deps.db, {
    orderId: r.orderId,
    fromVersion: view.verificationCodeVersion,
    requestId: r.requestId,
    actorRole: r.actor.role,
    actorId: r.actor.id,
  });
  return { view, version };
}

export function verificationCodeRoutes(deps: OrderDeps): Route[] {
  return [
    route({
      method: 'post',
      path: '/orders/:orderId/verification-code',
      tag: 'intake',
      summary: 'Re-issue a lost verification code to the citizen on the phone (the old one stops working)',
      roles: ACTIONS.reissueCode.roles,
      params: orderParams,
      body: z.strictObject({ phone }),
      idempotencyKey: 'optional',
      responses: {
        200: { description: 'The new code, with the order (running or closed)', body: reissuedCode },
        400: 'Invalid body, path or header',
        404: 'No such order',
        409: 'The order is in a state that takes no re-issue',
        422: 'The caller’s phone cannot be called back, is not the requester’s, or the order has none',
      },
      async handle({ actor, params, body, idempotencyKey }) {
        const { orderId } = params;
        const unreachable = contactPhoneProblem(body.phone);
        if (unreachable) throw phoneRefused(refusalOf('phone_not_diallable', unreachable));
        const callerHash = requesterHash(deps.requesterHashKey, body.phone)!;
        const updateId = updateIdFor(actor, 'reissueCode', orderId, idempotencyKey);
        let view: OrderView;
        let version: number;
        try {
          view = await deps.temporal.workflow
            .getHandle<typeof orderWorkflow>(orderId)
            .executeUpdate(updates.reissueCode, { args: [{ actor, callerHash }], updateId });
          version = view.verificationCodeVersion;
        } catch (err) {
          // Closed (a completed workflow answers as not found, one still draining as in the wrong state) or gone.
          const status = temporalProblem(err)?.status;
          if (status !== 404 && status !== 409) throw err;
          const closed = await reissueAfterClosure(deps, {
            actor,
            orderId,
            callerHash,
            requestId: updateId ?? randomUUID(),
          });
          if (!closed) throw err;
          ({ view, version } = closed);
        }
        const order = apiOrderView(await presentOrder(deps.db, actor, { ...view, verificationCodeVersion: version }));
        const code = verificationCode(deps.requesterHashKey, orderId, version);
        return { status: 200, body: { ...order, verificationCode: code } };
      },
    }),
  ];
}
