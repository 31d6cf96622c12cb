/**
 * One route per order action. Each is an Update on the order's workflow: the roles come from the same
 * lifecycle table the workflow validates with, the update id from the caller's Idempotency-Key, and a
 * rejection comes back as 404/403/409/422 with the validator's reason.
 */
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { createHash } from 'node:crypto';
import { z, type ZodType } from 'zod';
import type { Db } from '../db/client';
import { ACTIONS, type ActionName } from '../domain/lifecycle';
import { classificationOf, dispatchUnits } from '../domain/dispatch';
import type { Actor } from '../domain/order';
import { refusalOf } from '../domain/refusals';
import { ORDER_TYPES, URGENCIES } from '../domain/types';
import { CLOCK_KINDS } from '../domain/clock';
import type { ReferenceCache } from '../db/reference-cache';
import { articleInForce } from '../db/knowledge-base';
import { loadOrder } from './order-reads';
import { recentReplyFingerprints } from '../db/reply-quality';
import { RESOLUTION, SATISFACTION, updates, type InputOf } from '../workflows/messages';
import type { orderWorkflow } from '../workflows/order';
import { categoryCode, instant as boundedInstant, referralChannelCode, text, unitCode } from './http/fields';
import { HttpProblem, notFound, ruleViolated, toProblem } from './http/problem';
import { route, type Route, type RouteContext } from './http/route';
import { orderAnswer } from './schemas';
import { apiOrderView } from './views';
import { canSee, orderParams, presentOrder } from './visibility';

export interface ActionDeps {
  temporal: Client;
  db: Db;
  reference: ReferenceCache;
}

const reason = text(1000);
const clockKind = z.enum(CLOCK_KINDS);
const clockHold = z.strictObject({ clock: clockKind.optional(), reason });
/** ISO 8601 with an offset (e.g. 2026-12-01T18:00:00+08:00), within the years the system holds, as epoch milliseconds. */
const instant = boundedInstant.transform((s) => Date.parse(s));

/** Update ids derive from the caller's Idempotency-Key, so a retried action is applied once. */
export function updateIdFor(
  actor: Actor,
  action: string,
  orderId: string,
  key: string | undefined,
): string | undefined {
  if (!key) return undefined;
  return createHash('sha256').update(`${actor.id}\n${action}\n${orderId}\n${key}`).digest('hex').slice(0, 32);
}

type Params = z.infer<typeof orderParams>;

interface ActionRouteSpec<K extends ActionName, B> {
  action: K;
  path: string;
  summary: string;
  tag: string;
  body: ZodType<B>;
  /** Builds the Update's input; may consult reference data and reject with a problem. */
  input(body: B, ctx: RouteContext<Params, unknown, B>): Promise<Omit<InputOf<K>, 'actor'>> | Omit<InputOf<K>, 'actor'>;
}

function actionRoute<K extends ActionName, B>(deps: ActionDeps, spec: ActionRouteSpec<K, B>): Route {
  return route({
    method: 'post',
    path: spec.path,
    tag: spec.tag,
    summary: spec.summary,
    roles: ACTIONS[spec.action].roles,
    params: orderParams,
    body: spec.body,
    idempotencyKey: 'optional',
    responses: {
      200: { description: 'Done; the order as it now stands', body: orderAnswer },
      400: 'Invalid body, path or header',
      403: 'The role may not take this action',
      404: 'No such order, or not visible to the caller',
      409: 'The order is not in a state that allows this action',
      422: 'The action breaks a rule (dates, units)',
      503: 'Temporal unavailable',
    },
    async handle(ctx) {
      const { actor, params, body, idempotencyKey } = ctx;
      const input = { ...(await spec.input(body, ctx)), actor } as InputOf<K>;
      const handle = deps.temporal.workflow.getHandle<typeof orderWorkflow>(params.orderId);
      const view = await handle
        .executeUpdate(updates[spec.action], {
          args: [input],
          updateId: updateIdFor(actor, spec.action, params.orderId, idempotencyKey),
        })
        .catch(async (err: unknown) => {
          throw err instanceof WorkflowNotFoundError
            ? await finishedOrderProblem(deps, actor, params.orderId, err)
            : err;
        });
      return { status: 200, body: apiOrderView(await presentOrder(deps.db, actor, view)) };
    },
  });
}

/**
 * An action on an order whose workflow has finished: a closed order the caller can see refuses it as
 * 409 wrong_state, like any other state that does not allow it; an order it cannot see stays 404.
 */
async function finishedOrderProblem(deps: ActionDeps, actor: Actor, orderId: string, err: unknown): Promise<unknown> {
  const order = await loadOrder(deps, orderId).catch(() => null);
  if (!order || !canSee(actor, order)) return err;
  const why = refusalOf('phase_not_allowed');
  return new HttpProblem(409, 'wrong_state', why.message, { rule: why.code, state: order.state });
}

function requireUnit(deps: ActionDeps, code: string, field: string): string {
  if (!deps.reference.get().units.has(code)) throw ruleViolated(field, refusalOf('unknown_unit'));
  return code;
}

export function actionRoutes(deps: ActionDeps): Route[] {
  const visibleOrder = async (orderId: string, actor: Actor) => {
    const view = await loadOrder(deps, orderId);
    if (!canSee(actor, view)) throw notFound();
    return view;
  };
  const routes = [
    // ---- intake -----------------------------------------------------------------------------
    actionRoute(deps, {
      action: 'classify',
      path: '/orders/:orderId/classify',
      tag: 'intake',
      summary: 'Classify an order (type, category, urgency)',
      body: z.strictObject({
        orderType: z.enum(ORDER_TYPES),
        category: categoryCode.optional(),
        urgency: z.enum(URGENCIES).optional(),
      }),
      input: (b) => {
        const entry = b.category === undefined ? undefined : deps.reference.get().catalogue.get(b.category);
        if (b.category !== undefined && !entry) throw ruleViolated('category', refusalOf('unknown_category'));
        return { orderType: b.orderType, ...classificationOf(entry, b.urgency) };
      },
    }),
    actionRoute(deps, {
      action: 'dispatch',
      path: '/orders/:orderId/dispatch',
      tag: 'intake',
      summary: 'Dispatch an order (派单) to its lead unit, per the catalogue unless overridden',
      body: z.strictObject({ leadUnit: unitCode.optional(), assistingUnits: z.array(unitCode).max(10).optional() }),
      input: async (b, { params, actor }) => {
        const view = await visibleOrder(params.orderId, actor);
        const entry = view.category ? deps.reference.get().catalogue.get(view.category) : undefined;
        const { leadUnit, assistingUnits } = dispatchUnits(entry, b);
        if (!leadUnit) throw ruleViolated('leadUnit', refusalOf('lead_unit_needed'));
        requireUnit(deps, leadUnit, 'leadUnit');
        assistingUnits.forEach((u, i) => requireUnit(deps, u, `assistingUnits.${i}`));
        return { leadUnit, assistingUnits };
      },
    }),
    actionRoute(deps, {
      action: 'answer',
      path: '/orders/:orderId/answer',
      tag: 'intake',
      summary: 'Answer a consultation directly from a knowledge-base article (直接答复)',
      body: z.strictObject({ articleId: z.string().regex(/^[A-Z0-9_-]{2,32}$/), reply: text(4000).optional() }),
      input: async (b) => {
        const article = await articleInForce(deps.db, b.articleId);
        if (!article) throw ruleViolated('articleId', refusalOf('article_not_in_force'));
        return { articleId: article.code, reply: b.reply ?? article.body };
      },
    }),
    actionRoute(deps, {
      action: 'refer',
      path: '/orders/:orderId/refer',
      tag: 'intake',
      summary:
        'Refer a request outside the hotline’s remit (转办), with the channel’s standard reply unless one is given',
      body: z.strictObject({ channel: referralChannelCode, reply: text(2000).optional() }),
      input: (b) => {
        const channel = deps.reference.get().referrals.channels.get(b.channel);
        if (!channel) throw ruleViolated('channel', refusalOf('unknown_referral_channel'));
        if (channel.retiredAt) throw ruleViolated('channel', refusalOf('referral_channel_retired'));
        return { channel: channel.code, reply: b.reply ?? channel.reply };
      },
    }),
    actionRoute(deps, {
      action: 'withdraw',
      path: '/orders/:orderId/withdraw',
      tag: 'intake',
      summary: 'Close an order the citizen withdrew',
      body: z.strictObject({ reason }),
      input: (b) => b,
    }),
    actionRoute(deps, {
      action: 'mergeInto',
      path: '/orders/:orderId/merge',
      tag: 'intake',
      summary: 'Link this repeat contact to its primary order (并单) and close it as merged',
      body: z.strictObject({ primaryOrderId: orderParams.shape.orderId }),
      input: async (b, { actor }) => {
        const primary = await visibleOrder(b.primaryOrderId, actor).catch((err: unknown) => {
          throw toProblem(err).status === 404
            ? ruleViolated('primaryOrderId', refusalOf('merge_target_not_open'))
            : err;
        });
        if (primary.state === 'closed') throw ruleViolated('primaryOrderId', refusalOf('merge_target_not_open'));
        return b;
      },
    }),

    // ---- departments ------------------------------------------------------------------------
    actionRoute(deps, {
      action: 'acknowledge',
      path: '/orders/:orderId/acknowledge',
      tag: 'department',
      summary: 'Sign for an order (签收), as lead or assisting unit',
      body: z.strictObject({ note: text(2000).optional() }),
      input: (b) => b,
    }),
    actionRoute(deps, {
      action: 'returnOrder',
      path: '/orders/:orderId/return',
      tag: 'department',
      summary: 'Return an order as not the unit’s responsibility (退单)',
      body: z.strictObject({ reason }),
      input: (b) => b,
    }),
    actionRoute(deps, {
      action: 'requestExtension',
      path: '/orders/:orderId/extension-request',
      tag: 'department',
      summary: 'Ask for more time (延期申请)',
      body: z.strictObject({ reason, newDueAt: instant }),
      input: (b) => b,
    }),
    actionRoute(deps, {
      action: 'addNote',
      path: '/orders/:orderId/notes',
      tag: 'department',
      summary: 'Add a progress note',
      body: z.strictObject({ note: text(2000) }),
      input: (b) => b,
    }),
    actionRoute(deps, {
      action: 'contribute',
      path: '/orders/:orderId/contribution',
      tag: 'department',
      summary: 'Submit an assisting unit’s opinion (协办意见)',
      body: z.strictObject({ note: text(4000) }),
      input: (b) => b,
    }),
    actionRoute(deps, {
      action: 'complete',
      path: '/orders/:orderId/complete',
      tag: 'department',
      summary: 'Report the order handled (办结) with the reply to the citizen; the answer carries 质检’s findings',
      body: z.strictObject({ reply: text(4000) }),
      // The unit's recent replies, by fingerprint, for the workflow's check that this one is not a copy.
      input: async (b, { actor, params }) => ({
        reply: b.reply,
        recentReplies: await recentReplyFingerprints(
          deps.db,
          actor.unit!,
          params.orderId,
          deps.reference.get().policy.replyQuality.recentReplies,
        ),
      }),
    }),

    // ---- 质检复核 ---------------------------------------------------------------------------
    actionRoute(deps, {
      action: 'clearQuality',
      path: '/orders/:orderId/quality/clear',
      tag: 'quality',
      summary: 'Clear the reply’s quality findings as false (质检复核): the return visit goes ahead',
      body: z.strictObject({ reason }),
      input: (b) => b,
    }),
    actionRoute(deps, {
      action: 'returnForQuality',
      path: '/orders/:orderId/quality/return',
      tag: 'quality',
      summary: 'Send the reply back to its unit (质检复核): the unit handles the order again and replies anew',
      body: z.strictObject({ reason }),
      input: (b) => b,
    }),

    // ---- coordinators -----------------------------------------------------------------------
    actionRoute(deps, {
      action: 'rule',
      path: '/orders/:orderId/ruling',
      tag: 'coordination',
      summary: 'Rule on a returned order: keep it with the unit or reassign it',
      body: z.strictObject({ decision: z.enum(['keep', 'reassign']), leadUnit: unitCode.optional(), reason }),
      input: (b) => ({ ...b, leadUnit: b.leadUnit && requireUnit(deps, b.leadUnit, 'leadUnit') }),
    }),
    actionRoute(deps, {
      action: 'reassign',
      path: '/orders/:orderId/reassign',
      tag: 'coordination',
      summary: 'Reassign the lead unit',
      body: z.strictObject({ leadUnit: unitCode, reason }),
      input: (b) => ({ ...b, leadUnit: requireUnit(deps, b.leadUnit, 'leadUnit') }),
    }),
    actionRoute(deps, {
      action: 'addAssisting',
      path: '/orders/:orderId/assisting-units',
      tag: 'coordination',
      summary: 'Add an assisting unit (协办)',
      body: z.strictObject({ unit: unitCode, reason }),
      input: (b) => ({ ...b, unit: requireUnit(deps, b.unit, 'unit') }),
    }),
    actionRoute(deps, {
      action: 'removeAssisting',
      path: '/orders/:orderId/assisting-units/remove',
      tag: 'coordination',
      summary: 'Remove an assisting unit',
      body: z.strictObject({ unit: unitCode, reason }),
      input: (b) => b,
    }),
    actionRoute(deps, {
      action: 'decideExtension',
      path: '/orders/:orderId/extension-decision',
      tag: 'coordination',
      summary: 'Grant or deny a requested extension',
      body: z.strictObject({ grant: z.boolean(), newDueAt: instant.optional(), reason }),
      input: (b) => b,
    }),
    actionRoute(deps, {
      action: 'setDeadline',
      path: '/orders/:orderId/deadline',
      tag: 'coordination',
      summary: 'Set a new deadline on one of the order’s clocks',
      body: z.strictObject({
        clock: clockKind,
        subject: unitCode.optional(),
        dueAt: instant,
        reason,
      }),
      input: (b) => b,
    }),
    actionRoute(deps, {
      action: 'pauseClock',
      path: '/orders/:orderId/pause',
      tag: 'coordination',
      summary: 'Hold (pause) the order’s clocks, or one of them, with a reason',
      body: clockHold,
      input: (b) => b,
    }),
    actionRoute(deps, {
      action: 'resumeClock',
      path: '/orders/:orderId/resume',
      tag: 'coordination',
      summary: 'Resume paused clocks',
      body: clockHold,
      input: (b) => b,
    }),
    actionRoute(deps, {
      action: 'escalate',
      path: '/orders/:orderId/escalate',
      tag: 'coordination',
      summary: 'Escalate the order (e.g. to L3 high-level coordination 高位协调)',
      body: z.strictObject({ level: z.number().int().min(1).max(3), reason }),
      input: (b) => b,
    }),
    actionRoute(deps, {
      action: 'deescalate',
      path: '/orders/:orderId/deescalate',
      tag: 'coordination',
      summary: 'Lower the order’s escalation level',
      body: z.strictObject({ level: z.number().int().min(0).max(2), reason }),
      input: (b) => b,
    }),
    actionRoute(deps, {
      action: 'forceClose',
      path: '/orders/:orderId/force-close',
      tag: 'coordination',
      summary: 'Force-close the order with a justification',
      body: z.strictObject({ justification: text(2000) }),
      input: (b) => ({ reason: b.justification }),
    }),

    // ---- return visits ----------------------------------------------------------------------
    actionRoute(deps, {
      action: 'recordVisit',
      path: '/orders/:orderId/visit',
      tag: 'return-visit',
      summary: 'Record the citizen’s rating (回访)',
      body: z.strictObject({
        satisfaction: z.enum(SATISFACTION),
        resolution: z.enum(RESOLUTION),
        comment: text(2000).optional(),
        contactOrderId: orderParams.shape.orderId.optional(),
      }),
      input: (b) => b,
    }),
    actionRoute(deps, {
      action: 'recordFailedAttempt',
      path: '/orders/:orderId/visit-attempts',
      tag: 'return-visit',
      summary: 'Record a failed attempt to reach the citizen',
      body: z.strictObject({ note: text(1000).optional() }),
      input: (b) => b,
    }),
  ];
  return routes;
}
