/**
 * How far a held order's response clock has run (受理 to 响应时限): the queue warns at the policy's
 * default reminder thresholds, before the clock breaches and the order escalates.
 */
import type { OrderListItem } from '../../../api/types';
import { clockOf } from '../../../components/OrderTable';
import { useNow } from '../../../hooks';

export type Warning = 'none' | '50' | '75' | 'breached';

export const WARNING_STYLE: Record<Warning, React.CSSProperties | undefined> = {
  none: undefined,
  '50': { background: '#fffbe6' },
  '75': { background: '#fff1e6' },
  breached: { background: '#fff1f0' },
};

export function useResponseWarning(): (o: OrderListItem) => Warning {
  const now = useNow();
  return (o) => {
    const clock = clockOf(o, 'response');
    const dueAt = clock?.dueAt ?? o.responseDueAt;
    if (!dueAt || clock?.paused) return 'none';
    const start = Date.parse(o.receivedAt);
    const share = (now - start) / (Date.parse(dueAt) - start);
    return share >= 1 ? 'breached' : share >= 0.75 ? '75' : share >= 0.5 ? '50' : 'none';
  };
}
