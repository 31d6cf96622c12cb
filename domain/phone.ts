/**
 * A caller's phone number as one requester, however it was typed: +86, 0086 or 86 before a mobile
 * number, spaces, dashes and brackets all name the same person, so a prefix cannot evade repeat
 * detection or the fairness flag (会哭的孩子有奶吃).
 */

/** A mainland mobile number: 11 digits, 13x–19x. */
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
const CHINA = '+86';

/**
 * E.164 (`+8613800138000`, `+861062345678`, `+442079460958`) for numbers written internationally, mainland
 * mobile numbers, and mainland landlines with their trunk 0 (010-6234 5678); any other number (a local
 * number without its area code) as its digits.
 */
export function normalisePhone(raw: string): string {
  const compact = raw.replace(/[\s().-]/g, '');
  const digits = compact.replace(/\D/g, '');
  if (compact.startsWith('+')) return international(digits);
  if (digits.startsWith('00')) return international(digits.slice(2));
  if (digits.startsWith('86') && MAINLAND_MOBILE.test(digits.slice(2))) return `${CHINA}${digits.slice(2)}`;
  if (MAINLAND_MOBILE.test(digits)) return `${CHINA}${digits}`;
  if (digits.startsWith('0')) return `${CHINA}${digits.slice(1)}`;
  return digits;
}

/** Country code first; a mainland number written +86 (0)10 … drops its trunk 0 as E.164 does. */
const international = (digits: string) => (digits.startsWith('860') ? `${CHINA}${digits.slice(3)}` : `+${digits}`);

/**
 * What identifies the requester (the input of the keyed hash): a mainland number as dialled at home
 * (13800138000, 01062345678), any other in E.164 without the plus. The forms requesters were hashed by
 * before normalisation — the digits as typed — stay the same for numbers typed that way.
 */
export function requesterKey(raw: string): string {
  const phone = normalisePhone(raw);
  if (!phone.startsWith(CHINA)) return phone.replace(/^\+/, '');
  const national = phone.slice(CHINA.length);
  return MAINLAND_MOBILE.test(national) ? national : `0${national}`;
}
