/**
 * The notifications' receivers (the reactor: projections/notifications.ts): a citizen's SMS through the SMS
 * provider, and a unit's webhook, signed (docs/integration.md). Each entry carries no citizen data: the
 * phone, the code and the reply are read when the message is sent, so an anonymised order sends nothing.
 */
import { ApplicationFailure } from '@temporalio/common';
import { createHmac } from 'node:crypto';
import type { SmsProvider } from '../adapters/sms';
import { verificationCode } from '../adapters/verification-code';
import { eventOf, policyOfVersion, unitWebhook } from '../db/notifications';
import { orderRow } from '../db/queries';
import type { OutboxRow } from '../db/schema';
import { chinaDate, quietUntil, renderCitizenMessage } from '../domain/notifications';
import { VISIT_PHASES } from '../domain/lifecycle';
import type { OrderView } from '../domain/order-view';
import { CITIZEN_SMS, CITIZEN_VISIT_SMS, UNIT_WEBHOOKS } from '../domain/outbox';
import type { CitizenSmsPayload, UnitWebhookPayload } from '../projections/notifications';
import type { Receipt, Receiver, Receivers } from './outbox';

export interface NotifyDeps {
  sms: SmsProvider;
  /** The key the verification codes are made with (REQUESTER_HASH_KEY, as api/public.ts checks them). */
  codeKey: string;
  /** The clock of the quiet hours. */
  now?: () => number;
}

/**
 * A delivery that failed, in words of our own (kept as the entry's last error and shown on the order):
 * retried with backoff like any failure, but not withheld as one that may quote citizen data.
 */
const deliveryFailed = (message: string) => ApplicationFailure.create({ type: 'DeliveryFailed', message });

/** An entry's key for its receiver: the same on every retry, so a receiver drops a repeat. */
export const idempotencyKey = (entry: Pick<OutboxRow, 'orderId' | 'seq'>) => `${entry.orderId}-${entry.seq}`;

function citizenSms({ sms, codeKey, now = Date.now }: NotifyDeps): Receiver {
  return async (tx, entry): Promise<Receipt> => {
    const p = entry.payload as unknown as CitizenSmsPayload;
    const row = await orderRow(tx, entry.orderId);
    const phone = row?.citizen?.phone;
    if (typeof phone !== 'string' || !phone) return { skipped: 'no_phone' };
    const policy = await policyOfVersion(tx, row!.policyVersion);
    const quiet = p.emergency ? null : quietUntil(now(), policy.notifications.quietHours);
    if (quiet !== null) return { holdUntil: quiet };
    const view = row!.snapshot as unknown as OrderView;
    // A notice of a return visit already made (or an order sent back meanwhile) would mislead: not sent.
    if (p.message === 'visit_notice' && !VISIT_PHASES.includes(view.phase)) return { skipped: 'visit_over' };
    const completed = p.message === 'completed' ? await eventOf(tx, entry.orderId, entry.seq) : undefined;
    // The visit clock as it stands when the message goes (a review held it, its clearing moved it on).
    const visitDueAt = completed?.data.visitDueAt ?? view.clocks.find((c) => c.kind === 'visit')?.dueAt;
    const text = renderCitizenMessage(policy.notifications.templates, p.message, {
      orderId: entry.orderId,
      ...(p.message === 'received'
        ? { code: verificationCode(codeKey, entry.orderId, view.verificationCodeVersion ?? 0) }
        : {
            reply: typeof completed?.data.reply === 'string' ? completed.data.reply : (view.reply ?? ''),
            visitBy: chinaDate(typeof visitDueAt === 'number' ? visitDueAt : p.at),
          }),
    });
    // The policy's template version has no such message (version 1 told of the visit on completion).
    if (text === null) return { skipped: 'no_template' };
    // The provider's own error may quote the number: its class says enough.
    await sms
      .send({
        to: phone,
        text,
        idempotencyKey: idempotencyKey(entry),
        template: `${p.message}@${policy.notifications.templates}`,
      })
      .catch((err: unknown) => {
        throw deliveryFailed(`sms not sent: ${err instanceof Error ? err.name : 'error'}`);
      });
    return undefined;
  };
}

/** The webhook's headers (docs/integration.md says how a unit checks them). */
export const WEBHOOK_HEADERS = {
  timestamp: 'x-hotline-timestamp',
  signature: 'x-hotline-signature',
  idempotencyKey: 'idempotency-key',
} as const;

/** `sha256=` and the hex HMAC-SHA256, with the unit's secret, of the timestamp, a full stop and the body. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** How long a unit's system has to answer before the delivery is tried again. */
const WEBHOOK_TIMEOUT_MS = 10_000;

/** A fetch whose failure says only how it failed (a refused connection, a timeout), never the address. */
async function post(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    const cause = (err as Error).cause as { code?: unknown } | undefined;
    const how = typeof cause?.code === 'string' ? cause.code : (err as Error).name;
    throw deliveryFailed(`webhook unreachable: ${how}`);
  }
}

const unitWebhookReceiver: Receiver = async (tx, entry): Promise<Receipt> => {
  const p = entry.payload as unknown as UnitWebhookPayload;
  const hook = await unitWebhook(tx, p.unit);
  if (!hook) return { skipped: 'no_webhook' };
  const id = idempotencyKey(entry);
  const body = JSON.stringify({
    id,
    event: p.kind,
    orderId: entry.orderId,
    seq: entry.seq,
    unit: p.unit,
    occurredAt: new Date(p.at).toISOString(),
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const res = await post(hook.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [WEBHOOK_HEADERS.timestamp]: timestamp,
      [WEBHOOK_HEADERS.signature]: webhookSignature(hook.secret, timestamp, body),
      [WEBHOOK_HEADERS.idempotencyKey]: id,
    },
    body,
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    redirect: 'error',
  });
  await res.body?.cancel();
  if (!res.ok) throw deliveryFailed(`webhook answered ${res.status}`);
  return undefined;
};

/** The notifications' receivers: the webhooks always, the citizens' SMS when there is a provider. */
export function notificationReceivers(notify: NotifyDeps | undefined): Receivers {
  return {
    [UNIT_WEBHOOKS]: unitWebhookReceiver,
    ...(notify ? { [CITIZEN_SMS]: citizenSms(notify), [CITIZEN_VISIT_SMS]: citizenSms(notify) } : {}),
  };
}
