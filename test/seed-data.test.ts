import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import chineseDays from 'chinese-days';
import { describe, it, expect } from 'vitest';
import { referralChannelCode } from '../api/http/fields';
import { HANDLING_CLASSES, URGENCIES } from '../domain/types';
import type { Limit } from '../domain/types';
import {
  CHINESE_DAYS_VERSION,
  DEFAULT_POLICY,
  DEMO_CATALOGUE,
  DEMO_KB,
  DEMO_REFERRAL_CHANNELS,
  DEMO_UNITS,
  KB_TOPICS,
  demoCalendars,
  provisionalCalendar,
  publishedCalendar,
  statutoryHolidays,
} from '../db/seed-data';

const unitByCode = new Map(DEMO_UNITS.map((u) => [u.code, u]));
const catalogueCodes = new Set(DEMO_CATALOGUE.map((c) => c.code));
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function duplicates(values: string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

function isValidIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  return new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}

function isWeekend(iso: string): boolean {
  const dow = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6;
}

function expectValidLimit(limit: Limit): void {
  expect(['minutes', 'hours', 'calendar_days', 'working_days']).toContain(limit.unit);
  expect(Number.isInteger(limit.amount)).toBe(true);
  expect(limit.amount).toBeGreaterThan(0);
}

function dateRange(from: string, to: string): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) {
    days.push(new Date(ms).toISOString().slice(0, 10));
  }
  return days;
}

describe('demo units', () => {
  it('has unique upper-case ASCII codes and unique names', () => {
    const codes = DEMO_UNITS.map((u) => u.code);
    expect(duplicates(codes)).toEqual([]);
    expect(duplicates(DEMO_UNITS.map((u) => u.name))).toEqual([]);
    for (const code of codes) expect(code).toMatch(/^[A-Z][A-Z0-9_]{1,15}$/);
    expect(DEMO_UNITS.length).toBeGreaterThanOrEqual(12);
  });

  it('has the hotline centre and exactly one backstop, a district government', () => {
    const centres = DEMO_UNITS.filter((u) => u.kind === 'centre');
    expect(centres.map((u) => u.code)).toEqual(['CENTRE']);
    const backstops = DEMO_UNITS.filter((u) => u.isBackstop);
    expect(backstops).toHaveLength(1);
    expect(backstops[0]?.kind).toBe('district');
  });

  it('has departments and utilities', () => {
    expect(DEMO_UNITS.filter((u) => u.kind === 'department').length).toBeGreaterThanOrEqual(8);
    for (const code of ['WATER', 'POWER', 'GAS', 'HEAT']) expect(unitByCode.get(code)?.kind).toBe('utility');
  });

  it('forms an escalation chain: parents exist, no cycles, every chain ends at the centre', () => {
    for (const unit of DEMO_UNITS) {
      const seen = new Set<string>();
      let current = unit;
      while (current.parentCode !== null) {
        expect(seen.has(current.code), `cycle through ${current.code}`).toBe(false);
        seen.add(current.code);
        const parent = unitByCode.get(current.parentCode);
        expect(parent, `${current.code} → unknown parent ${current.parentCode}`).toBeDefined();
        if (!parent) break;
        expect(seen.size).toBeLessThanOrEqual(DEMO_UNITS.length);
        current = parent;
      }
      expect(current.code, `chain of ${unit.code}`).toBe('CENTRE');
    }
  });

  it('puts departments under the district government or the centre, and utilities under a department', () => {
    for (const unit of DEMO_UNITS) {
      const parentKind = unit.parentCode ? unitByCode.get(unit.parentCode)?.kind : null;
      if (unit.kind === 'department' || unit.kind === 'district') {
        expect(['district', 'centre']).toContain(parentKind);
      }
      if (unit.kind === 'utility') expect(parentKind).toBe('department');
    }
  });
});

describe('demo dispatch catalogue', () => {
  it('has about 30 categories with unique lower_snake codes and unique names', () => {
    expect(DEMO_CATALOGUE.length).toBeGreaterThanOrEqual(25);
    expect(DEMO_CATALOGUE.length).toBeLessThanOrEqual(40);
    expect(duplicates(DEMO_CATALOGUE.map((c) => c.code))).toEqual([]);
    expect(duplicates(DEMO_CATALOGUE.map((c) => c.name))).toEqual([]);
    for (const c of DEMO_CATALOGUE) expect(c.code).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it('only names units that exist, never the centre, with no duplicate or self assistance', () => {
    for (const c of DEMO_CATALOGUE) {
      expect(unitByCode.has(c.leadUnit), `${c.code} lead ${c.leadUnit}`).toBe(true);
      expect(c.leadUnit).not.toBe('CENTRE');
      for (const a of c.assistingUnits) {
        expect(unitByCode.has(a), `${c.code} assisting ${a}`).toBe(true);
        expect(a).not.toBe('CENTRE');
      }
      expect(c.assistingUnits).not.toContain(c.leadUnit);
      expect(duplicates(c.assistingUnits)).toEqual([]);
    }
    expect(DEMO_CATALOGUE.filter((c) => c.assistingUnits.length > 0).length).toBeGreaterThanOrEqual(5);
  });

  it('mixes urgencies and handling classes; emergencies are the dangerous ones', () => {
    for (const c of DEMO_CATALOGUE) {
      expect(URGENCIES).toContain(c.defaultUrgency);
      expect(HANDLING_CLASSES).toContain(c.handlingClass);
    }
    for (const cls of HANDLING_CLASSES) {
      expect(
        DEMO_CATALOGUE.some((c) => c.handlingClass === cls),
        cls,
      ).toBe(true);
    }
    const emergencies = DEMO_CATALOGUE.filter((c) => c.defaultUrgency === 'emergency').map((c) => c.code);
    expect(emergencies).toEqual(expect.arrayContaining(['gas_leak', 'manhole_cover_missing', 'water_main_burst']));
    expect(emergencies.length).toBeLessThanOrEqual(5);
    // Utility-led categories are 水电气热 work.
    for (const c of DEMO_CATALOGUE) {
      if (unitByCode.get(c.leadUnit)?.kind === 'utility') expect(c.handlingClass).toBe('utilities');
    }
  });

  it('leaves most handling limits to the policy and sets a few valid overrides', () => {
    const overrides = DEMO_CATALOGUE.filter((c) => c.handlingLimit !== null);
    expect(overrides.length).toBeGreaterThanOrEqual(1);
    expect(overrides.length).toBeLessThanOrEqual(5);
    for (const c of overrides) if (c.handlingLimit) expectValidLimit(c.handlingLimit);
  });
});

describe('demo calendars', () => {
  const calendars = demoCalendars();
  const byYear = new Map(calendars.map((c) => [c.year, c]));
  const knows2027 = !/day$/.test(chineseDays.getDayDetail('2027-10-01').name);

  it('covers 2026 and 2027 with well-formed, sorted, disjoint dates of the right year', () => {
    expect(calendars.map((c) => c.year)).toEqual([2026, 2027]);
    for (const { year, calendar } of calendars) {
      for (const list of [calendar.holidays, calendar.makeupWorkdays]) {
        expect(duplicates(list)).toEqual([]);
        expect([...list].sort()).toEqual(list);
        for (const d of list) {
          expect(isValidIsoDate(d), d).toBe(true);
          expect(d.startsWith(`${year}-`), d).toBe(true);
        }
      }
      for (const d of calendar.makeupWorkdays) {
        expect(isWeekend(d), `${d} make-up day is a weekend day`).toBe(true);
        expect(calendar.holidays).not.toContain(d);
      }
    }
  });

  it('takes 2026 from chinese-days: National Day, Spring Festival and their 调休', () => {
    const c2026 = byYear.get(2026);
    expect(c2026?.provisional).toBe(false);
    expect(c2026?.source).toBe(`国务院办公厅2026年放假安排（据 chinese-days ${CHINESE_DAYS_VERSION} 收录）`);
    const { holidays, makeupWorkdays } = c2026!.calendar;
    expect(holidays).toEqual(expect.arrayContaining(dateRange('2026-10-01', '2026-10-07')));
    expect(holidays).toEqual(expect.arrayContaining(dateRange('2026-02-15', '2026-02-23')));
    expect(holidays).toEqual(expect.arrayContaining(['2026-01-01', '2026-04-06', '2026-05-01', '2026-05-05']));
    expect(makeupWorkdays).toEqual(expect.arrayContaining(['2026-10-10', '2026-02-14', '2026-02-28']));
    expect(makeupWorkdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    // Every weekday off is listed, and no ordinary weekday is.
    expect(holidays).not.toContain('2026-10-08');
    expect(holidays).not.toContain('2026-02-24');
  });

  it('names the installed chinese-days version in the 2026 source', () => {
    const require = createRequire(import.meta.url);
    const pkgPath = require.resolve('chinese-days/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string };
    expect(CHINESE_DAYS_VERSION).toBe(pkg.version);
  });

  it('builds 2027 provisionally while chinese-days has no 2027 schedule', () => {
    const c2027 = byYear.get(2027)!;
    expect(c2027.provisional).toBe(!knows2027);
    if (c2027.provisional) {
      expect(c2027.source).toMatch(/^暂定/);
      expect(c2027.source).toMatch(/国务院/);
      expect(c2027.calendar.makeupWorkdays).toEqual([]);
    }
    // The statutory days are holidays whatever the published schedule turns out to be.
    expect(c2027.calendar.holidays).toEqual(
      expect.arrayContaining([
        '2027-01-01',
        ...dateRange('2027-02-05', '2027-02-08'),
        '2027-04-05',
        '2027-05-01',
        '2027-05-02',
        '2027-06-09',
        '2027-09-15',
        ...dateRange('2027-10-01', '2027-10-03'),
      ]),
    );
  });

  it('puts 2027 春节 at 除夕..初三 by the lunar calendar', () => {
    const eve = chineseDays.getLunarDate('2027-02-05');
    const newYear = chineseDays.getLunarDate('2027-02-06');
    expect([newYear.lunarMon, newYear.lunarDay, newYear.isLeap]).toEqual([1, 1, false]);
    expect(eve.lunarMon).toBe(12);
    expect(
      statutoryHolidays(2027)
        .filter((h) => h.name === '春节')
        .map((h) => h.date),
    ).toEqual(dateRange('2027-02-05', '2027-02-08'));
    expect(statutoryHolidays(2027)).toHaveLength(13);
  });

  it('provisional rule agrees with published years (statutory days and 补假 are all days off)', () => {
    for (const year of [2025, 2026]) {
      const published = publishedCalendar(year);
      expect(published, `chinese-days knows ${year}`).not.toBeNull();
      const provisional = provisionalCalendar(year);
      expect(published!.holidays).toEqual(expect.arrayContaining(provisional.holidays));
    }
  });
});

describe('default SLA policy', () => {
  it('has the Beijing defaults', () => {
    expect(DEFAULT_POLICY.responseLimit).toEqual({ unit: 'minutes', amount: 15 });
    expect(DEFAULT_POLICY.emergencyLimit).toEqual({ unit: 'hours', amount: 2 });
    expect(DEFAULT_POLICY.handlingLimits.utilities.normal).toEqual({ unit: 'hours', amount: 24 });
    expect(DEFAULT_POLICY.handlingLimits.general.normal).toEqual({ unit: 'working_days', amount: 7 });
    expect(DEFAULT_POLICY.handlingLimits.complex.normal).toEqual({ unit: 'working_days', amount: 15 });
    expect(DEFAULT_POLICY.assistingLimitFraction).toBe(0.8);
  });

  it('is well-formed: valid limits, urgent shorter than normal, ascending thresholds in (0, 1)', () => {
    for (const cls of HANDLING_CLASSES) {
      const { normal, urgent } = DEFAULT_POLICY.handlingLimits[cls];
      expectValidLimit(normal);
      expectValidLimit(urgent);
      expect(urgent.unit).toBe(normal.unit);
      expect(urgent.amount).toBeLessThan(normal.amount);
    }
    for (const l of [
      DEFAULT_POLICY.responseLimit,
      DEFAULT_POLICY.emergencyLimit,
      DEFAULT_POLICY.disputeRulingLimit,
      DEFAULT_POLICY.returnVisitLimit,
    ]) {
      expectValidLimit(l);
    }
    const t = DEFAULT_POLICY.warningThresholds;
    expect(t.length).toBeGreaterThan(0);
    t.forEach((x, i) => {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(1);
      if (i > 0) expect(x).toBeGreaterThan(t[i - 1]!);
    });
    expect(DEFAULT_POLICY.assistingLimitFraction).toBeGreaterThan(0);
    expect(DEFAULT_POLICY.assistingLimitFraction).toBeLessThanOrEqual(1);
    for (const n of [
      DEFAULT_POLICY.maxReturnsBeforeL3,
      DEFAULT_POLICY.maxReopensBeforeL3,
      DEFAULT_POLICY.maxVisitAttempts,
    ]) {
      expect(Number.isInteger(n) && n >= 1).toBe(true);
    }
  });
});

describe('demo knowledge base', () => {
  it('has 25–35 articles with unique codes and titles', () => {
    expect(DEMO_KB.length).toBeGreaterThanOrEqual(25);
    expect(DEMO_KB.length).toBeLessThanOrEqual(35);
    expect(duplicates(DEMO_KB.map((a) => a.code))).toEqual([]);
    expect(duplicates(DEMO_KB.map((a) => a.title))).toEqual([]);
    for (const a of DEMO_KB) expect(a.code).toMatch(/^KB\d{4}$/);
  });

  it('gives every article 3–8 distinct keywords and a body of 2–5 sentences', () => {
    for (const a of DEMO_KB) {
      expect(a.keywords.length, a.code).toBeGreaterThanOrEqual(3);
      expect(a.keywords.length, a.code).toBeLessThanOrEqual(8);
      expect(duplicates(a.keywords), a.code).toEqual([]);
      for (const k of a.keywords) expect(k.trim().length, a.code).toBeGreaterThan(0);
      const sentences = a.body.split(/[。！？]/).filter((s) => s.trim().length > 0);
      expect(sentences.length, a.code).toBeGreaterThanOrEqual(2);
      expect(sentences.length, a.code).toBeLessThanOrEqual(5);
      expect(a.title.length).toBeGreaterThan(0);
    }
  });

  it('files every article under a catalogue code or a consultation topic, which never collide', () => {
    for (const topic of Object.keys(KB_TOPICS)) expect(catalogueCodes.has(topic), topic).toBe(false);
    for (const a of DEMO_KB) {
      expect(catalogueCodes.has(a.category) || a.category in KB_TOPICS, `${a.code}: ${a.category}`).toBe(true);
    }
  });

  it('has valid validity windows', () => {
    for (const a of DEMO_KB) {
      expect(isValidIsoDate(a.validFrom), a.code).toBe(true);
      if (a.validTo !== null) {
        expect(isValidIsoDate(a.validTo), a.code).toBe(true);
        expect(a.validTo >= a.validFrom, a.code).toBe(true);
      }
    }
    // Most articles are open-ended.
    expect(DEMO_KB.filter((a) => a.validTo === null).length).toBeGreaterThan(DEMO_KB.length / 2);
  });
});

describe('demo referral channels', () => {
  it('are the channels orders were referred through before they were data, each with a Chinese reply', () => {
    const codes = DEMO_REFERRAL_CHANNELS.map((c) => c.code);
    expect(codes).toEqual(['litigation', 'arbitration', 'petition', 'market', 'police_110', 'other']);
    for (const c of DEMO_REFERRAL_CHANNELS) {
      expect(referralChannelCode.safeParse(c.code).success, c.code).toBe(true);
      // Within the admin API's bounds, so a seeded channel can be saved back unchanged.
      expect(c.name.length, c.code).toBeLessThanOrEqual(50);
      expect(c.reply.length, c.code).toBeLessThanOrEqual(2000);
      expect(c.reply, c.code).toMatch(/^您反映的事项.+。$/);
    }
    expect(duplicates(DEMO_REFERRAL_CHANNELS.map((c) => c.name))).toEqual([]);
  });

  it('sends "other" to the competent authority, not to social or market channels', () => {
    const other = DEMO_REFERRAL_CHANNELS.find((c) => c.code === 'other')!;
    expect(other.reply).toContain('主管部门或有关机构');
    expect(other.reply).not.toMatch(/社会|市场/);
  });
});
