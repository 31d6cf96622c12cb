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
  // `+0086 …` is the international prefix written twice: the same number as `+86 …`.
  if (compact.startsWith('+')) return international(digits.replace(/^00/, ''));
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

/** A mainland landline with its area code, as dialled at home: 010/02x + 8 digits, 0xxx + 7–8 digits. */
const MAINLAND_LANDLINE = /^0(?:(?:10|2\d)\d{8}|[3-9]\d{2}\d{7,8})$/;

/**
 * Why a contact number cannot be called back (a return visit needs one), in words for the operator; null
 * when it can: a mainland mobile or a landline with its area code, however written (+86, 0086, spaces,
 * dashes), or a foreign number in international form. "12345" and a mobile short of a digit are refused.
 */
export function contactPhoneProblem(raw: string): string | null {
  const phone = normalisePhone(raw);
  if (phone.startsWith(CHINA)) {
    const national = `0${phone.slice(CHINA.length)}`;
    if (MAINLAND_MOBILE.test(national.slice(1)) || MAINLAND_LANDLINE.test(national)) return null;
  } else if (phone.startsWith('+') && phone.length >= 9 && phone.length <= 16) return null;
  const digits = raw.replace(/\D/g, '');
  if (digits === '12345') return '12345 是本热线的号码，请填写来电人自己的电话';
  if (/^1\d{9}$/.test(digits)) return '手机号应为 11 位，这里只有 10 位';
  if (digits.length <= 8) return '号码太短：手机号 11 位，座机须带区号（如 0571-87654321）';
  return '不是有效的电话号码：手机号 11 位（1 开头），座机须带区号';
}
