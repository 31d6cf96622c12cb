import { DEMO_DISTRICT_MAP } from '../../db/seed-data/district-map';
import { DEMO_UNITS } from '../../db/seed-data/units';
import { describe, expect, it } from 'vitest';
import {
  chinaWeekStart,
  CITYWIDE,
  districtOf,
  districtVolumes,
  HOTSPOT_DEFAULTS,
  hotspotFactsSince,
  hotspotPeriod,
  hotspotRuleText,
  periodHotspots,
  poissonUpperTail,
  STRUCTURAL_DEFAULTS,
  structuralCandidates,
  type ComplaintFact,
} from '../../domain/hotspots';

const at = (iso: string) => Date.parse(iso);
let n = 0;
const fact = (receivedAt: string, p: Partial<ComplaintFact> = {}): ComplaintFact => ({
  orderId: `o${++n}`,
  category: 'noise',
  district: '临江区',
  receivedAt: at(receivedAt),
  address: null,
  ...p,
});

describe('chinaWeekStart: weeks run Monday to Monday, China time', () => {
  it('puts Sunday 23:30 +08:00 in the week before and Monday 00:00 +08:00 in the new one', () => {
    expect(chinaWeekStart(at('2026-12-06T23:30:00+08:00'))).toBe(at('2026-11-30T00:00:00+08:00'));
    expect(chinaWeekStart(at('2026-12-07T00:00:00+08:00'))).toBe(at('2026-12-07T00:00:00+08:00'));
    // Monday 01:00 China time is still Sunday in UTC.
    expect(chinaWeekStart(at('2026-12-06T17:00:00Z'))).toBe(at('2026-12-07T00:00:00+08:00'));
  });
});

describe('poissonUpperTail', () => {
  it('is the chance of at least k', () => {
    expect(poissonUpperTail(0, 2)).toBe(1);
    expect(poissonUpperTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 10);
    // P(X ≥ 8 | 2) ≈ 0.0011, P(X ≥ 5 | 2) ≈ 0.053.
    expect(poissonUpperTail(8, 2)).toBeCloseTo(0.0011, 4);
    expect(poissonUpperTail(5, 2)).toBeCloseTo(0.0527, 3);
    expect(poissonUpperTail(3, 0)).toBe(0);
  });
});

describe('periodHotspots', () => {
  const week = at('2026-11-30T00:00:00+08:00');
  const oneWeek = { from: week, weeks: 1 };
  const history = ['2026-11-03', '2026-11-10', '2026-11-17', '2026-11-24'].flatMap((d) => [
    fact(`${d}T10:00:00+08:00`),
    fact(`${d}T11:00:00+08:00`),
  ]);

  it('flags a week well above its four-week mean, with the change against the week before', () => {
    const surge = Array.from({ length: 9 }, (_, i) => fact(`2026-12-0${1 + (i % 5)}T09:00:00+08:00`));
    // A call after the week is not counted in it.
    const later = fact('2026-12-07T00:00:00+08:00');
    const rows = periodHotspots([...history, ...surge, later], oneWeek, HOTSPOT_DEFAULTS);
    expect(rows).toEqual([
      expect.objectContaining({
        category: 'noise',
        count: 9,
        previousCount: 2,
        change: 7,
        baselineMean: 2,
        significant: true,
      }),
    ]);
  });

  it('does not flag an ordinary week, nor a few complaints in a quiet cell', () => {
    const ordinary = [
      fact('2026-12-01T09:00:00+08:00'),
      fact('2026-12-02T09:00:00+08:00'),
      fact('2026-12-03T09:00:00+08:00'),
    ];
    expect(periodHotspots([...history, ...ordinary], oneWeek, HOTSPOT_DEFAULTS)[0]).toMatchObject({
      count: 3,
      change: 1,
      significant: false,
    });
    // Four complaints where there were none: rare by chance, but under the minimum of five.
    const quiet = Array.from({ length: 4 }, () => fact('2026-12-01T09:00:00+08:00', { category: 'pothole' }));
    expect(periodHotspots(quiet, oneWeek, HOTSPOT_DEFAULTS)[0]).toMatchObject({ pValue: 0, significant: false });
  });

  it('sums a range of weeks against as many weeks before, the baseline scaled to the weeks and the minimum too', () => {
    const twoWeeks = { from: at('2026-11-23T00:00:00+08:00'), weeks: 2 };
    // 2026-11-23 and 2026-11-30: 2 + 7; the two weeks before (11-09, 11-16): 2 + 2.
    const surge = Array.from({ length: 7 }, () => fact('2026-12-02T09:00:00+08:00'));
    const [row] = periodHotspots([...history, ...surge], twoWeeks, HOTSPOT_DEFAULTS);
    // The baseline: the four weeks before 11-23 (10-26 to 11-22) held 6, 1.5 a week, 3 for two weeks.
    expect(row).toMatchObject({ count: 9, previousCount: 4, change: 5, baselineMean: 3 });
    // P(X ≥ 9 | 3) ≈ 0.004, below 1%; but nine in two weeks is under the default minimum of five a week.
    expect(row!.pValue).toBeCloseTo(0.0038, 4);
    expect(row!.significant).toBe(false);
    const lower = periodHotspots([...history, ...surge], twoWeeks, { ...HOTSPOT_DEFAULTS, minCount: 4 });
    expect(lower[0]!.significant).toBe(true);
    expect(hotspotRuleText(HOTSPOT_DEFAULTS, 2)).toContain('本期件数不少于 10 件（每周 5 件）');
    expect(hotspotRuleText(HOTSPOT_DEFAULTS, 1)).toContain('低于 1% 时判为显著热点');
    expect(hotspotFactsSince(twoWeeks, HOTSPOT_DEFAULTS)).toBe(at('2026-10-26T00:00:00+08:00'));
  });

  it('keeps categories and districts apart and sums them per district for the map', () => {
    const others = [
      fact('2026-12-01T09:00:00+08:00', { district: '东湖区' }),
      fact('2026-12-01T09:00:00+08:00', { district: '东湖区', category: 'pothole' }),
      fact('2026-11-25T09:00:00+08:00', { district: '东湖区', category: 'pothole' }),
    ];
    const rows = periodHotspots([...history, ...others], oneWeek, HOTSPOT_DEFAULTS);
    expect(rows.map((r) => `${r.district} ${r.category} ${r.count}/${r.previousCount}`).sort()).toEqual([
      '东湖区 noise 1/0',
      '东湖区 pothole 1/1',
      '临江区 noise 0/2',
    ]);
    expect(districtVolumes(rows)).toEqual([
      { district: '东湖区', count: 2, previousCount: 1 },
      { district: '临江区', count: 0, previousCount: 2 },
    ]);
  });
});

describe('hotspotPeriod: the weeks the manager picks', () => {
  const now = at('2026-12-09T12:00:00+08:00');
  it('starts on a Monday, China time, no later than this week', () => {
    expect(hotspotPeriod('2026-11-30', 2, now)).toEqual({ from: at('2026-11-30T00:00:00+08:00'), weeks: 2 });
    expect(hotspotPeriod('2026-12-07', 1, now)).toEqual({ from: at('2026-12-07T00:00:00+08:00'), weeks: 1 });
    expect(hotspotPeriod('2026-12-01', 1, now)).toEqual({ refused: '须为周一（每周从周一开始）' });
    expect(hotspotPeriod('2026-12-14', 1, now)).toEqual({ refused: '不能晚于本周' });
  });
});

describe('structuralCandidates: the same place and category in three months of six', () => {
  const now = at('2026-12-07T12:00:00+08:00');
  it('groups addresses repeat detection finds the same and lists the orders behind them', () => {
    const facts = [
      fact('2026-09-10T10:00:00+08:00', { address: '临江区滨江路12号' }),
      fact('2026-10-11T10:00:00+08:00', { address: '滨江路12号门口' }),
      fact('2026-10-20T10:00:00+08:00', { address: '滨江路十二号' }),
      fact('2026-12-01T10:00:00+08:00', { address: '江滨市临江区滨江路12号附近' }),
      // Another number on the road, another category, or outside the look-back: not the same problem.
      fact('2026-11-01T10:00:00+08:00', { address: '滨江路14号' }),
      fact('2026-11-02T10:00:00+08:00', { address: '滨江路12号', category: 'pothole' }),
      fact('2026-05-02T10:00:00+08:00', { address: '滨江路12号' }),
    ];
    const found = structuralCandidates(facts, now, STRUCTURAL_DEFAULTS);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      category: 'noise',
      address: '临江区滨江路12号',
      months: ['2026-09', '2026-10', '2026-12'],
    });
    expect(found[0]!.orders.map((o) => o.orderId)).toEqual(facts.slice(0, 4).map((f) => f.orderId));
  });

  it('needs the months to be distinct: many calls in two months are not a monthly problem', () => {
    const facts = ['2026-11-01', '2026-11-15', '2026-12-01', '2026-12-02'].map((d) =>
      fact(`${d}T10:00:00+08:00`, { address: '幸福小区5号楼' }),
    );
    expect(structuralCandidates(facts, now, STRUCTURAL_DEFAULTS)).toEqual([]);
    expect(structuralCandidates(facts, now, { ...STRUCTURAL_DEFAULTS, minMonths: 2 })).toHaveLength(1);
  });
});

describe('districtOf', () => {
  const units = new Map(DEMO_UNITS.map((u) => [u.code, u]));
  const of = (address: string | null, leadUnit: string | null, location: { lat: number; lng: number } | null = null) =>
    districtOf({ address, leadUnit, location }, units, DEMO_DISTRICT_MAP);
  it('takes the district the address names, else the one its coordinates lie in, else the one above the lead unit', () => {
    expect(of('江北区人民路3号', 'CGJ')).toBe('江北区');
    expect(of('东湖区人民路3号', 'CGJ', { lat: 30.3, lng: 120.1 })).toBe('东湖区');
    expect(of('滨江路12号', 'CGJ', { lat: 30.2, lng: 120.2 })).toBe('南港区');
    expect(of(null, 'CENTRE', { lat: 30.26, lng: 120.165 })).toBe('临江区');
    expect(of(null, 'CENTRE', { lat: 30.32, lng: 120.165 })).toBe('北塘区');
    // Off the map: the lead unit's district.
    expect(of(null, 'CGJ', { lat: 31.5, lng: 121.4 })).toBe('临江区');
    expect(of('滨江路12号', 'CGJ')).toBe('临江区');
    expect(of(null, 'CENTRE')).toBe(CITYWIDE);
    expect(of(null, null)).toBe(CITYWIDE);
  });
});
