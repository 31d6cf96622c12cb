/**
 * A citizen's e-mail address (电子邮箱): one rule for the API (api/intake.ts, Open311 too) and the intake
 * form, so an address the desk lets through is never refused once the caller has hung up.
 */

/** zod's own e-mail pattern (z.email's default), named here so the browser checks by the same one. */
export const EMAIL_PATTERN =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/** The longest address SMTP carries (RFC 5321). */
export const EMAIL_MAX = 254;

/** Why an address cannot be stored, in words for the operator; null when it can. */
export function emailProblem(raw: string): string | null {
  if (raw.length > EMAIL_MAX) return `邮箱太长：最多 ${EMAIL_MAX} 个字符`;
  if (EMAIL_PATTERN.test(raw)) return null;
  // A Chinese input method types ＠ and ． in full width, which look right on screen.
  if (/[^\x21-\x7e]/.test(raw)) return '邮箱只能用半角字母、数字和符号：不能有汉字、空格，@ 和 . 不能是全角';
  if (!raw.includes('@')) return '邮箱缺少 @';
  return '邮箱格式不对：应为“名称@域名”，域名中须有点（.）';
}
