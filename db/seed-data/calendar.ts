/**
 * The official working-day calendars the demo city is seeded with.
 *
 * A year the `chinese-days` package knows (the State Council's published 放假安排, with 调休) is taken
 * from it. A year it does not know yet gets a provisional calendar built from the statutory holidays
 * of 《全国年节及纪念日放假办法》 (2024 revision, in force 2025-01-01): 元旦 1 day, 春节 4 days
 * (除夕 to 正月初三), 清明 1 day, 劳动节 2 days, 端午 1 day, 中秋 1 day, 国庆 3 days, plus the
 * 补假 of its Article 6 (a statutory day off falling on a Saturday or Sunday is made up on the next
 * working day). No 调休 make-up working days are guessed: they exist only once published.
 */
import chineseDays from 'chinese-days';
import type { WorkCalendar } from '../../domain/types';

/** The installed `chinese-days` version (test/seed-data.test.ts checks it against node_modules). */
export const CHINESE_DAYS_VERSION = '1.5.7';

export interface SeedCalendar {
  year: number;
  calendar: WorkCalendar;
  source: string;
  provisional: boolean;
}

export const DEMO_CALENDAR_YEARS = [2026, 2027] as const;

const WEEKDAY_NAMES = new Set(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);

const DAY_MS = 86_400_000;

function toIso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function isoToMs(iso: string): number {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`invalid date ${iso}`);
  return ms;
}

function isWeekend(iso: string): boolean {
  const dow = new Date(isoToMs(iso)).getUTCDay();
  return dow === 0 || dow === 6;
}

function addDays(iso: string, days: number): string {
  return toIso(isoToMs(iso) + days * DAY_MS);
}

function daysOfYear(year: number): string[] {
  const days: string[] = [];
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += DAY_MS) days.push(toIso(ms));
  return days;
}

/**
 * The published calendar of `year` from chinese-days, or null if the package has no schedule for that
 * year (it then reports every day by its weekday name).
 */
export function publishedCalendar(year: number): WorkCalendar | null {
  const holidays: string[] = [];
  const makeupWorkdays: string[] = [];
  for (const day of daysOfYear(year)) {
    const detail = chineseDays.getDayDetail(day);
    const festival = !WEEKDAY_NAMES.has(detail.name);
    if (!detail.work && (festival || !isWeekend(day))) holidays.push(day);
    if (detail.work && isWeekend(day)) makeupWorkdays.push(day);
  }
  if (holidays.length === 0 && makeupWorkdays.length === 0) return null;
  return { holidays, makeupWorkdays };
}

/** The statutory holidays of `year` (without 补假 or 调休), each with its festival name. */
export function statutoryHolidays(year: number): { date: string; name: string }[] {
  // 正月初一 of the lunar year starting in `year`; 除夕 is the day before (腊月 has 29 or 30 days).
  const springFestival = chineseDays.getSolarDateFromLunar(`${year}-01-01`).date;
  const dragonBoat = chineseDays.getSolarDateFromLunar(`${year}-05-05`).date;
  const midAutumn = chineseDays.getSolarDateFromLunar(`${year}-08-15`).date;
  const qingming = chineseDays.getSolarTermDate(year, 4, 'pure_brightness');
  const pad = (n: number) => String(n).padStart(2, '0');
  return [
    { date: `${year}-01-01`, name: '元旦' },
    ...[-1, 0, 1, 2].map((d) => ({ date: addDays(springFestival, d), name: '春节' })),
    { date: qingming, name: '清明节' },
    ...[1, 2].map((d) => ({ date: `${year}-05-${pad(d)}`, name: '劳动节' })),
    { date: dragonBoat, name: '端午节' },
    { date: midAutumn, name: '中秋节' },
    ...[1, 2, 3].map((d) => ({ date: `${year}-10-${pad(d)}`, name: '国庆节' })),
  ];
}

/**
 * A provisional calendar for a year whose schedule is not published yet: the statutory holidays and,
 * for each one on a weekend, a 补假 day on the next working day (Article 6 of the 放假办法).
 */
export function provisionalCalendar(year: number): WorkCalendar {
  const statutory = statutoryHolidays(year).map((h) => h.date);
  const off = new Set(statutory);
  for (const day of statutory) {
    if (!isWeekend(day)) continue;
    let inLieu = addDays(day, 1);
    while (isWeekend(inLieu) || off.has(inLieu)) inLieu = addDays(inLieu, 1);
    off.add(inLieu);
  }
  return { holidays: [...off].sort(), makeupWorkdays: [] };
}

export function demoCalendars(): SeedCalendar[] {
  return DEMO_CALENDAR_YEARS.map((year) => {
    const published = publishedCalendar(year);
    if (published) {
      return {
        year,
        calendar: published,
        source: `国务院办公厅${year}年放假安排（据 chinese-days ${CHINESE_DAYS_VERSION} 收录）`,
        provisional: false,
      };
    }
    return {
      year,
      calendar: provisionalCalendar(year),
      source:
        `暂定：按《全国年节及纪念日放假办法》（2024年修订）的法定节假日及第六条补假排定，` +
        `日期由 chinese-days ${CHINESE_DAYS_VERSION} 换算农历与节气；尚无调休安排。` +
        `国务院办公厅公布${year}年放假安排后须替换。`,
      provisional: true,
    };
  });
}
