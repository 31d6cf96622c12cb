/** Field schemas every route validates with the same rules. */
import { z } from 'zod';
import { storable, UNSTORABLE_TEXT_MESSAGE } from '../domain/text';

/** Text the database can store (domain/text): no NUL character, no unpaired UTF-16 surrogate. */
export const storableText = z.string().refine(storable, UNSTORABLE_TEXT_MESSAGE);

/** Every free-text field: trimmed, non-empty, of bounded length, and storable. */
export const text = (max: number) => z.string().trim().min(1).max(max).refine(storable, UNSTORABLE_TEXT_MESSAGE);

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

/** A calendar day, YYYY-MM-DD. */
export const day = z.iso.date().refine(inYears, YEARS_MESSAGE);
/** An instant, RFC 3339 with an offset (2026-12-01T18:00:00+08:00). */
export const instant = z.iso.datetime({ offset: true }).refine(inYears, YEARS_MESSAGE);
export const unitCode = z.string().regex(/^[A-Z0-9_]{2,32}$/, 'must be a unit code');
export const categoryCode = z.string().regex(/^[a-z0-9_]{2,64}$/, 'must be a catalogue category code');
export const referralChannelCode = z.string().regex(/^[a-z0-9_]{2,32}$/, 'must be a referral channel code');
