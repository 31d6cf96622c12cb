/**
 * The official working-day calendar in China Standard Time (UTC+8, no DST) and time-limit arithmetic on it.
 * Imported by Temporal workflow code: pure and deterministic, every instant is passed in as epoch milliseconds.
 */
import type { Limit, WorkCalendar } from './types';

export const CHINA_OFFSET_MS = 8 * 3_600_000;

const DAY_MS = 86_400_000;

/** About ten years: a real calendar reaches a working day far sooner, and one with none must not loop forever. */
const MAX_SCAN_DAYS = 3_700;

const UNIT_MS = {
  minutes: 60_000,
  hours: 3_600_000,
  calendar_days: DAY_MS,
  // A working day is a whole China-time day of working time.
  working_days: DAY_MS,
} satisfies Record<Limit['unit'], number>;

/** China-time day number: 0 is 1970-01-01, so days are compared and stepped as integers, not strings. */
function dayIndex(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

/** The instant 00:00 China time of a day number begins. */
function dayStart(index: number): number {
  return index * DAY_MS - CHINA_OFFSET_MS;
}

function dayString(index: number): string {
  return new Date(index * DAY_MS).toISOString().slice(0, 10);
}

/** Strict: a malformed or impossible day (2026-02-30) in a calendar would otherwise silently shift deadlines. */
function parseDay(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const index = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS : NaN;
  if (!Number.isInteger(index) || dayString(index) !== day) throw new Error(`Invalid calendar day "${day}"`);
  return index;
}

interface CalendarSets {
  holidays: Set<number>;
  makeupWorkdays: Set<number>;
}

// Calendars are treated as immutable, so the sets built from one are valid for as long as the object lives.
const setsCache = new WeakMap<WorkCalendar, CalendarSets>();

function setsFor(cal: WorkCalendar): CalendarSets {
  let sets = setsCache.get(cal);
  if (!sets) {
    sets = { holidays: new Set(cal.holidays.map(parseDay)), makeupWorkdays: new Set(cal.makeupWorkdays.map(parseDay)) };
    setsCache.set(cal, sets);
  }
  return sets;
}

function isWorkingIndex(index: number, sets: CalendarSets): boolean {
  if (sets.makeupWorkdays.has(index)) return true;
  if (sets.holidays.has(index)) return false;
  // 1970-01-01 was a Thursday (4); 0 is Sunday.
  const weekday = (((index + 4) % 7) + 7) % 7;
  return weekday >= 1 && weekday <= 5;
}

/** The China-time calendar day (YYYY-MM-DD) of an instant. */
export function chinaDay(ms: number): string {
  return dayString(dayIndex(ms));
}

/** A make-up day (调休) works, a holiday does not, otherwise Monday to Friday work. */
export function isWorkingDay(day: string, cal: WorkCalendar): boolean {
  return isWorkingIndex(parseDay(day), setsFor(cal));
}

/** Milliseconds of [from, to) that fall on working days; 0 if to <= from. */
export function workingMsBetween(from: number, to: number, cal: WorkCalendar): number {
  const sets = setsFor(cal);
  let total = 0;
  for (let d = dayIndex(from); dayStart(d) < to; d++) {
    if (isWorkingIndex(d, sets)) total += Math.min(to, dayStart(d + 1)) - Math.max(from, dayStart(d));
  }
  return total;
}

/**
 * The earliest instant t >= start with workingMsBetween(start, t) === ms. Being the earliest, a deadline that uses up a
 * whole working day lands on its 24:00, not on the following weekend or holiday.
 */
export function addWorkingMs(start: number, ms: number, cal: WorkCalendar): number {
  if (!(ms >= 0)) throw new RangeError(`Working time to add must be >= 0, got ${ms}`);
  if (ms === 0) return start;
  const sets = setsFor(cal);
  let remaining = ms;
  let t = start;
  for (let d = dayIndex(start), scanned = 0; scanned < MAX_SCAN_DAYS; d++, scanned++) {
    const end = dayStart(d + 1);
    if (isWorkingIndex(d, sets)) {
      if (remaining <= end - t) return t + remaining;
      remaining -= end - t;
    }
    t = end;
  }
  throw new Error(`Adding ${ms} ms of working time from ${start} needs more than ${MAX_SCAN_DAYS} days`);
}

/** A limit as milliseconds of its measure (a working day counts 24 h of working time). */
export function limitMs(limit: Limit): number {
  if (!(Number.isFinite(limit.amount) && limit.amount >= 0)) throw new RangeError(`Bad limit amount ${limit.amount}`);
  return limit.amount * UNIT_MS[limit.unit];
}

/** Only working-day limits skip weekends and holidays; minutes, hours and calendar days run on the wall clock. */
export function limitMeasure(limit: Limit): 'wall' | 'working' {
  return limit.unit === 'working_days' ? 'working' : 'wall';
}

/** Measured time in [from, to); like workingMsBetween, never negative so both measures behave alike. */
export function elapsedMs(from: number, to: number, measure: 'wall' | 'working', cal: WorkCalendar): number {
  return measure === 'working' ? workingMsBetween(from, to, cal) : Math.max(0, to - from);
}

/** The instant at which `ms` (>= 0) of measured time has passed since start. */
export function advanceMs(start: number, ms: number, measure: 'wall' | 'working', cal: WorkCalendar): number {
  if (measure === 'working') return addWorkingMs(start, ms, cal);
  if (!(ms >= 0)) throw new RangeError(`Time to add must be >= 0, got ${ms}`);
  return start + ms;
}

export function deadlineFor(start: number, limit: Limit, cal: WorkCalendar): number {
  return advanceMs(start, limitMs(limit), limitMeasure(limit), cal);
}
