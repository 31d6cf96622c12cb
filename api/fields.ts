/** Field schemas every route validates with the same rules. */
import { z } from 'zod';

/** Trimmed, non-empty text of bounded length. */
export const text = (max: number) => z.string().trim().min(1).max(max);
export const unitCode = z.string().regex(/^[A-Z0-9_]{2,32}$/, 'must be a unit code');
export const categoryCode = z.string().regex(/^[a-z0-9_]{2,64}$/, 'must be a catalogue category code');
export const referralChannelCode = z.string().regex(/^[a-z0-9_]{2,32}$/, 'must be a referral channel code');
