/** Field schemas every route validates with the same rules. */
import { z } from 'zod';
import { storable, UNSTORABLE_TEXT_MESSAGE } from '../../domain/text';

/**
 * The same rules as JSON Schema patterns, for the OpenAPI document (a client or a conformance tool
 * generates what is accepted): no NUL, and for free text at least one character the trim does not remove
 * (JavaScript's whitespace, listed, as `\\s` differs between regex dialects). Unpaired surrogates cannot
 * be written in a pattern most validators compile; no UTF-8 text holds one.
 */
const STORABLE = '[^\\u0000]';
const TRIMMED = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const STORABLE_PATTERN = `^${STORABLE}*$`;
const VISIBLE_STORABLE_PATTERN = `^${STORABLE}*[^\\u0000${TRIMMED}]${STORABLE}*$`;

/** Text the database can store (domain/text): no NUL character, no unpaired UTF-16 surrogate. */
export const storableText = z.string().refine(storable, UNSTORABLE_TEXT_MESSAGE).meta({ pattern: STORABLE_PATTERN });

/** Every free-text field: trimmed, non-empty, of bounded length, and storable. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(storable, UNSTORABLE_TEXT_MESSAGE)
    .meta({ pattern: VISIBLE_STORABLE_PATTERN });

/** PostgreSQL `integer` (int4): ids and offsets beyond it are refused, not passed to a query that fails. */
export const INT4_MAX = 2_147_483_647;
export const int4Id = z.coerce.number().int().min(1).max(INT4_MAX);
export const int4After = z.coerce.number().int().min(0).max(INT4_MAX);

/**
 * Years a calendar day or an instant may name: what `date`, `timestamptz` and the working-day calendar all
 * hold the same way (JavaScript's Date.UTC reads years 0–99 as 1900–1999; PostgreSQL has no year 0).
 */
const YEARS = { min: 1900, max: 2999 };
const inYears = (iso: string) => {
  const year = Number(iso.slice(0, 4));
  return year >= YEARS.min && year <= YEARS.max;
};
const YEARS_MESSAGE = `must fall in the years ${YEARS.min}–${YEARS.max}`;

/** The years above as a pattern on the text's first four characters, beside the format's own pattern. */
const inYearsSchema = { allOf: [{ pattern: '^(19|2[0-9])[0-9]{2}-' }] };

/** A calendar day, YYYY-MM-DD. */
export const day = z.iso.date().refine(inYears, YEARS_MESSAGE).meta(inYearsSchema);
/** An instant, RFC 3339 with an offset (2026-12-01T18:00:00+08:00). */
export const instant = z.iso.datetime({ offset: true }).refine(inYears, YEARS_MESSAGE).meta(inYearsSchema);
export const unitCode = z.string().regex(/^[A-Z0-9_]{2,32}$/, 'must be a unit code');
export const categoryCode = z.string().regex(/^[a-z0-9_]{2,64}$/, 'must be a catalogue category code');
export const referralChannelCode = z.string().regex(/^[a-z0-9_]{2,32}$/, 'must be a referral channel code');

/**
 * A phone number as typed (+86, 0086, spaces, dashes, brackets). Whether it can be called back is a rule
 * this pattern cannot state (domain/phone contactPhoneProblem): a route checks it and answers 422.
 */
export const phone = z.string().regex(/^\+?[0-9][0-9 ()-]{4,24}$/, 'must be a phone number');

/**
 * Why an administrator changes reference data (变更原因), recorded with the version it publishes: required of
 * every change, so each version of the history says why it was made.
 */
export const changeReason = text(500).meta({
  description: 'Why the change is made (变更原因), recorded with its version beside who made it',
});
