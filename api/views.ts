/**
 * The one mapping from what the workflow holds to what the API answers. Every instant in a response body
 * is an RFC 3339 string in UTC with milliseconds (`2026-12-01T10:00:00.000Z`, what `Date#toJSON` writes,
 * so lists, the audit timeline and the order agree), every duration whole milliseconds. The workflow's
 * view (domain/order-view) keeps epoch ms: its stored shape and the recorded histories stay as they are.
 * The zod schemas here are the response schemas of the OpenAPI document.
 */
import { z } from 'zod';
import type { AuditEventData, AuditEventType } from '../domain/events';
import { CLOSURE_CODES, ORDER_STATES, SLA_STATES } from '../domain/order';
import type { OrderView } from '../domain/order-view';
import { RESOLUTION, SATISFACTION } from '../domain/order-view';
import { CHANNELS, ORDER_TYPES, URGENCIES } from '../domain/types';
import { CLOCK_KINDS } from '../domain/clock';
import { PHASES } from '../domain/lifecycle';
import { FINDING_ACTIONS, FINDING_MESSAGES, REPLY_FINDING_CODES } from '../domain/reply-quality';

export const instant = z.iso
  .datetime({ offset: true })
  .meta({ description: 'RFC 3339 instant, in UTC', example: '2026-12-01T10:00:00.000Z' });

export const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null | undefined): string | null => (ms == null ? null : iso(ms));

export const clockSchema = z.object({
  kind: z.enum(CLOCK_KINDS),
  subject: z.string().nullable(),
  startedAt: instant,
  dueAt: instant.nullable(),
  remainingMs: z.int().meta({ description: 'measured time left, negative when overdue' }),
  paused: z.boolean(),
  pausedReason: z.string().nullable(),
  breachedAt: instant.nullable(),
  stoppedAt: instant.nullable(),
  slaState: z.enum(SLA_STATES),
});

const visitSchema = z.object({
  at: instant,
  satisfaction: z.enum(SATISFACTION),
  resolution: z.enum(RESOLUTION),
  comment: z.string().nullable(),
});

const citizenSchema = z
  .object({
    name: z.string().optional(),
    phone: z.string().optional(),
    address: z.string().optional(),
    email: z.string().optional(),
  })
  .meta({ description: 'The contact, in full, masked or left out as the caller may see it' });

/** An order as every route that answers with one gives it (GET /orders/{id}, each action, intake). */
export const orderSchema = z.object({
  orderId: z.string(),
  orderType: z.enum(ORDER_TYPES),
  channel: z.enum(CHANNELS),
  category: z.string().nullable(),
  categoryName: z.string().nullable(),
  urgency: z.enum(URGENCIES),
  description: z.string(),
  citizen: citizenSchema,
  incidentAddress: z
    .string()
    .nullable()
    .meta({ description: 'The address of the matter (事发地址), as typed at intake' }),
  confidential: z.boolean(),
  state: z.enum(ORDER_STATES),
  phase: z
    .enum(PHASES)
    .meta({ description: 'The lifecycle phase behind the state (which shows escalated over it at L3)' }),
  closureCode: z.enum(CLOSURE_CODES).nullable(),
  closure: z
    .object({
      at: instant,
      code: z.enum(CLOSURE_CODES),
      reason: z.string().nullable(),
      articleId: z.string().optional(),
      referredTo: z.string().optional(),
      mergedInto: z.string().optional(),
    })
    .nullable(),
  slaState: z.enum(SLA_STATES),
  escalationLevel: z.int(),
  escalations: z.array(z.object({ level: z.int(), at: instant, cause: z.string() })),
  leadUnit: z.string().nullable(),
  assistingUnits: z.array(
    z.object({ unit: z.string(), acknowledgedAt: instant.nullable(), contributedAt: instant.nullable() }),
  ),
  policyVersion: z.int(),
  receivedAt: instant,
  acknowledgedAt: instant.nullable(),
  completedAt: instant.nullable(),
  closedAt: instant.nullable(),
  reply: z.string().nullable(),
  notes: z.array(
    z.object({
      at: instant,
      unit: z.string().nullable(),
      kind: z.enum(['progress', 'contribution']),
      text: z.string(),
    }),
  ),
  returns: z.int(),
  reopens: z.int(),
  visitAttempts: z.int(),
  visits: z.array(visitSchema),
  pendingExtension: z.object({ requestedBy: z.string().nullable(), newDueAt: instant, reason: z.string() }).nullable(),
  contacts: z.array(
    z.object({ orderId: z.string(), channel: z.enum(CHANNELS), at: instant, visit: visitSchema.optional() }),
  ),
  clocks: z.array(clockSchema),
  verificationCodeVersion: z.int().min(0),
  quality: z
    .object({
      findings: z.array(
        z.object({
          code: z.enum(REPLY_FINDING_CODES),
          action: z.enum(FINDING_ACTIONS),
          message: z.string(),
          figures: z.record(z.string(), z.number()).optional(),
        }),
      ),
      review: z.enum(['pending', 'cleared', 'returned']).nullable(),
    })
    .nullable()
    .meta({ description: '质检 of the lead unit’s last reply: the findings, and where a quality review stands' }),
  lastSeq: z.int(),
});
export type ApiOrder = z.infer<typeof orderSchema>;

/**
 * The order with every instant as RFC 3339 and `remainingMs` whole (the working-time arithmetic leaves
 * float artefacts such as 207360000.00000003). Fields the caller added (the contact as the caller may
 * see it, the fairness flag…) pass through.
 */
export function apiOrderView<V extends OrderView>(view: V): Omit<V, keyof ApiOrder> & ApiOrder {
  return {
    ...view,
    incidentAddress: view.incidentAddress ?? null,
    confidential: view.confidential === true,
    verificationCodeVersion: view.verificationCodeVersion ?? 0,
    quality: view.quality
      ? { ...view.quality, findings: view.quality.findings.map((f) => ({ ...f, message: FINDING_MESSAGES[f.code] })) }
      : null,
    closure: view.closure && { ...view.closure, at: iso(view.closure.at) },
    escalations: view.escalations.map((e) => ({ ...e, at: iso(e.at) })),
    assistingUnits: view.assistingUnits.map((a) => ({
      ...a,
      acknowledgedAt: isoOrNull(a.acknowledgedAt),
      contributedAt: isoOrNull(a.contributedAt),
    })),
    receivedAt: iso(view.receivedAt),
    acknowledgedAt: isoOrNull(view.acknowledgedAt),
    completedAt: isoOrNull(view.completedAt),
    closedAt: isoOrNull(view.closedAt),
    notes: view.notes.map((n) => ({ ...n, at: iso(n.at) })),
    visits: view.visits.map((v) => ({ ...v, at: iso(v.at) })),
    pendingExtension: view.pendingExtension && {
      ...view.pendingExtension,
      newDueAt: iso(view.pendingExtension.newDueAt),
    },
    contacts: view.contacts.map(({ visit, ...c }) => ({
      ...c,
      at: iso(c.at),
      ...(visit ? { visit: { ...visit, at: iso(visit.at) } } : {}),
    })),
    clocks: view.clocks.map((c) => ({
      ...c,
      startedAt: iso(c.startedAt),
      dueAt: isoOrNull(c.dueAt),
      remainingMs: Math.round(c.remainingMs),
      breachedAt: isoOrNull(c.breachedAt),
      stoppedAt: isoOrNull(c.stoppedAt),
    })),
  };
}

/** The fields of an event's data that may hold an instant (epoch ms), for the compiler to check the list below. */
type InstantField<D> = { [F in keyof D]-?: number extends D[F] ? F : never }[keyof D];

/**
 * The instants in each audit event's data. Exhaustive: a new event type does not compile until it says
 * which of its numbers are instants (counts, levels and `latenessMs` stay numbers).
 */
const EVENT_INSTANTS: { [K in AuditEventType]: readonly InstantField<AuditEventData[K]>[] } = {
  received: ['responseDueAt'],
  classified: [],
  answered: [],
  referred: [],
  contact_merged: [],
  urgency_raised: ['handlingDueAt'],
  dispatched: ['responseDueAt', 'handlingDueAt'],
  redispatched: ['responseDueAt', 'handlingDueAt'],
  backstop_assigned: [],
  assisting_added: ['dueAt'],
  assisting_removed: [],
  quality_finding: [],
  quality_cleared: [],
  quality_returned: ['handlingDueAt'],
  acknowledged: [],
  assist_acknowledged: [],
  returned: ['rulingDueAt'],
  extension_requested: ['newDueAt', 'currentDueAt'],
  note_added: [],
  photo_added: [],
  assist_contributed: [],
  completed: ['visitDueAt'],
  ruled: [],
  extension_granted: ['from', 'to', 'requested'],
  extension_denied: ['requestedDueAt'],
  deadline_set: ['from', 'to', 'requested'],
  clock_paused: [],
  clock_resumed: ['dueAt'],
  escalated: [],
  deescalated: [],
  clock_warning: ['dueAt'],
  clock_breached: ['dueAt'],
  visit_recorded: [],
  contact_visit_recorded: [],
  visit_attempt_failed: [],
  reopened: ['handlingDueAt'],
  closed: [],
  record_failed: [],
  verification_code_reissued: [],
  caller_conduct_noted: [],
};

/** An audit event's data with its instants as RFC 3339; a type this version does not know passes as stored. */
export function apiEventData(type: string, data: Record<string, unknown>): Record<string, unknown> {
  const fields = (EVENT_INSTANTS as Record<string, readonly string[] | undefined>)[type] ?? [];
  const out = { ...data };
  for (const f of fields) if (typeof out[f] === 'number') out[f] = iso(out[f]);
  return out;
}
