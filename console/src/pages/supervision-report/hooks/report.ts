/**
 * The report's period and unit, kept in the address (so a printed or shared link opens the same report),
 * the report itself through react-query, and its PDF fetched with the signed-in token (a plain link would
 * carry none).
 */
import { useSearchParams } from 'react-router';
import { api, ok } from '../../../api/client';
import type { Answer } from '../../../api/types';
import { useLoad } from '../../../hooks';
import { download } from '../../dashboard/components/sheet';
import {
  chinaToday,
  instants,
  periodFromSearch,
  periodOf,
  periodSearch,
  type Period,
} from '../../dashboard/hooks/period';

export type Report = Answer<'/supervision-reports', 'get'>;

export function useReportScope() {
  const [search, setSearch] = useSearchParams();
  // This month so far unless the address says otherwise; last month is one click on the picker.
  const period: Period = periodFromSearch(search) ?? periodOf('month', chinaToday());
  const unit = search.get('unit') || null;
  const set = (p: Period, u: string | null) =>
    setSearch(`${periodSearch(p)}${u ? `&unit=${u}` : ''}`, { replace: true });
  return { period, unit, setPeriod: (p: Period) => set(p, unit), setUnit: (u: string | null) => set(period, u) };
}

const query = (period: Period, unit: string | null) => ({ ...instants(period), ...(unit ? { unit } : {}) });

export function useReport(period: Period, unit: string | null) {
  return useLoad(['supervision-report', period, unit], () =>
    ok(api.GET('/supervision-reports', { params: { query: query(period, unit) } })),
  );
}

/** Downloads the server's PDF of the same report under `name`. */
export async function downloadPdf(period: Period, unit: string | null, name: string): Promise<void> {
  const pdf = await ok(
    api.GET('/supervision-reports.pdf', { params: { query: query(period, unit) }, parseAs: 'blob' }),
  );
  download(name, pdf as Blob, 'application/pdf');
}
