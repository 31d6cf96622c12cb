/**
 * The citizen's own status page: order number + verification code (given to the citizen at intake)
 * returns the state, when the next step is due and the public replies — no internal notes, no contact
 * data, nothing about anyone else. A wrong code looks exactly like an unknown order, and costs the same.
 * Guessing is bounded (LOOKUP_LIMITS) without handing a stranger a way to lock the citizen out: the wrong
 * codes are counted per client address, per address on each order and per order, all in one statement in
 * PostgreSQL (db/lookups.ts), so the limits hold under concurrency and across API processes.
 */
import { WorkflowNotFoundError } from '@temporalio/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { verificationCode } from '../adapters/verification-code';
import type { Db } from '../db/client';
import { lookupAttempt, reissuedCodeVersion, type LookupLimits } from '../db/lookups';
import type { ReferenceData } from '../db/reference';
import type { ClosureCode } from '../domain/order';
import type { ReferenceCache } from '../db/reference-cache';
import { photosOfOrder } from '../db/photos';
import type { PhotoStore } from '../adapters/photo-store';
import type { ClosureView, OrderView } from '../workflows/messages';
import { HttpProblem } from './http/problem';
import { route, type Route } from './http/route';
import { publicStatus } from './schemas';
import { orderParams } from './visibility';

// The code is made where the citizen's SMS is sent too (activities/notifications.ts).
export { verificationCode };

/** What the public is told of each state (also Open311's status_notes: api/open311/). */
export const PUBLIC_STATE: Record<OrderView['state'], { state: string; label: string }> = {
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
 * Within 15 minutes: 3 wrong codes from one client address lock that address out of that order (a stranger
 * locks out no one but himself); 20 from one address, whatever the orders, limit the address; 20 on one
 * order from all addresses together lock the order, the backstop against guessing from many addresses (at
 * least 7 within the window to reach it). At 20 guesses per 15 minutes, 50 % of the 10^6 codes take about
 * 260 days of uninterrupted guessing. docs/privacy.md gives the reasoning.
 */
export const LOOKUP_LIMITS: LookupLimits = { windowMs: 15 * 60_000, perClient: 20, perClientOnOrder: 3, perOrder: 20 };

/** A refused lookup tells the citizen when to try again and how to get help meanwhile. */
function refused(verdict: 'client_limited' | 'order_locked', retryAt: Date): HttpProblem {
  const retryAfter = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000));
  const minutes = Math.ceil(retryAfter / 60);
  const what = verdict === 'client_limited' ? '本设备查询码输错次数过多' : '该工单的查询码输错次数过多，查询已暂时锁定';
  return new HttpProblem(
    429,
    verdict === 'client_limited' ? 'rate_limited' : 'lookup_locked',
    `${what}。请${minutes}分钟后再试，或拨打12345热线，由话务员核实身份后为您查询或重新发放查询码。`,
    { retryAfter, help: '12345' },
  );
}

/** The same answer for an unknown order and a wrong code. */
const codeQuery = z.strictObject({
  code: z.string().regex(/^\d{6}$/, 'must be the 6-digit verification code'),
});
const TOO_MANY_CODES =
  'Too many wrong codes from this client address, or on this order (a Chinese message saying when to retry and to call 12345)';

const NO_SUCH_ORDER = () => new HttpProblem(404, 'not_found', '工单编号或查询码不正确，请核对后重试。');

export function publicRoutes(deps: {
  db: Db;
  loadOrder: (orderId: string) => Promise<OrderView>;
  /** The order's current code version; an unknown order fails as loadOrder does. */
  codeVersion: (orderId: string) => Promise<number>;
  reference: ReferenceCache;
  key: string;
  photoStore: PhotoStore;
}): Route[] {
  /** Passes when the code is the order's; counts a wrong one and refuses as the limits say. */
  async function verifyCode(orderId: string, code: string, ip: string | undefined): Promise<void> {
    // A keyed hash: the table never holds a citizen's address.
    const client = createHmac('sha256', deps.key).update(`lookup-client:${ip}`).digest('base64url');
    const [workflowVersion, reissued] = await Promise.all([
      // An unknown order is compared and counted like a known one, so neither answer nor timing tells them apart.
      deps.codeVersion(orderId).catch((err: unknown) => {
        if (err instanceof WorkflowNotFoundError) return 0;
        throw err;
      }),
      reissuedCodeVersion(deps.db, orderId),
    ]);
    const expected = Buffer.from(verificationCode(deps.key, orderId, Math.max(workflowVersion, reissued)));
    const right = timingSafeEqual(expected, Buffer.from(code));
    const attempt = await lookupAttempt(deps.db, { orderId, client, right }, LOOKUP_LIMITS);
    if (attempt.verdict === 'client_limited' || attempt.verdict === 'order_locked') {
      throw refused(attempt.verdict, attempt.retryAt);
    }
    if (attempt.verdict === 'wrong') throw NO_SUCH_ORDER();
  }

  /** The unit's 办结照片 only: what the citizen sent in, or anything else of the order's, stays inside. */
  const afterPhotos = async (orderId: string) =>
    (await photosOfOrder(deps.db, orderId)).filter((p) => p.kind === 'completion');

  return [
    route({
      method: 'get',
      path: '/public/orders/:orderId',
      tag: 'public',
      summary: 'A citizen looks up their order with its verification code',
      roles: 'public',
      params: orderParams,
      query: codeQuery,
      responses: {
        200: { description: 'Public status of the order', body: publicStatus },
        404: 'No such order or wrong code',
        429: TOO_MANY_CODES,
      },
      async handle({ params, query, req }) {
        const { orderId } = params;
        await verifyCode(orderId, query.code, req.ip);
        const [view, photos] = await Promise.all([deps.loadOrder(orderId), afterPhotos(orderId)]);
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
            photos: photos.map((p) => ({ id: p.id, contentType: p.contentType })),
          },
        };
      },
    }),
    route({
      method: 'get',
      path: '/public/orders/:orderId/photos/:photoId',
      tag: 'public',
      summary: 'A citizen sees the unit’s after-photo (办结照片) of their order, with its verification code',
      roles: 'public',
      params: orderParams.extend({ photoId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
      query: codeQuery,
      produces: 'image/*',
      responses: {
        200: { description: 'The image (JPEG, PNG or WebP), its metadata stripped', body: z.string() },
        404: 'No such order, wrong code, or no such after-photo on the order',
        429: TOO_MANY_CODES,
      },
      async handle({ params, query, req }) {
        await verifyCode(params.orderId, query.code, req.ip);
        const listed = (await afterPhotos(params.orderId)).find((p) => p.id === params.photoId);
        const photo = listed && (await deps.photoStore.get(listed.key));
        if (!photo) throw NO_SUCH_ORDER();
        return { status: 200, contentType: photo.contentType, body: Buffer.from(photo.bytes) };
      },
    }),
  ];
}
