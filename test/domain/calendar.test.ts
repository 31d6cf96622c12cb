import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingMs,
  advanceMs,
  CHINA_OFFSET_MS,
  chinaDay,
  deadlineFor,
  elapsedMs,
  isWorkingDay,
  limitMeasure,
  limitMs,
  workingMsBetween,
} from '../../domain/calendar';
import type { Limit, WorkCalendar } from '../../domain/types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Inclusive range of days within one month, e.g. days('2026-10', 1, 7). */
function days(month: string, first: number, last: number): string[] {
  return Array.from({ length: last - first + 1 }, (_, i) => `${month}-${String(first + i).padStart(2, '0')}`);
}

/** The official 2026 calendar (国务院办公厅 notice), as published. */
const CAL_2026: WorkCalendar = {
  holidays: [
    ...days('2026-01', 1, 3), // 元旦
    ...days('2026-02', 15, 23), // 春节
    ...days('2026-04', 4, 6), // 清明
    ...days('2026-05', 1, 5), // 劳动节
    ...days('2026-06', 19, 21), // 端午
    ...days('2026-09', 25, 27), // 中秋
    ...days('2026-10', 1, 7), // 国庆
  ],
  makeupWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

/** Epoch ms of a China-time wall-clock reading, e.g. cst('2026-09-30T10:00'). */
const wd = (amount: number): Limit => ({ unit: 'working_days', amount });

function cst(local: string): number {
  return Date.parse(`${local}:00+08:00`);
}

describe('chinaDay and isWorkingDay', () => {
  it('uses China time, not UTC', () => {
    expect(chinaDay(Date.parse('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
    expect(chinaDay(Date.parse('2025-12-31T15:59:59.999Z'))).toBe('2025-12-31');
    expect(CHINA_OFFSET_MS).toBe(8 * HOUR);
  });

  it.each([
    ['2026-09-30', true], // Wednesday
    ['2026-10-01', false], // National Day
    ['2026-10-08', true], // Thursday after the holiday
    ['2026-10-10', true], // make-up Saturday
    ['2026-10-11', false], // Sunday
    ['2026-01-04', true], // make-up Sunday
    ['2026-02-16', false], // Spring Festival Monday
    ['2026-03-07', false], // ordinary Saturday
  ])('%s working: %s', (day, working) => {
    expect(isWorkingDay(day, CAL_2026)).toBe(working);
  });

  it('rejects malformed days in a calendar', () => {
    expect(() => isWorkingDay('2026-02-30', CAL_2026)).toThrow(/Invalid calendar day/);
    expect(() => isWorkingDay('2026-03-01', { holidays: ['2026/10/01'], makeupWorkdays: [] })).toThrow(
      /Invalid calendar day/,
    );
  });
});

describe('deadlineFor (2026 official calendar, hand-checked)', () => {
  const cases: [name: string, start: string, limit: Limit, expected: string][] = [
    // Wed 09-30 10:00–24:00 = 14 h (154 h left of 168); 10-01..07 holiday; Thu 10-08 (130), Fri 10-09 (106),
    // Sat 10-10 make-up (82), Sun 10-11 off, Mon 10-12 (58), Tue 10-13 (34), Wed 10-14 (10), Thu 10-15 10:00.
    ['7 working days over National Day', '2026-09-30T10:00', wd(7), '2026-10-15T10:00'],
    // Fri 10-09 09:00–24:00 = 15 h (33 left of 48); Sat 10-10 make-up (9 left); Sun off; Mon 10-12 09:00.
    // Without the make-up Saturday it would be Tue 10-13 09:00.
    ['2 working days across make-up Saturday', '2026-10-09T09:00', wd(2), '2026-10-12T09:00'],
    // Sat 10-03 is a holiday: counting starts Thu 10-08 00:00 and the whole day ends at its 24:00.
    ['1 working day from a holiday', '2026-10-03T12:00', wd(1), '2026-10-09T00:00'],
    // Fri 02-13 15:00–24:00 = 9 h (63 left of 72); Sat 02-14 make-up (39); 02-15..23 Spring Festival;
    // Tue 02-24 (15 left); Wed 02-25 15:00.
    ['3 working days over Spring Festival', '2026-02-13T15:00', wd(3), '2026-02-25T15:00'],
    // Wed 02-25, Thu 02-26, Fri 02-27, Sat 02-28 make-up, (Sun 03-01 off), Mon 03-02 → its 24:00.
    ['5 working days after Spring Festival', '2026-02-25T00:00', wd(5), '2026-03-03T00:00'],
    // Thu 12-31 14:00–24:00 = 10 h (14 left); 01-01..03 New Year holiday; Sun 01-04 make-up 14:00.
    ['1 working day over New Year', '2025-12-31T14:00', wd(1), '2026-01-04T14:00'],
    // Clock time ignores holidays.
    ['15 minutes on National Day', '2026-10-01T10:00', { unit: 'minutes', amount: 15 }, '2026-10-01T10:15'],
    ['2 hours across midnight of a holiday', '2026-10-01T23:00', { unit: 'hours', amount: 2 }, '2026-10-02T01:00'],
    ['3 calendar days in a holiday', '2026-02-14T08:00', { unit: 'calendar_days', amount: 3 }, '2026-02-17T08:00'],
    ['0 working days', '2026-10-03T12:00', wd(0), '2026-10-03T12:00'],
  ];

  it.each(cases)('%s', (_name, start, limit, expected) => {
    // Compared as ISO strings so that a failure shows readable instants.
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(iso(deadlineFor(cst(start), limit, CAL_2026))).toBe(iso(cst(expected)));
  });
});

describe('measures', () => {
  it('counts working time across a weekend', () => {
    // Fri 03-06 18:00–24:00 = 6 h, weekend 0, Mon 03-09 00:00–09:00 = 9 h.
    expect(workingMsBetween(cst('2026-03-06T18:00'), cst('2026-03-09T09:00'), CAL_2026)).toBe(15 * HOUR);
    expect(workingMsBetween(cst('2026-03-07T10:00'), cst('2026-03-08T20:00'), CAL_2026)).toBe(0);
    expect(workingMsBetween(cst('2026-03-09T09:00'), cst('2026-03-06T18:00'), CAL_2026)).toBe(0);
  });

  it('converts limits', () => {
    expect(limitMs({ unit: 'minutes', amount: 15 })).toBe(15 * 60_000);
    expect(limitMs({ unit: 'hours', amount: 2 })).toBe(2 * HOUR);
    expect(limitMs({ unit: 'calendar_days', amount: 3 })).toBe(3 * DAY);
    expect(limitMs(wd(7))).toBe(7 * DAY);
    expect(limitMeasure(wd(7))).toBe('working');
    expect(limitMeasure({ unit: 'calendar_days', amount: 7 })).toBe('wall');
    expect(() => limitMs({ unit: 'hours', amount: -1 })).toThrow(RangeError);
  });

  it('dispatches on the measure', () => {
    const fri = cst('2026-03-06T18:00');
    const mon = cst('2026-03-09T09:00');
    expect(elapsedMs(fri, mon, 'wall', CAL_2026)).toBe(63 * HOUR);
    expect(elapsedMs(fri, mon, 'working', CAL_2026)).toBe(15 * HOUR);
    expect(elapsedMs(mon, fri, 'wall', CAL_2026)).toBe(0);
    expect(advanceMs(fri, 15 * HOUR, 'wall', CAL_2026)).toBe(cst('2026-03-07T09:00'));
    expect(advanceMs(fri, 15 * HOUR, 'working', CAL_2026)).toBe(mon);
    expect(() => advanceMs(fri, -1, 'wall', CAL_2026)).toThrow(RangeError);
    expect(() => addWorkingMs(fri, -1, CAL_2026)).toThrow(RangeError);
  });

  it('gives up on a calendar without working days instead of looping forever', () => {
    const start = cst('2026-01-01T00:00');
    const everyDay = Array.from({ length: 4_000 }, (_, i) => chinaDay(start + i * DAY));
    expect(() => addWorkingMs(start, HOUR, { holidays: everyDay, makeupWorkdays: [] })).toThrow(/more than 3700 days/);
  });
});

describe('properties over 2026', () => {
  const start2026 = fc.integer({ min: cst('2026-01-01T00:00'), max: cst('2026-12-31T23:59') });
  const limit = fc.record({
    unit: fc.constantFrom<Limit['unit']>('minutes', 'hours', 'calendar_days', 'working_days'),
    amount: fc.integer({ min: 0, max: 30 }),
  });

  it('a deadline is never earlier than its start', () => {
    fc.assert(fc.property(start2026, limit, (s, l) => deadlineFor(s, l, CAL_2026) >= s));
  });

  it('a working-day deadline ends in working time', () => {
    fc.assert(
      fc.property(start2026, fc.integer({ min: 1, max: 30 }), (s, amount) => {
        const due = deadlineFor(s, { unit: 'working_days', amount }, CAL_2026);
        expect(isWorkingDay(chinaDay(due - 1), CAL_2026)).toBe(true);
      }),
    );
  });

  it('addWorkingMs is the earliest instant with exactly that much working time', () => {
    fc.assert(
      fc.property(start2026, fc.integer({ min: 0, max: 30 * DAY }), (s, x) => {
        const t = addWorkingMs(s, x, CAL_2026);
        expect(workingMsBetween(s, t, CAL_2026)).toBe(x);
        if (x > 0) expect(workingMsBetween(s, t - 1, CAL_2026)).toBe(x - 1);
      }),
    );
  });

  it('is monotonic in the amount', () => {
    fc.assert(
      fc.property(start2026, limit, fc.integer({ min: 0, max: 30 }), (s, l, extra) => {
        const longer = { ...l, amount: l.amount + extra };
        expect(deadlineFor(s, longer, CAL_2026)).toBeGreaterThanOrEqual(deadlineFor(s, l, CAL_2026));
      }),
    );
  });
});
