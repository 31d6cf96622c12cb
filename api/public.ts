/**
 * The citizen's own status page: order number + verification code (given to the citizen at intake)
 * returns the state, when the next step is due and the public replies — no internal notes, no contact
 * data, nothing about anyone else. A wrong code looks exactly like an unknown order, and costs the same.
 * Guessing is bounded (LOOKUP_LIMITS): an order's lookup locks after a few wrong codes, answered as an
 * unknown order; a client address is limited too (429). The wrong codes are counted in PostgreSQL, so
 * every API process sees them.
 */
import { WorkflowNotFoundError } from '@temporalio/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/client';
import { lookupTally, recordLookupFailure } from '../db/lookups';
import type { ReferenceData } from '../db/reference';
import type { ClosureCode } from '../domain/order';
import type { ReferenceCache } from '../runtime/reference-cache';
import type { ClosureView, OrderView } from '../workflows/messages';
import { HttpProblem, notFound } from './problem';
import { route, type Route } from './route';
import { publicStatus } from './schemas';
import { orderParams } from './visibility';

/**
 * The order's verification code of this version: version 0 is the one given at intake, each re-issue
 * (an operator, on the citizen's call) derives another, and only the order's current version is taken.
 */
export function verificationCode(key: string, orderId: string, version = 0): string {
  const digest = createHmac('sha256', key)
    .update(version === 0 ? `status:${orderId}` : `status:${orderId}:${version}`)
    .digest();
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

/**
 * 5 wrong codes in 15 minutes lock an order's lookup (the 10^6 codes would take years at that pace); 20
 * from one client address limit it, whichever orders they were for.
 */
export const LOOKUP_LIMITS = { perOrder: 5, perClient: 20, windowMs: 15 * 60_000 };

export function publicRoutes(deps: {
  db: Db;
  loadOrder: (orderId: string) => Promise<OrderView>;
  /** The order's current code version; an unknown order fails as loadOrder does. */
  codeVersion: (orderId: string) => Promise<number>;
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
      responses: {
        200: { description: 'Public status of the order', body: publicStatus },
        404: 'No such order or wrong code',
        429: 'Too many lookups',
      },
      async handle({ params, query, req }) {
        const { orderId } = params;
        // A keyed hash: the table never holds a citizen's address.
        const client = createHmac('sha256', deps.key).update(`lookup-client:${req.ip}`).digest('base64url');
        const since = new Date(Date.now() - LOOKUP_LIMITS.windowMs);
        const [tally, version] = await Promise.all([
          lookupTally(deps.db, orderId, client, since),
          // An unknown order is compared and counted like a known one, so neither answer nor timing tells them apart.
          deps.codeVersion(orderId).catch((err: unknown) => {
            if (err instanceof WorkflowNotFoundError) return 0;
            throw err;
          }),
        ]);
        if (tally.client >= LOOKUP_LIMITS.perClient) {
          const freedAt = (tally.clientSince?.getTime() ?? Date.now()) + LOOKUP_LIMITS.windowMs;
          throw new HttpProblem(429, 'rate_limited', 'Too many wrong verification codes from this address', {
            retryAfter: Math.max(1, Math.ceil((freedAt - Date.now()) / 1000)),
          });
        }
        const expected = Buffer.from(verificationCode(deps.key, orderId, version));
        const right = timingSafeEqual(expected, Buffer.from(query.code));
        if (!right || tally.order >= LOOKUP_LIMITS.perOrder) {
          await recordLookupFailure(deps.db, orderId, client, since);
          throw notFound();
        }
        const view = await deps.loadOrder(orderId);
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
