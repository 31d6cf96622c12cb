/**
 * Notifications' reads and settings (domain/notifications.ts): an order's deliveries — each console notice,
 * webhook and SMS with its state — and the units' webhooks, which the admin sets (the secret is shown once,
 * when it is made; docs/integration.md says how a unit checks the signature).
 */
import type { Client } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { ReferenceCache } from '../db/reference-cache';
import { deliveriesOf, removeUnitWebhook, setUnitWebhook, unitWebhooksList } from '../db/notifications';
import type { OutboxRow } from '../db/schema';
import { CITIZEN_SMS, CITIZEN_VISIT_SMS, subscriberFamily, UNIT_WEBHOOKS } from '../domain/outbox';
import type { Actor } from '../domain/order';
import { noticesOfPayload, UNIT_NOTICES, type UnitNoticePayload } from '../projections/unit-notices';
import type { CitizenSmsPayload, UnitWebhookPayload } from '../projections/notifications';
import { unitCode } from './http/fields';
import { notFound } from './http/problem';
import { route, type Route } from './http/route';
import { loadOrder } from './order-reads';
import { canSee, orderParams } from './visibility';

const CHANNELS = ['in_app', 'webhook', 'sms'] as const;
const STATUSES = ['queued', 'held', 'failed', 'sent', 'skipped'] as const;

const delivery = z.object({
  channel: z.enum(CHANNELS),
  /** The unit told; null: the citizen. */
  recipient: z.string().nullable(),
  /** What it tells: a unit notice's kind (domain/notifications UNIT_NOTICE_KINDS) or the citizen's message. */
  event: z.string(),
  seq: z.int(),
  status: z.enum(STATUSES),
  attempts: z.int(),
  /** Why it failed (the last attempt) or was skipped. */
  reason: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  heldUntil: z.string().nullable(),
});
type Delivery = z.infer<typeof delivery>;

function statusOf(e: OutboxRow): Delivery['status'] {
  if (e.deliveredAt) return e.skipped ? 'skipped' : 'sent';
  if (e.notBefore && e.notBefore.getTime() > Date.now()) return 'held';
  return e.lastError ? 'failed' : 'queued';
}

/** An entry as the deliveries it stands for: a console notice entry tells each of its units. */
function deliveriesOfEntry(e: OutboxRow): Delivery[] {
  const common = {
    seq: e.seq,
    status: statusOf(e),
    attempts: e.attempts,
    reason: e.lastError ?? e.skipped,
    createdAt: e.createdAt.toISOString(),
    deliveredAt: e.deliveredAt?.toISOString() ?? null,
    heldUntil: e.notBefore?.toISOString() ?? null,
  };
  const family = subscriberFamily(e.subscriber);
  if (e.subscriber === UNIT_NOTICES) {
    return noticesOfPayload(e.payload as unknown as UnitNoticePayload).map((t) => ({
      ...common,
      channel: 'in_app' as const,
      recipient: t.unit,
      event: t.kind,
    }));
  }
  if (family === UNIT_WEBHOOKS) {
    const p = e.payload as unknown as UnitWebhookPayload;
    return [{ ...common, channel: 'webhook', recipient: p.unit, event: p.kind }];
  }
  if (e.subscriber === CITIZEN_SMS || e.subscriber === CITIZEN_VISIT_SMS) {
    return [{ ...common, channel: 'sms', recipient: null, event: (e.payload as unknown as CitizenSmsPayload).message }];
  }
  return [];
}

/** A unit sees what it was told; the centre's roles see every delivery. */
const visibleTo = (actor: Actor) => (d: Delivery) => actor.role !== 'department' || d.recipient === actor.unit;

const webhookUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(500)
  .meta({ description: 'Where the unit’s system takes the signed POSTs' });

export function notificationRoutes(deps: { temporal: Client; db: Db; reference: ReferenceCache }): Route[] {
  return [
    route({
      method: 'get',
      path: '/orders/:orderId/notifications',
      tag: 'orders',
      summary: 'The order’s notifications and their delivery: console notices, webhooks and SMS',
      roles: ['operator', 'department', 'coordinator', 'visitor', 'auditor', 'manager'],
      params: orderParams,
      responses: {
        200: {
          description: 'Deliveries in the order of their events',
          body: z.object({ orderId: z.string(), deliveries: z.array(delivery) }),
        },
        404: 'No such order (or not visible)',
      },
      async handle({ actor, params }) {
        if (!canSee(actor, await loadOrder(deps, params.orderId))) throw notFound();
        const entries = await deliveriesOf(deps.db, params.orderId);
        const deliveries = entries.flatMap(deliveriesOfEntry).filter(visibleTo(actor));
        return { status: 200, body: { orderId: params.orderId, deliveries } };
      },
    }),
    route({
      method: 'get',
      path: '/admin/webhooks',
      tag: 'admin',
      summary: 'The units’ webhooks (without their secrets)',
      roles: ['admin'],
      responses: {
        200: {
          description: 'Every unit with a webhook',
          body: z.object({
            webhooks: z.array(
              z.object({ unit: z.string(), url: z.string(), updatedBy: z.string(), updatedAt: z.string() }),
            ),
          }),
        },
      },
      async handle() {
        const rows = await unitWebhooksList(deps.db);
        return {
          status: 200,
          body: { webhooks: rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() })) },
        };
      },
    }),
    route({
      method: 'put',
      path: '/admin/units/:code/webhook',
      tag: 'admin',
      summary: 'Set a unit’s webhook; a new signing secret is made and shown this once',
      roles: ['admin'],
      params: z.strictObject({ code: unitCode }),
      body: z.strictObject({ url: webhookUrl }),
      responses: {
        200: {
          description: 'Saved: the secret the unit verifies signatures with (not shown again)',
          body: z.object({ unit: z.string(), url: z.string(), secret: z.string() }),
        },
        400: 'Invalid body',
        404: 'No such unit',
      },
      async handle({ actor, params, body }) {
        if (!deps.reference.get().units.has(params.code)) throw notFound('unit');
        const secret = `whsec_${randomBytes(24).toString('base64url')}`;
        await setUnitWebhook(deps.db, { unit: params.code, url: body.url, secret, updatedBy: actor.id });
        return { status: 200, body: { unit: params.code, url: body.url, secret } };
      },
    }),
    route({
      method: 'delete',
      path: '/admin/units/:code/webhook',
      tag: 'admin',
      summary: 'Remove a unit’s webhook: what waits for it is skipped',
      roles: ['admin'],
      params: z.strictObject({ code: unitCode }),
      responses: {
        200: { description: 'Removed', body: z.object({ unit: z.string(), removed: z.literal(true) }) },
        404: 'The unit has no webhook',
      },
      async handle({ params }) {
        if (!(await removeUnitWebhook(deps.db, params.code))) throw notFound('webhook');
        return { status: 200, body: { unit: params.code, removed: true as const } };
      },
    }),
  ];
}
