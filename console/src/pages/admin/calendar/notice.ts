/**
 * 国务院办公厅关于节假日安排的通知, pasted as a table (from the notice or a spreadsheet; tab- or
 * comma-separated): one holiday a row — 节日, 放假日期, 调休上班日期. Dates as the notice writes them
 * (2月5日至11日, 12月31日至1月2日, 2月14日（周六）、2月20日) or as 2027-02-05; a range counts every day of it.
 */
import dayjs from 'dayjs';

export interface NoticeRow {
  line: number;
  holiday: string;
  holidays: string[];
  makeupWorkdays: string[];
}
export interface Notice {
  rows: NoticeRow[];
  holidays: string[];
  makeupWorkdays: string[];
  /** Days the notice names in another year (元旦 from 12月31日): for that year's calendar, not this one. */
  outside: string[];
  /** Each line that could not be read, with why. */
  errors: { line: number; message: string }[];
}

const DATE = /^(?:(\d{4})\s*[年/-]\s*)?(?:(\d{1,2})\s*[月/-]\s*)?(\d{1,2})\s*日?$/;
/** 周六, （星期日） and the like, which the notice writes after a date. */
const WEEKDAY = /[（(]\s*(?:周|星期)[一二三四五六日天]\s*[)）]/g;

/** One date; the year and month it leaves out are the ones before it (a range's start, the notice's year). */
function dateOf(text: string, context: { year: number; month: number | null }): string | null {
  const m = DATE.exec(text.trim());
  if (!m) return null;
  const year = m[1] ? Number(m[1]) : context.year;
  const month = m[2] ? Number(m[2]) : context.month;
  if (month === null) return null;
  const d = dayjs(`${year}-${String(month).padStart(2, '0')}-${m[3]!.padStart(2, '0')}`, 'YYYY-MM-DD', true);
  if (!d.isValid() || d.month() + 1 !== month) return null;
  context.year = year;
  context.month = month;
  return d.format('YYYY-MM-DD');
}

/** Every day a cell names: lists (、 ； 和) of days and ranges (至 ~ －). Null when a part cannot be read. */
function daysOf(cell: string, year: number): string[] | null {
  const text = cell.replace(WEEKDAY, '').trim();
  if (!text || /^(无|不调休|—|-)$/.test(text)) return [];
  const days: string[] = [];
  const context = { year, month: null as number | null };
  for (const part of text.split(/[、;；,，和及]+/).filter((p) => p.trim())) {
    const [from, to, ...more] = part.split(/至|~|～|－|—/);
    const start = dateOf(from!, context);
    const end = to === undefined ? start : dateOf(to, context);
    if (!start || !end || more.length || end < start) return null;
    for (let d = dayjs(start); !d.isAfter(end); d = d.add(1, 'day')) days.push(d.format('YYYY-MM-DD'));
  }
  return days;
}

/** Splits a pasted line into cells: tabs if it has any, else commas outside double quotes. */
const cellsOf = (line: string) =>
  line.includes('\t')
    ? line.split('\t')
    : [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)]
        .map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'))
        .slice(0, -1);

export function parseNotice(text: string, year: number): Notice {
  const notice: Notice = { rows: [], holidays: [], makeupWorkdays: [], outside: [], errors: [] };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    const [holiday = '', off = '', work = ''] = cellsOf(raw).map((c) => c.trim());
    // A header row names the columns and holds no date.
    if (!/\d/.test(off + work)) return;
    const holidays = daysOf(off, year);
    const makeupWorkdays = daysOf(work, year);
    if (!holidays || !makeupWorkdays) {
      notice.errors.push({ line, message: `第 ${line} 行的日期无法识别：${!holidays ? off : work}` });
      return;
    }
    notice.rows.push({ line, holiday, holidays, makeupWorkdays });
  });
  const all = (pick: (r: NoticeRow) => string[]) => [...new Set(notice.rows.flatMap(pick))].sort();
  const inYear = (day: string) => day.startsWith(`${year}-`);
  notice.holidays = all((r) => r.holidays).filter(inYear);
  notice.makeupWorkdays = all((r) => r.makeupWorkdays).filter(inYear);
  notice.outside = all((r) => [...r.holidays, ...r.makeupWorkdays]).filter((d) => !inYear(d));
  return notice;
}
