import { DEMO_UNITS } from '../../db/seed-data/units';
import { describe, expect, it } from 'vitest';
import {
  chinaWeekStart,
  CITYWIDE,
  districtOf,
  HOTSPOT_DEFAULTS,
  poissonUpperTail,
  STRUCTURAL_DEFAULTS,
  structuralCandidates,
  weeklyHotspots,
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

describe('weeklyHotspots', () => {
  const week = at('2026-11-30T00:00:00+08:00');
  const history = ['2026-11-03', '2026-11-10', '2026-11-17', '2026-11-24'].flatMap((d) => [
    fact(`${d}T10:00:00+08:00`),
    fact(`${d}T11:00:00+08:00`),
  ]);

  it('flags a week well above its four-week mean, with the change', () => {
    const surge = Array.from({ length: 9 }, (_, i) => fact(`2026-12-0${1 + (i % 5)}T09:00:00+08:00`));
    const rows = weeklyHotspots([...history, ...surge], week, week + 1, HOTSPOT_DEFAULTS);
    expect(rows).toEqual([
      expect.objectContaining({
        category: 'noise',
        week: '2026-11-30',
        count: 9,
        baselineMean: 2,
        change: 7,
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
    expect(weeklyHotspots([...history, ...ordinary], week, week + 1, HOTSPOT_DEFAULTS)[0]).toMatchObject({
      count: 3,
      significant: false,
    });
    // Four complaints where there were none: rare by chance, but under the minimum of five.
    const quiet = Array.from({ length: 4 }, () => fact('2026-12-01T09:00:00+08:00', { category: 'pothole' }));
    expect(weeklyHotspots(quiet, week, week + 1, HOTSPOT_DEFAULTS)[0]).toMatchObject({ pValue: 0, significant: false });
  });

  it('keeps categories and districts apart and lists each week of the range', () => {
    const other = fact('2026-12-01T09:00:00+08:00', { district: '江北区' });
    const rows = weeklyHotspots([...history, other], at('2026-11-23T00:00:00+08:00'), week + 1, HOTSPOT_DEFAULTS);
    expect(rows.map((r) => `${r.district} ${r.week} ${r.count}`).sort()).toEqual([
      '临江区 2026-11-23 2',
      '临江区 2026-11-30 0',
      '江北区 2026-11-30 1',
    ]);
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
  it('takes the district the address names, else the one above the lead unit', () => {
    expect(districtOf('江北区人民路3号', 'CGJ', units)).toBe('江北区');
    expect(districtOf('滨江路12号', 'CGJ', units)).toBe('临江区');
    expect(districtOf(null, 'CENTRE', units)).toBe(CITYWIDE);
    expect(districtOf(null, null, units)).toBe(CITYWIDE);
  });
});
