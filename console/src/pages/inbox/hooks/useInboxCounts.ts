/** The unit's open orders counted by state, lead and assisting apart; re-read on every live change. */
import { api, ok } from '../../../api/client';
import { useLoad } from '../../../hooks';
import { useLive } from '../../../live';

export function useInboxCounts() {
  const counts = useLoad(['inbox-counts'], () => ok(api.GET('/inbox/counts')));
  useLive(() => counts.reload());
  const total = (byState: Record<string, number> | undefined) =>
    Object.values(byState ?? {}).reduce((a, b) => a + b, 0);
  return {
    lead: total(counts.data?.lead),
    assisting: total(counts.data?.assisting),
    byState: (state: string) => (counts.data?.lead[state] ?? 0) + (counts.data?.assisting[state] ?? 0),
  };
}
