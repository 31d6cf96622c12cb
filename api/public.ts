/**
 * The citizen's own status page: order number + verification code (given to the citizen at intake)
 * returns the state, when the next step is due and the public replies — no internal notes, no contact
 * data, nothing about anyone else. A wrong code looks exactly like an unknown order.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ReferenceData } from '../db/reference';
import type { ClosureCode } from '../domain/order';
import type { ReferenceCache } from '../runtime/reference-cache';
import type { ClosureView, OrderView } from '../workflows/messages';
import { notFound } from './problem';
import { route, type Route } from './route';
import { orderParams } from './visibility';

export function verificationCode(key: string, orderId: string): string {
  const digest = createHmac('sha256', key).update(`status:${orderId}`).digest();
  return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

const PUBLIC_STATE: Record<OrderView['state'], { state: string; label: string }> = {
  received: { state: 'received', label: '已受理' },
  answered: { state: 'closed', label: '已答复' },
  dispatched: { state: 'in_progress', label: '办理中' },
  acknowledged: { state: 'in_progress', label: '办理中' },
  returned: { state: 'in_progress', label: '办理中' },
  extension_requested: { state: 'in_progress', label: '办理中' },
  escalated: { state: 'in_progress', label: '协调办理中' },
  reopened: { state: 'in_progress', label: '重新办理中' },
  completed: { state: 'completed', label: '已办结，待回访' },
  return_visit: { state: 'completed', label: '已办结，回访中' },
  closed: { state: 'closed', label: '已办结' },
};

/** What a closed order's page says, by closure code: never 已办结 for an order nobody handled. */
const CLOSURE_LABEL: Record<ClosureCode, string> = {
  resolved: '已办结',
  partly_resolved: '已办结（部分解决）',
  unresolved: '已办结（未解决）',
  answered: '已答复',
  referred: '已转办',
  withdrawn: '已撤回',
  // Without the primary order's number: it may be another citizen's order (a repeat contact links requesters
  // about the same matter), and the number is half of that citizen's lookup credential, so showing it invites
  // guessing at their code (and tripping its lockout). This contact's own answer is taken at the primary's visit.
  merged: '已并入其他工单合并办理',
  unreachable: '已办结（回访未能联系上您）',
  force_closed: '已结案',
};

/** The closed order's wording and, for a referral, where the citizen should turn (the channel and its advice). */
export function closureWording(
  closure: ClosureView,
  reply: string | null,
  channels: ReferenceData['referrals']['channels'],
): { label: string; referral?: { channel: string | null; advice: string | null } } {
  if (closure.code !== 'referred') return { label: CLOSURE_LABEL[closure.code] };
  const channel = closure.referredTo === undefined ? undefined : channels.get(closure.referredTo);
  return {
    label: CLOSURE_LABEL.referred,
    referral: { channel: channel?.name ?? null, advice: reply ?? channel?.reply ?? null },
  };
}

export function publicRoutes(deps: {
  loadOrder: (orderId: string) => Promise<OrderView>;
  reference: ReferenceCache;
  key: string;
}): Route[] {
  return [
    route({
      method: 'get',
      path: '/public/orders/:orderId',
      tag: 'public',
      summary: 'A citizen looks up their order with its verification code',
      roles: 'public',
      params: orderParams,
      query: z.strictObject({ code: z.string().regex(/^\d{6}$/, 'must be the 6-digit verification code') }),
      responses: { 200: 'Public status of the order', 404: 'No such order or wrong code', 429: 'Too many lookups' },
      async handle({ params, query }) {
        const expected = Buffer.from(verificationCode(deps.key, params.orderId));
        if (!timingSafeEqual(expected, Buffer.from(query.code))) throw notFound();
        const view = await deps.loadOrder(params.orderId);
        const running = view.clocks.filter((c) => c.dueAt !== null && c.kind !== 'assist' && c.kind !== 'ruling');
        const nextDue = running.length ? Math.min(...running.map((c) => c.dueAt!)) : null;
        return {
          status: 200,
          body: {
            orderId: view.orderId,
            ...PUBLIC_STATE[view.state],
            ...(view.closure && closureWording(view.closure, view.reply, deps.reference.get().referrals.channels)),
            receivedAt: new Date(view.receivedAt).toISOString(),
            handlingUnit: view.leadUnit ? (deps.reference.get().units.get(view.leadUnit)?.name ?? null) : null,
            nextStepDueAt: nextDue === null ? null : new Date(nextDue).toISOString(),
            replies: view.reply
              ? [{ text: view.reply, at: new Date(view.completedAt ?? view.closedAt ?? view.receivedAt).toISOString() }]
              : [],
            closedAt: view.closedAt === null ? null : new Date(view.closedAt).toISOString(),
          },
        };
      },
    }),
  ];
}
