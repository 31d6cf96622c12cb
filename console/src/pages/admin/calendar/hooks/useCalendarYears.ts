/** The working-day calendar year by year, as the administrator keeps it. */
import { api, ok } from '../../../../api/client';
import type { Answer } from '../../../../api/types';
import { useLoad } from '../../../../hooks';

export type CalendarYear = Answer<'/admin/calendar-years', 'get'>['years'][number];

export function useCalendarYears() {
  const loaded = useLoad(['admin', 'calendar'], () => ok(api.GET('/admin/calendar-years')));
  return { ...loaded, years: loaded.data?.years ?? [] };
}
