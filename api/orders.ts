/** Order routes: intake, one order's live state, and department actions. */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../db/client';
import {
  auditTrail,
  countOrders,
  CURSOR_PATTERN,
  decodeCursor,
  listOrders,
  orderRow,
  type OrderFilters,
  type OrderListRow,
  type Sort,
} from '../db/queries';
import { ORDER_STATES, SLA_STATES, type SlaState } from '../domain/order';
import type { ClockKind } from '../domain/clock';
import { CENTRE_ONLY_EVENTS, type AuditEventType } from '../domain/events';
import { chinaDay, deadlineFor, isWorkingDay } from '../domain/calendar';
import type { ReferenceData } from '../db/reference';
import type { Actor, Intake } from '../domain/order';
import { URGENCIES } from '../domain/types';
import type { ReferenceCache } from '../db/reference-cache';
import { requesterFlagOf } from '../db/fairness';
import { loadOrder } from './order-reads';
import { findRepeatCandidates, repeatCandidatesOf } from '../db/repeats';
import { holdForRepeatReview } from '../domain/repeat';
import { TASK_QUEUE, updates, type OrderView } from '../workflows/messages';
import type { orderWorkflow } from '../workflows/order';
import { OrderState } from '../workflows/order-state';
import { orderView } from '../workflows/order-view';
import { ORDER_PATCHES } from '../workflows/patches';
import { initialSearchAttributes, orderSummary } from '../workflows/search-attributes';
import { instant } from './http/fields';
import { buildIntake, createOrderBody, orderIdFor, requestFingerprint, type CreateOrderBody } from './intake';
import { HttpProblem, notFound } from './http/problem';
import { verificationCode } from './public';
import { route, type RouteResult } from './http/route';
import { auditBody, createdOrder, heldPage, inboxCounts, orderAnswer, orderPage, queueCounts } from './schemas';
import { apiEventData, apiOrderView, iso } from './views';
import { canSee, orderParams, presentOrder } from './visibility';

export interface OrderDeps {
  temporal: Client;
  db: Db;
  reference: ReferenceCache;
  requesterHashKey: string;
}

type RepeatCandidates = Awaited<ReturnType<typeof findRepeatCandidates>>;

/** How long intake waits for the repeat lookup before going on without it. */
const REPEAT_LOOKUP_TIMEOUT_MS = 2_000;

/**
 * 并单 at intake: open orders this contact may repeat. Best effort: a database that does not answer (a
 * network partition hangs rather than fails) must not hold intake up, so intake goes on without them.
 */
function lookUpRepeats(deps: OrderDeps, intake: Intake): Promise<RepeatCandidates | null> {
  const lookup = findRepeatCandidates(deps.db, deps.reference.get().policy, {
    orderId: intake.orderId,
    requesterHash: intake.requesterHash,
    category: intake.category,
    lat: intake.location?.lat ?? null,
    lng: intake.location?.lng ?? null,
    address: intake.incidentAddress ?? null,
    receivedAt: intake.receivedAt,
  });
  return Promise.race([
    lookup,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), REPEAT_LOOKUP_TIMEOUT_MS).unref()),
  ]).catch(() => null);
}

/** Links the new order to the most likely repeat itself when policy is confident enough. */
async function linkRepeats(deps: OrderDeps, intake: Intake, view: OrderView, candidates: RepeatCandidates | null) {
  const best = candidates?.[0];
  if (!best || best.confidence < deps.reference.get().policy.repeat.autoMergeConfidence) return view;
  return deps.temporal.workflow.getHandle<typeof orderWorkflow>(intake.orderId).executeUpdate(updates.mergeInto, {
    args: [{ actor: intake.createdBy, primaryOrderId: best.orderId }],
    updateId: `auto-merge-${intake.orderId}`,
  });
}

const DAY_MS = 86_400_000;

/**
 * How far the handling deadline may move (延期, a new deadline): up to the policy's longest extension
 * beyond the current deadline on the working calendar, with the days off until then, so a date picker
 * offers what the validators accept. Under the policy in force; the validators judge by the order's own.
 */
function deadlineWindow(ref: ReferenceData, view: OrderView, now: number) {
  const due = view.clocks.find((c) => c.kind === 'handling' && c.stoppedAt === null)?.dueAt ?? null;
  const latest = deadlineFor(due ?? now, ref.policy.maxExtension, ref.calendar);
  const daysOff: string[] = [];
  for (let at = now; at <= latest + DAY_MS; at += DAY_MS) {
    if (!isWorkingDay(chinaDay(at), ref.calendar)) daysOff.push(chinaDay(at));
  }
  return {
    current: due === null ? null : iso(due),
    latest: iso(latest),
    maxExtension: ref.policy.maxExtension,
    daysOff,
  };
}

/** What lists show of an order: enough to triage, no citizen data. */
export function listItem(row: OrderListRow) {
  return {
    orderId: row.orderId,
    orderType: row.orderType,
    channel: row.channel,
    category: row.category,
    urgency: row.urgency,
    state: row.state,
    closureCode: row.closureCode,
    slaState: row.slaState,
    escalationLevel: row.escalationLevel,
    leadUnit: row.leadUnit,
    assistingUnits: row.assistingUnits,
    receivedAt: row.receivedAt.toISOString(),
    responseDueAt: row.responseDueAt?.toISOString() ?? null,
    handlingDueAt: row.handlingDueAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    summary: row.summary,
    categoryName: row.categoryName,
    place: row.place,
    clocks: (row.clocks ?? []).map((c) => ({
      kind: c.kind as ClockKind,
      subject: c.subject,
      dueAt: c.dueAt === null ? null : iso(c.dueAt),
      remainingMs: Math.round(c.remainingMs),
      paused: c.paused,
      slaState: c.slaState as SlaState,
    })),
    escalationCause: row.escalationCause,
    returnReason: row.returnReason,
    pendingExtension: row.pendingExtension && {
      newDueAt: iso(row.pendingExtension.newDueAt),
      reason: row.pendingExtension.reason,
    },
    visitAttempts: row.visitAttempts ?? 0,
  };
}

const cursorSchema = z
  .string()
  .regex(CURSOR_PATTERN, 'must be a cursor from this API')
  .transform((raw) => decodeCursor(raw)!);
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: cursorSchema.optional(),
};
/** An order number or words of the request; what the inbox's search box sends. */
const searchText = z.string().trim().min(1).max(100);
const stateFilter = z.enum(ORDER_STATES);

/** The coordinators' queues. `overdue`: past a deadline and not yet under supervision (督办, L2). */
const QUEUE_KINDS = ['supervision', 'coordination', 'disputes', 'extensions', 'overdue'] as const;
const QUEUES: Record<(typeof QUEUE_KINDS)[number], OrderFilters> = {
  supervision: { minEscalationLevel: 2, openOnly: true },
  coordination: { minEscalationLevel: 3, openOnly: true },
  disputes: { states: ['returned'] },
  extensions: { states: ['extension_requested'] },
  overdue: { slaState: 'breached', maxEscalationLevel: 1, openOnly: true },
};
/** Work orders received and owned by no unit: held back from dispatch, or no lead unit found. */
const HELD: OrderFilters = { states: ['received'], unassigned: true };

/**
 * The open order a held order most likely repeats (并单), looked up again as at intake; null when none
 * (the order was held for want of a unit) or the lookup fails: the queue still shows the order.
 */
async function likelyPrimary(deps: OrderDeps, orderId: string) {
  const row = await orderRow(deps.db, orderId);
  const candidates = row ? await repeatCandidatesOf(deps.db, deps.reference.get().policy, row).catch(() => []) : [];
  const best = candidates[0];
  return best ? { orderId: best.orderId, confidence: best.confidence } : null;
}
const slaFilter = z.enum(SLA_STATES);

export async function page(
  db: Db,
  filters: OrderFilters,
  q: { limit: number; cursor?: NonNullable<ReturnType<typeof decodeCursor>> },
  sort: Sort,
) {
  const result = await listOrders(db, filters, { sort, limit: q.limit, cursor: q.cursor });
  return { status: 200, body: { items: result.items.map(listItem), nextCursor: result.nextCursor } };
}

/**
 * Starts an order from an intake body (POST /orders, and a partner's Open311 request): the same key and body
 * again give the same order (200); another body under a key already used is refused (409).
 */
export async function createOrder(
  deps: OrderDeps,
  actor: Actor,
  body: CreateOrderBody,
  idempotencyKey: string,
): Promise<RouteResult> {
  const orderId = orderIdFor(actor, idempotencyKey, deps.requesterHashKey);
  const fingerprint = requestFingerprint(body);
  const receivedAt = Date.now();
  const asReceived = buildIntake(body, deps.reference.get(), {
    orderId,
    actor,
    receivedAt,
    hashKey: deps.requesterHashKey,
  });
  // A likely repeat is offered to the operator before any unit receives it (并单 before dispatch).
  const repeatCandidates = await lookUpRepeats(deps, asReceived);
  const policy = deps.reference.get().policy;
  const held = asReceived.leadUnit !== null && holdForRepeatReview(repeatCandidates, policy);
  const intake = held ? { ...asReceived, leadUnit: null, assistingUnits: [] } : asReceived;
  // The workflow runs the same pure code on the same intake, so this is the state it starts in.
  const initial = OrderState.receive(intake);
  try {
    await deps.temporal.workflow.start<typeof orderWorkflow>('orderWorkflow', {
      workflowId: orderId,
      taskQueue: TASK_QUEUE,
      args: [{ intake, attributesAtStart: true, localWrites: true, patches: ORDER_PATCHES }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
      memo: { fingerprint },
      typedSearchAttributes: initialSearchAttributes(initial, receivedAt),
      staticSummary: orderSummary(intake),
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const existing = await deps.temporal.workflow.getHandle(orderId).describe();
    if (existing.memo?.fingerprint !== fingerprint) {
      throw new HttpProblem(409, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request', {
        orderId,
      });
    }
    const order = apiOrderView(await loadOrder(deps, orderId));
    return {
      status: 200,
      body: {
        ...order,
        verificationCode: verificationCode(deps.requesterHashKey, orderId, order.verificationCodeVersion),
      },
      headers: { Location: `/orders/${orderId}` },
    };
  }
  const view = await linkRepeats(deps, intake, orderView(initial, receivedAt), repeatCandidates);
  return {
    status: 201,
    body: {
      ...apiOrderView(view),
      verificationCode: verificationCode(deps.requesterHashKey, orderId),
      repeatCandidates,
      // Dispatch is held for the operator to merge into a candidate or to dispatch as proposed.
      ...(held && view.state === 'received'
        ? { dispatchHeld: { leadUnit: asReceived.leadUnit, assistingUnits: asReceived.assistingUnits } }
        : {}),
    },
    headers: { Location: `/orders/${orderId}` },
  };
}

export function orderRoutes(deps: OrderDeps) {
  return [
    route({
      method: 'post',
      path: '/orders',
      tag: 'intake',
      summary: 'Create a work order',
      roles: ['operator'],
      body: createOrderBody,
      idempotencyKey: 'required',
      responses: {
        201: { description: 'Order created; its workflow is running', body: createdOrder },
        200: {
          description: 'Repeat of an earlier request with the same Idempotency-Key: the same order',
          body: createdOrder,
        },
        400: 'Invalid body or header',
        409: 'Idempotency-Key reused with a different body',
        422: 'Unknown category or unit, or a contact phone that cannot be called back (errors[].code)',
        503: 'Temporal unavailable',
      },
      handle: ({ actor, body, idempotencyKey }) => createOrder(deps, actor, body, idempotencyKey!),
    }),
    route({
      method: 'get',
      path: '/orders/:orderId',
      tag: 'orders',
      summary: 'Get one order',
      roles: ['operator', 'department', 'coordinator', 'visitor', 'auditor', 'manager'],
      params: orderParams,
      responses: {
        200: { description: 'The order', body: orderAnswer },
        404: 'No such order (or not visible to the caller)',
        503: 'Temporal unavailable',
      },
      async handle({ actor, params }) {
        const loaded = await loadOrder(deps, params.orderId);
        if (!canSee(actor, loaded)) throw notFound();
        const presented = apiOrderView(await presentOrder(deps.db, actor, loaded));
        const moves = actor.role === 'coordinator' || (actor.role === 'department' && loaded.leadUnit === actor.unit);
        const view = moves
          ? { ...presented, deadlineWindow: deadlineWindow(deps.reference.get(), loaded, Date.now()) }
          : presented;
        if (actor.role !== 'coordinator') return { status: 200, body: view };
        // The fairness flag is for coordinators only: never shown to the departments being rated.
        const row = await orderRow(deps.db, params.orderId).catch(() => undefined);
        const requesterFlag = row?.requesterHash
          ? await requesterFlagOf(deps.db, deps.reference.get().policy, row.requesterHash).catch(() => null)
          : null;
        return { status: 200, body: { ...view, requesterFlag } };
      },
    }),
    route({
      method: 'get',
      path: '/orders/:orderId/audit',
      tag: 'orders',
      summary: 'The order’s audit timeline',
      roles: ['operator', 'department', 'coordinator', 'visitor', 'auditor', 'manager'],
      params: orderParams,
      responses: {
        200: { description: 'Audit events in order', body: auditBody },
        404: 'No such order (or not visible)',
        503: 'Unavailable',
      },
      async handle({ actor, params }) {
        if (!canSee(actor, await loadOrder(deps, params.orderId))) throw notFound();
        const trail = await auditTrail(deps.db, params.orderId);
        const events =
          actor.role === 'department' ? trail.filter((e) => !CENTRE_ONLY_EVENTS.has(e.type as AuditEventType)) : trail;
        return {
          status: 200,
          body: {
            orderId: params.orderId,
            events: events.map((e) => ({
              seq: e.seq,
              type: e.type,
              at: e.at.toISOString(),
              actor: { role: e.actorRole, id: e.actorId, unit: e.actorUnit },
              reason: e.reason,
              data: apiEventData(e.type, e.data),
            })),
          },
        };
      },
    }),
    route({
      method: 'get',
      path: '/orders',
      tag: 'orders',
      summary: 'List and search orders (read model), newest first',
      roles: ['operator', 'department', 'coordinator', 'visitor', 'auditor', 'manager'],
      query: z.strictObject({
        ...pageQuery,
        state: stateFilter.optional(),
        slaState: slaFilter.optional(),
        leadUnit: z
          .string()
          .regex(/^[A-Z0-9_]{2,32}$/)
          .optional(),
        category: z
          .string()
          .regex(/^[a-z0-9_]{2,64}$/)
          .optional(),
        urgency: z.enum(URGENCIES).optional(),
        minEscalationLevel: z.coerce.number().int().min(0).max(3).optional(),
        receivedFrom: instant.optional(),
        receivedTo: instant.optional(),
      }),
      responses: {
        200: { description: 'A page of orders', body: orderPage },
        400: 'Invalid filter',
        503: 'Database unavailable',
      },
      handle: ({ actor, query: q }) =>
        page(
          deps.db,
          {
            states: q.state ? [q.state] : undefined,
            slaState: q.slaState,
            leadUnit: q.leadUnit,
            category: q.category,
            urgency: q.urgency,
            minEscalationLevel: q.minEscalationLevel,
            receivedFrom: q.receivedFrom ? new Date(q.receivedFrom) : undefined,
            receivedTo: q.receivedTo ? new Date(q.receivedTo) : undefined,
            unit: actor.role === 'department' ? actor.unit! : undefined,
          },
          q,
          'received',
        ),
    }),
    route({
      method: 'get',
      path: '/inbox',
      tag: 'department',
      summary: 'The unit’s open orders (lead or assisting), nearest due first',
      roles: ['department'],
      query: z.strictObject({
        ...pageQuery,
        state: stateFilter.optional(),
        slaState: slaFilter.optional(),
        q: searchText.optional(),
      }),
      responses: {
        200: { description: 'A page of orders', body: orderPage },
        400: 'Invalid filter',
        503: 'Database unavailable',
      },
      handle: ({ actor, query: q }) =>
        page(
          deps.db,
          {
            unit: actor.unit!,
            openOnly: true,
            states: q.state ? [q.state] : undefined,
            slaState: q.slaState,
            text: q.q,
          },
          q,
          'due',
        ),
    }),
    route({
      method: 'get',
      path: '/inbox/counts',
      tag: 'department',
      summary: 'How many open orders the unit leads and assists on, by state',
      roles: ['department'],
      responses: {
        200: { description: 'Counts by state', body: inboxCounts },
        503: 'Database unavailable',
      },
      async handle({ actor }) {
        const [all, lead] = await Promise.all([
          countOrders(deps.db, { unit: actor.unit!, openOnly: true }),
          countOrders(deps.db, { leadUnit: actor.unit!, openOnly: true }),
        ]);
        const assisting = Object.fromEntries(Object.entries(all).map(([state, n]) => [state, n - (lead[state] ?? 0)]));
        return { status: 200, body: { lead, assisting } };
      },
    }),
    route({
      method: 'get',
      path: '/escalations',
      tag: 'coordination',
      summary: 'The coordinators’ queue: supervision (L2), coordination (L3), disputes, extension requests',
      roles: ['coordinator'],
      query: z.strictObject({ ...pageQuery, kind: z.enum(QUEUE_KINDS) }),
      responses: {
        200: { description: 'A page of orders', body: orderPage },
        400: 'Invalid filter',
        503: 'Database unavailable',
      },
      handle: ({ query: q }) => page(deps.db, QUEUES[q.kind], q, 'due'),
    }),
    route({
      method: 'get',
      path: '/escalations/counts',
      tag: 'coordination',
      summary: 'How many orders each coordinators’ queue holds, and the held orders (no unit yet)',
      roles: ['coordinator'],
      responses: {
        200: { description: 'Counts by queue', body: queueCounts },
        503: 'Database unavailable',
      },
      async handle() {
        const kinds = [...QUEUE_KINDS, 'held'] as const;
        const filters = { ...QUEUES, held: HELD };
        const totals = await Promise.all(kinds.map((k) => countOrders(deps.db, filters[k])));
        const sum = (byState: Record<string, number>) => Object.values(byState).reduce((a, b) => a + b, 0);
        return { status: 200, body: { counts: Object.fromEntries(kinds.map((k, i) => [k, sum(totals[i]!)])) } };
      },
    }),
    route({
      method: 'get',
      path: '/held',
      tag: 'intake',
      summary:
        'Orders no unit owns yet (待派单): held back from dispatch as a likely repeat, or with no lead unit found; nearest response deadline first, each with the open order it most likely repeats',
      roles: ['operator', 'coordinator'],
      query: z.strictObject(pageQuery),
      responses: {
        200: { description: 'A page of held orders', body: heldPage },
        400: 'Invalid query',
        503: 'Database unavailable',
      },
      async handle({ query: q }) {
        const result = await listOrders(deps.db, HELD, { sort: 'due', limit: q.limit, cursor: q.cursor });
        const items = await Promise.all(
          result.items.map(async (row) => ({ ...listItem(row), repeatOf: await likelyPrimary(deps, row.orderId) })),
        );
        return { status: 200, body: { items, nextCursor: result.nextCursor } };
      },
    }),
    route({
      method: 'get',
      path: '/visits',
      tag: 'return-visit',
      summary: 'The return-visit queue: completed orders waiting for the citizen’s rating',
      roles: ['visitor'],
      query: z.strictObject(pageQuery),
      responses: {
        200: { description: 'A page of orders', body: orderPage },
        400: 'Invalid query',
        503: 'Database unavailable',
      },
      handle: ({ query: q }) => page(deps.db, { states: ['completed', 'return_visit'] }, q, 'received'),
    }),
  ];
}
