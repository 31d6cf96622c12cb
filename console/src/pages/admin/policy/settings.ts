/** A policy setting's value as the administrator reads it (domain/policy-settings names the settings). */
import { MB } from '../../../../../domain/photos';
import type { PolicySetting } from '../../../../../domain/policy-settings';
import type { Limit } from '../../../../../domain/types';
import { LIMIT_UNIT, RESOLUTION_LABEL, SATISFACTION_LABEL } from '../../../labels';

const percent = (v: number) => `${Math.round(v * 1000) / 10}%`;
/** A size in bytes as MB to one decimal, and back: the form sets sizes in tenths of a MB. */
export const megabytes = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
export const bytesOf = (megabytes: number) => Math.round((Math.round(megabytes * 10) * MB) / 10);
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
    case 'bytes':
      return `${megabytes(value as number)} MB`;
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
