/** A policy setting's value as the administrator reads it (domain/policy-settings names the settings). */
import type { PolicySetting } from '../../../../../domain/policy-settings';
import type { Limit } from '../../../../../domain/types';
import { LIMIT_UNIT, RESOLUTION_LABEL, SATISFACTION_LABEL } from '../../../labels';

const percent = (v: number) => `${Math.round(v * 1000) / 10}%`;
const listed = (values: string[], labels: Record<string, string>) =>
  values.length ? values.map((v) => labels[v] ?? v).join('、') : '无';

export function settingText(setting: PolicySetting, value: unknown): string {
  if (value === undefined || value === null) return '—';
  switch (setting.kind) {
    case 'limit': {
      const limit = value as Limit;
      return `${limit.amount} ${LIMIT_UNIT[limit.unit]}`;
    }
    case 'fraction':
      return percent(value as number);
    case 'thresholds':
      return (value as number[]).map(percent).join('、') || '不提醒';
    case 'satisfaction':
      return listed(value as string[], SATISFACTION_LABEL);
    case 'resolution':
      return listed(value as string[], RESOLUTION_LABEL);
    case 'phrases': {
      const phrases = value as string[];
      return phrases.length ? `${phrases.length} 条：${phrases.join('、')}` : '无';
    }
    default:
      return setting.unit ? `${String(value)} ${setting.unit}` : String(value);
  }
}
