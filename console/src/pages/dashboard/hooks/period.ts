/**
 * The assessment period in China time: a day, a Monday-to-Sunday week, a calendar month or any range of
 * days, as calendar dates (`YYYY-MM-DD`, the end exclusive) turned into instants at 00:00 +08:00 (China
 * keeps no summer time), and the period before it that a change is measured against.
 */
import dayjs from 'dayjs';

export const PERIOD_KINDS = ['day', 'week', 'month', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const PERIOD_KIND_LABEL: Record<PeriodKind, string> = { day: '日', week: '周', month: '月', custom: '自定义' };

/** Calendar days, `end` exclusive. */
export interface Period {
  kind: PeriodKind;
  start: string;
  end: string;
}

const DAY = 'YYYY-MM-DD';

/** Today's date in China, whatever the browser's time zone. */
export const chinaToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

const mondayOf = (date: string) => {
  const d = dayjs(date);
  return d.subtract((d.day() + 6) % 7, 'day');
};

/** The day, week or month that holds `date`; a custom period is given by its first and last day. */
export function periodOf(kind: PeriodKind, date: string, lastDay = date): Period {
  const d = dayjs(date);
  if (kind === 'day') return { kind, start: d.format(DAY), end: d.add(1, 'day').format(DAY) };
  if (kind === 'week') {
    const monday = mondayOf(date);
    return { kind, start: monday.format(DAY), end: monday.add(7, 'day').format(DAY) };
  }
  if (kind === 'month') {
    const first = d.startOf('month');
    return { kind, start: first.format(DAY), end: first.add(1, 'month').format(DAY) };
  }
  return { kind, start: d.format(DAY), end: dayjs(lastDay).add(1, 'day').format(DAY) };
}

/** The period just before: the previous day, week or month, or as many days before a custom range. */
export function previousOf(p: Period): Period {
  if (p.kind === 'month') return periodOf('month', dayjs(p.start).subtract(1, 'month').format(DAY));
  const days = dayjs(p.end).diff(p.start, 'day');
  return { kind: p.kind, start: dayjs(p.start).subtract(days, 'day').format(DAY), end: p.start };
}

/** The eight weeks up to the one the period ends in: the trend's x-axis. */
export function trendWeeks(p: Period, weeks = 8): Period[] {
  const last = mondayOf(dayjs(p.end).subtract(1, 'day').format(DAY));
  return Array.from({ length: weeks }, (_, i) =>
    periodOf('week', last.subtract(7 * (weeks - 1 - i), 'day').format(DAY)),
  );
}

/** A period given in an address (?kind=&start=&end=): the dashboard and a unit's page link each other with it. */
export function periodFromSearch(search: URLSearchParams): Period | null {
  const kind = PERIOD_KINDS.find((k) => k === search.get('kind'));
  const [start, end] = [search.get('start'), search.get('end')];
  const date = /^\d{4}-\d{2}-\d{2}$/;
  return kind && start && end && date.test(start) && date.test(end) ? { kind, start, end } : null;
}

export const periodSearch = (p: Period) => `kind=${p.kind}&start=${p.start}&end=${p.end}`;

/** The instants the API takes: 00:00 China time of the first and the day after the last. */
export const instants = (p: Period) => ({ from: `${p.start}T00:00:00+08:00`, to: `${p.end}T00:00:00+08:00` });

/** 12月1日–12月7日, as the screen names a period. */
export function periodLabel(p: Period): string {
  const last = dayjs(p.end).subtract(1, 'day');
  const md = (d: dayjs.Dayjs) => `${d.month() + 1}月${d.date()}日`;
  return p.start === last.format(DAY)
    ? `${dayjs(p.start).year()}年${md(last)}`
    : `${dayjs(p.start).year()}年${md(dayjs(p.start))}至${md(last)}`;
}
