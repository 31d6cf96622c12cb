import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clockDueAt,
  clockRemainingMs,
  clockSlaState,
  fireDueEvents,
  nextClockEventAt,
  pauseClock,
  resumeClock,
  setClockDeadline,
  startClock,
  stopClock,
  type Clock,
  type ClockEvent,
} from '../../domain/clock';
import type { Limit, WorkCalendar } from '../../domain/types';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** The part of the official 2026 calendar these tests cross: National Day and its make-up Saturday. */
const CAL: WorkCalendar = {
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  makeupWorkdays: ['2026-10-10'],
};

function cst(local: string): number {
  return Date.parse(`${local}:00+08:00`);
}

const T0 = cst('2026-10-01T10:00'); // a holiday: wall clocks must not care
const minutes = (amount: number): Limit => ({ unit: 'minutes', amount });
const responseClock = (budget = 15) => startClock('response', null, T0, minutes(budget), [0.5, 0.75]);
const fire = (c: Clock, now: number) => fireDueEvents(c, now, CAL);
const dues = (events: ClockEvent[]) => events.map((e) => [e.type, e.dueAt - T0]);

describe('15-minute response clock', () => {
  it('warns at 7.5 and 11.25 minutes and breaches at 15', () => {
    const c = responseClock();
    expect(nextClockEventAt(c, CAL)).toBe(T0 + 7.5 * MIN);
    expect(clockDueAt(c, CAL)).toBe(T0 + 15 * MIN);

    const { clock, events } = fire(c, T0 + 20 * MIN);
    expect(events).toEqual([
      { kind: 'response', subject: null, type: 'warning', threshold: 0.5, dueAt: T0 + 7.5 * MIN },
      { kind: 'response', subject: null, type: 'warning', threshold: 0.75, dueAt: T0 + 11.25 * MIN },
      { kind: 'response', subject: null, type: 'breach', dueAt: T0 + 15 * MIN },
    ]);
    expect(clock).toMatchObject({ warningsFired: 2, breachedAt: T0 + 15 * MIN });
    expect(nextClockEventAt(clock, CAL)).toBeNull();
    expect(fire(clock, T0 + HOUR).events).toEqual([]);
    expect(clockRemainingMs(clock, T0 + 20 * MIN, CAL)).toBe(-5 * MIN);
    expect(clockSlaState(clock, T0 + 20 * MIN, CAL)).toBe('breached');
  });

  it('fires each event once when polled step by step', () => {
    const c = responseClock();
    expect(fire(c, T0 + 7.5 * MIN - 1).events).toEqual([]);
    const first = fire(c, T0 + 8 * MIN);
    expect(dues(first.events)).toEqual([['warning', 7.5 * MIN]]);
    expect(fire(first.clock, T0 + 8 * MIN).events).toEqual([]);
    expect(nextClockEventAt(first.clock, CAL)).toBe(T0 + 11.25 * MIN);
    expect(clockSlaState(c, T0 + 8 * MIN, CAL)).toBe('on_track');
    expect(clockSlaState(first.clock, T0 + 8 * MIN, CAL)).toBe('at_risk');
  });

  it('does not count paused time', () => {
    const paused = pauseClock(responseClock(), T0 + 5 * MIN, 'citizen unreachable', CAL);
    expect(paused.pausedReason).toBe('citizen unreachable');
    expect(clockDueAt(paused, CAL)).toBeNull();
    expect(nextClockEventAt(paused, CAL)).toBeNull();
    expect(fire(paused, T0 + 2 * HOUR).events).toEqual([]);
    expect(clockRemainingMs(paused, T0 + HOUR, CAL)).toBe(10 * MIN);
    expect(clockSlaState(paused, T0 + HOUR, CAL)).toBe('paused');
    expect(() => pauseClock(paused, T0 + 6 * MIN, 'again', CAL)).toThrow(/already paused/);

    const resumed = resumeClock(paused, T0 + 65 * MIN);
    expect(resumed.pausedReason).toBeNull();
    expect(() => resumeClock(resumed, T0 + 66 * MIN)).toThrow(/not paused/);
    expect(clockDueAt(resumed, CAL)).toBe(T0 + 75 * MIN);
    expect(dues(fire(resumed, T0 + 2 * HOUR).events)).toEqual([
      ['warning', 67.5 * MIN],
      ['warning', 71.25 * MIN],
      ['breach', 75 * MIN],
    ]);
  });
});

describe('setClockDeadline', () => {
  it('extends a breached clock and re-arms the later warning and the breach', () => {
    const breached = fire(responseClock(), T0 + 16 * MIN).clock;
    const extended = setClockDeadline(breached, T0 + 30 * MIN, T0 + 16 * MIN, CAL);
    expect(extended).toMatchObject({ budgetMs: 30 * MIN, warningsFired: 1, breachedAt: null });
    expect(clockSlaState(extended, T0 + 16 * MIN, CAL)).toBe('at_risk');
    expect(nextClockEventAt(extended, CAL)).toBe(T0 + 22.5 * MIN);
    expect(dues(fire(extended, T0 + 30 * MIN).events)).toEqual([
      ['warning', 22.5 * MIN],
      ['breach', 30 * MIN],
    ]);
  });

  it('shortens a clock so that passed warnings fire at once', () => {
    const c = responseClock(60);
    const shortened = setClockDeadline(c, T0 + 25 * MIN, T0 + 20 * MIN, CAL);
    expect(shortened).toMatchObject({ budgetMs: 25 * MIN, warningsFired: 0 });
    const { clock, events } = fire(shortened, T0 + 20 * MIN);
    expect(dues(events)).toEqual([
      ['warning', 12.5 * MIN],
      ['warning', 18.75 * MIN],
    ]);
    expect(nextClockEventAt(clock, CAL)).toBe(T0 + 25 * MIN);
  });

  it('breaches at once when the new deadline has already passed', () => {
    const shortened = setClockDeadline(responseClock(60), T0 + 10 * MIN, T0 + 20 * MIN, CAL);
    expect(dues(fire(shortened, T0 + 20 * MIN).events)).toEqual([
      ['warning', 5 * MIN],
      ['warning', 7.5 * MIN],
      ['breach', 10 * MIN],
    ]);
  });

  it('sets the budget of a paused clock as if it resumed at `at`', () => {
    const paused = pauseClock(responseClock(60), T0 + 10 * MIN, 'waiting for the citizen', CAL);
    const moved = setClockDeadline(paused, T0 + 90 * MIN, T0 + 30 * MIN, CAL);
    expect(moved.budgetMs).toBe(70 * MIN);
    expect(clockDueAt(resumeClock(moved, T0 + 30 * MIN), CAL)).toBe(T0 + 90 * MIN);
  });
});

describe('working-day clock', () => {
  const handling = (start: number) =>
    startClock('handling', null, start, { unit: 'working_days', amount: 7 }, [0.5, 0.75]);

  it('agrees with the calendar over National Day and its make-up Saturday', () => {
    expect(clockDueAt(handling(cst('2026-09-30T10:00')), CAL)).toBe(cst('2026-10-15T10:00'));
  });

  // Thu 03-05 10:00 + 7 working days: Thu 14 h, Fri 24 h, Mon–Fri 03-09..13 120 h, Mon 03-16 10 h.
  const start = cst('2026-03-05T10:00');

  it('loses no time when paused over a weekend', () => {
    const c = handling(start);
    expect(clockDueAt(c, CAL)).toBe(cst('2026-03-16T10:00'));
    const paused = pauseClock(c, cst('2026-03-07T10:00'), 'site visit', CAL);
    expect(clockRemainingMs(paused, cst('2026-03-08T20:00'), CAL)).toBe(130 * HOUR);
    const resumed = resumeClock(paused, cst('2026-03-08T20:00'));
    expect(clockDueAt(resumed, CAL)).toBe(cst('2026-03-16T10:00'));
  });

  it('gives back the working time a pause spans', () => {
    // Paused Fri 18:00 to Mon 09:00: 6 h + 9 h of working time, so the deadline moves 15 working hours later.
    const paused = pauseClock(handling(start), cst('2026-03-06T18:00'), 'site visit', CAL);
    const resumed = resumeClock(paused, cst('2026-03-09T09:00'));
    expect(clockDueAt(resumed, CAL)).toBe(cst('2026-03-17T01:00'));
  });
});

describe('stopClock', () => {
  it('meets the clock: no more events, remaining time frozen', () => {
    const warned = fire(responseClock(), T0 + 8 * MIN).clock;
    const stopped = stopClock(warned, T0 + 10 * MIN, CAL);
    expect(stopped.stoppedAt).toBe(T0 + 10 * MIN);
    expect(clockDueAt(stopped, CAL)).toBeNull();
    expect(nextClockEventAt(stopped, CAL)).toBeNull();
    expect(fire(stopped, T0 + HOUR).events).toEqual([]);
    expect(clockRemainingMs(stopped, T0 + HOUR, CAL)).toBe(5 * MIN);
    expect(clockSlaState(stopped, T0 + HOUR, CAL)).toBe('at_risk');
    expect(() => stopClock(stopped, T0 + HOUR, CAL)).toThrow(/stopped/);
    expect(() => pauseClock(stopped, T0 + HOUR, 'x', CAL)).toThrow(/stopped/);
    expect(() => resumeClock(stopped, T0 + HOUR)).toThrow(/stopped/);
    expect(() => setClockDeadline(stopped, T0 + 2 * HOUR, T0 + HOUR, CAL)).toThrow(/stopped/);
  });
});

describe('startClock', () => {
  it('validates thresholds and subjects', () => {
    for (const bad of [
      [0.75, 0.5],
      [0, 0.5],
      [0.5, 1],
      [0.5, 0.5],
    ]) {
      expect(() => startClock('response', null, T0, minutes(15), bad)).toThrow(/thresholds/);
    }
    expect(() => startClock('assist', null, T0, minutes(15), [])).toThrow(/subject/);
    expect(() => startClock('handling', 'U1', T0, minutes(15), [])).toThrow(/subject/);
    const assist = startClock('assist', 'U1', T0, minutes(15), []);
    expect(fire(assist, T0 + 15 * MIN).events).toEqual([
      { kind: 'assist', subject: 'U1', type: 'breach', dueAt: T0 + 15 * MIN },
    ]);
  });

  it('keeps clocks plain data and never mutates its input', () => {
    const c = responseClock();
    Object.freeze(c.thresholds);
    Object.freeze(c);
    const paused = pauseClock(fire(c, T0 + 8 * MIN).clock, T0 + 9 * MIN, 'x', CAL);
    const moved = setClockDeadline(resumeClock(paused, T0 + 10 * MIN), T0 + HOUR, T0 + 10 * MIN, CAL);
    const stopped = stopClock(moved, T0 + 20 * MIN, CAL);
    for (const clock of [c, paused, moved, stopped]) expect(JSON.parse(JSON.stringify(clock))).toEqual(clock);
    expect(c).toEqual(responseClock());
  });
});

describe('properties', () => {
  const steps = fc.array(fc.record({ run: fc.nat(2 * HOUR), pause: fc.nat(2 * HOUR) }), { maxLength: 8 });

  it('breach instant minus start minus paused wall time equals the budget', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 240 }), steps, (budget, plan) => {
        let c = responseClock(budget);
        let t = T0;
        let pausedMs = 0;
        let breach: number | null = null;
        const poll = (now: number) => {
          const r = fire(c, now);
          c = r.clock;
          breach = r.events.find((e) => e.type === 'breach')?.dueAt ?? breach;
        };
        for (const { run, pause } of plan) {
          t += run;
          poll(t);
          if (breach !== null) break;
          c = pauseClock(c, t, 'plan', CAL);
          t += pause;
          pausedMs += pause;
          c = resumeClock(c, t);
        }
        const due = breach ?? clockDueAt(c, CAL);
        expect(due! - T0 - pausedMs).toBe(budget * MIN);
      }),
    );
  });

  it('polling often or once yields the same events', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(30 * MIN), { maxLength: 10 }), (gaps) => {
        let c = responseClock();
        let t = T0;
        const polled: ClockEvent[] = [];
        for (const gap of gaps) {
          t += gap;
          const r = fire(c, t);
          c = r.clock;
          polled.push(...r.events);
        }
        expect(polled).toEqual(fire(responseClock(), t).events);
      }),
    );
  });
});
