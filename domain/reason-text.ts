/**
 * The reasons the system writes (./escalation causes, workflows/actions closures; kept as recorded, in
 * workflow history) in Chinese, and the names they use: the console's screens and the supervision report's
 * PDF (api/supervision-report-pdf.ts) read them the same. A person's own reason passes as typed.
 */
import type { ClockKind } from './clock';
import type { Resolution, Satisfaction } from './order-view';

export const CLOCK_NAME: Record<ClockKind, string> = {
  response: '签收时限',
  handling: '办理时限',
  ruling: '退单裁定时限',
  visit: '回访时限',
  assist: '协办时限',
};

/** A clock's breach (超时), by the clock. */
export const CLOCK_BREACHED: Record<ClockKind, string> = {
  response: '响应超时',
  handling: '办理超时',
  ruling: '裁定超时',
  visit: '回访超时',
  assist: '协办超时',
};

export const SATISFACTION_NAME: Record<Satisfaction, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};

export const RESOLUTION_NAME: Record<Resolution, string> = {
  resolved: '已解决',
  partly: '部分解决',
  unresolved: '未解决',
};

/** The escalation ladder's levels (./escalation ESCALATION_LEVELS). */
export const ESCALATION_LEVEL_NAME = ['无', 'L1 催办', 'L2 督办', 'L3 高位协调'];

export const isClockKind = (kind: unknown): kind is ClockKind =>
  typeof kind === 'string' && Object.hasOwn(CLOCK_NAME, kind);
const SATISFACTION_OR_RESOLUTION: Record<string, string> = { ...SATISFACTION_NAME, ...RESOLUTION_NAME };

const SYSTEM_REASONS: [RegExp, (...m: string[]) => string | null][] = [
  [/^(\w+) clock breached$/, (k) => (isClockKind(k) ? CLOCK_BREACHED[k] : null)],
  [/^(\w+) clock at ([\d.]+)%$/, (k, pct) => (isClockKind(k) ? `${CLOCK_NAME[k]}已过 ${pct}%` : null)],
  [/^dispute not ruled on in time$/, () => '退单未按时裁定，转兜底单位'],
  [/^returned more than (\d+) times$/, (n) => `退单超过 ${n} 次`],
  [/^reopened more than (\d+) times$/, (n) => `重办超过 ${n} 次`],
  [/^citizen unreachable after (\d+) attempts$/, (n) => `回访 ${n} 次未能联系到市民`],
  [/^(\d+) contacts about the same matter$/, (n) => `同一事项来电 ${n} 次`],
  [
    /^return-visit rating: (\w+), (\w+)$/,
    (s, r) => `回访评价：${SATISFACTION_OR_RESOLUTION[s] ?? s}，${SATISFACTION_OR_RESOLUTION[r] ?? r}`,
  ],
];

/** A recorded reason or escalation cause as a person reads it. */
export function reasonText(reason: string | null | undefined): string {
  if (!reason) return '—';
  for (const [pattern, text] of SYSTEM_REASONS) {
    const m = pattern.exec(reason);
    const said = m && text(...m.slice(1));
    if (said) return said;
  }
  return reason;
}
