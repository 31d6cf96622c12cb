/**
 * Intake (受理): turns an operator's validated request into the workflow's input, resolving dispatch,
 * urgency and limits from the cached reference data. No database round trip, so intake keeps working
 * while PostgreSQL is unreachable.
 */
import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import type { ReferenceData } from '../db/reference';
import { classificationOf, intakeUnits } from '../domain/dispatch';
import { EMAIL_MAX, EMAIL_PATTERN } from '../domain/email';
import type { Actor, Intake } from '../domain/order';
import { contactPhoneProblem, requesterKey } from '../domain/phone';
import { refusalOf } from '../domain/refusals';
import { CALLER_CONDUCTS, CHANNELS, ORDER_TYPES, TRANSCRIPT_FIELDS, URGENCIES } from '../domain/types';
import { categoryCode, text, unitCode } from './http/fields';
import { ruleViolated } from './http/problem';

export const createOrderBody = z.strictObject({
  channel: z.enum(CHANNELS),
  orderType: z.enum(ORDER_TYPES),
  category: categoryCode.optional(),
  urgency: z.enum(URGENCIES).optional(),
  description: text(4000),
  citizen: z.strictObject({
    name: text(64).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number')
      .optional(),
    address: text(256).optional(),
    email: z.email({ pattern: EMAIL_PATTERN, error: 'must be an email address' }).max(EMAIL_MAX).optional(),
    /** 同意短信通知: SMS of the order number and code, the reply and the return visit; none without it. */
    smsConsent: z.boolean().optional(),
  }),
  /** 事发地址: where the matter is, as the caller says it (repeat detection reads it without a map). */
  incidentAddress: text(256).optional(),
  /** 举报人保护: no unit, lead or assisting, ever sees who reported it; only the centre's roles do. */
  confidential: z.boolean().optional(),
  /** Where the matter is (WGS-84), e.g. from the app's map pin; not the citizen's home address. */
  location: z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
  /** The dispatch suggestion shown (POST /intake/suggestions), recorded beside the category chosen. */
  suggestion: z
    .strictObject({
      modelVersion: z.string().regex(/^[0-9a-f]{8}$/, 'must be a model version'),
      categories: z.array(categoryCode).max(3),
      abstained: z.boolean(),
    })
    .optional(),
  /** 智能填单: the fields proposed from the call's transcript (POST /intake/transcript) and those the operator changed. */
  transcript: z
    .strictObject({
      proposed: z.array(z.enum(TRANSCRIPT_FIELDS)).max(TRANSCRIPT_FIELDS.length),
      changed: z.array(z.enum(TRANSCRIPT_FIELDS)).max(TRANSCRIPT_FIELDS.length),
    })
    .optional(),
  /** 来电情况: the caller abused, threatened or shouted at the operator (the operators' load; never shown to units). */
  callerConduct: z.array(z.enum(CALLER_CONDUCTS)).max(CALLER_CONDUCTS.length).optional(),
  /** Operator override of the catalogue's dispatch. */
  leadUnit: unitCode.optional(),
  assistingUnits: z.array(unitCode).max(10).optional(),
});
export type CreateOrderBody = z.infer<typeof createOrderBody>;

/**
 * The order number (= workflow id) is derived from the caller and its idempotency key, so a retried
 * submit can only ever reach the same workflow — Temporal's id uniqueness makes it exactly one order.
 * Keyed with a server-side secret (`key`: REQUESTER_HASH_KEY), as the number is half of the citizen's
 * lookup credential: a partner's sequential keys must not make it guessable.
 */
export function orderIdFor(actor: Actor, idempotencyKey: string, key: string): string {
  const digest = createHmac('sha256', key).update(`order-id\n${actor.id}\n${idempotencyKey}`).digest();
  return `WO${base32(digest).slice(0, 14)}`;
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford: no I, L, O, U to misread over the phone
function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** Fingerprint of a create request: the same key with a different body is a conflict, not a repeat. */
export function requestFingerprint(body: CreateOrderBody): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Keyed hash of a phone number, normalised first (domain/phone: +86, 0086, separators), so repeat
 * contacts can be found without storing the number.
 */
export function requesterHash(key: string, phone: string | undefined): string | null {
  if (!phone) return null;
  return createHmac('sha256', key).update(requesterKey(phone)).digest('hex');
}

function backstopOf(ref: ReferenceData): string {
  const backstop = [...ref.units.values()].find((u) => u.isBackstop);
  if (!backstop) throw new Error('The reference data has no backstop unit (兜底)');
  return backstop.code;
}

/** A rule intake applies, refused with its code and Chinese message beside the field at fault. */
export function buildIntake(
  body: CreateOrderBody,
  ref: ReferenceData,
  context: { orderId: string; actor: Actor; receivedAt: number; hashKey: string },
): Intake {
  const entry = body.category === undefined ? undefined : ref.catalogue.get(body.category);
  if (body.category !== undefined && !entry) throw ruleViolated('category', refusalOf('unknown_category'));
  // A number no one can call back leaves the order without a return visit: the operator is told at once.
  const phoneProblem = body.citizen.phone === undefined ? null : contactPhoneProblem(body.citizen.phone);
  if (phoneProblem) throw ruleViolated('citizen.phone', refusalOf('phone_not_diallable', phoneProblem));
  for (const [field, code] of [
    ['leadUnit', body.leadUnit],
    ...(body.assistingUnits ?? []).map((u, i) => [`assistingUnits.${i}`, u]),
  ] as [string, string | undefined][]) {
    if (code !== undefined && !ref.units.has(code)) throw ruleViolated(field, refusalOf('unknown_unit'));
  }
  const { category, categoryName, urgency, handlingClass, categoryLimit } = classificationOf(entry, body.urgency);
  return {
    orderId: context.orderId,
    receivedAt: context.receivedAt,
    channel: body.channel,
    orderType: body.orderType,
    category,
    categoryName,
    urgency,
    description: body.description,
    citizen: body.citizen,
    ...(body.confidential ? { confidential: true } : {}),
    requesterHash: requesterHash(context.hashKey, body.citizen.phone),
    ...(body.location ? { location: body.location } : {}),
    ...(body.incidentAddress ? { incidentAddress: body.incidentAddress } : {}),
    ...(body.suggestion ? { suggestion: body.suggestion } : {}),
    ...(body.transcript ? { transcript: body.transcript } : {}),
    ...(body.callerConduct?.length ? { callerConduct: [...new Set(body.callerConduct)] } : {}),
    ...intakeUnits(body.orderType, entry, body),
    handlingClass,
    categoryLimit,
    backstopUnit: backstopOf(ref),
    policy: ref.policy,
    calendar: ref.calendar,
    referenceVersions: ref.versions,
    createdBy: context.actor,
  };
}
