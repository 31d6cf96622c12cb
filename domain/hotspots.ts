/**
 * 热点 and 每月一题: where complaints of one kind pile up in a week (or a few) beyond what the district usually sees,
 * and the places people complain about month after month ("complain — reply — unsolved — complain again"),
 * the candidates for a tracked topic (专项治理). Pure: the read model gives the facts (db/hotspots.ts).
 */
import { comparePlaces, parseAddress, type Place } from './address';
import { CHINA_OFFSET_MS, chinaDay } from './calendar';
import { districtAt, type DistrictMap } from './district-map';
import type { Unit } from './types';
import { escalationChain } from './units';

/** One order as the hotspot rules see it. */
export interface ComplaintFact {
  orderId: string;
  category: string;
  /** 区: as districtOf places the order. */
  district: string;
  receivedAt: number;
  /** The address of the matter (事发地址) as typed, null when none was given. */
  address: string | null;
}

/** 区 of an order none can place: its lead unit answers to no district (the centre's own work). */
export const CITYWIDE = '市级';

/**
 * The district of an order: the address of the matter's, when it names one; otherwise the district on the
 * city's map its coordinates fall in; otherwise that of the district-level unit above the lead unit (its
 * name read as an address: 江滨市临江区人民政府 → 临江区).
 */
export function districtOf(
  order: { address: string | null; location: { lat: number; lng: number } | null; leadUnit: string | null },
  units: Map<string, Unit>,
  map: DistrictMap,
): string {
  const named = order.address ? parseAddress(order.address).district : null;
  if (named) return named;
  const mapped = order.location ? districtAt(order.location, map) : null;
  if (mapped) return mapped;
  const districtUnit = order.leadUnit
    ? escalationChain(units, order.leadUnit)
        .map((code) => units.get(code))
        .find((u) => u?.kind === 'district')
    : undefined;
  return (districtUnit && parseAddress(districtUnit.name).district) ?? CITYWIDE;
}

export interface HotspotPolicy {
  /** Fewer complaints than this in a week are never a hotspot, however quiet the weeks before. */
  minCount: number;
  /** The one-sided Poisson tail probability below which a week's count is significant. */
  alpha: number;
  /** How many weeks before the week make its baseline (前几周均值). */
  baselineWeeks: number;
}

export const HOTSPOT_DEFAULTS: HotspotPolicy = { minCount: 5, alpha: 0.01, baselineWeeks: 4 };

/** The rule in a line, as the console shows it beside the table, for a period of `weeks` weeks. */
export function hotspotRuleText(policy: HotspotPolicy, weeks: number): string {
  const least =
    weeks === 1
      ? `本期件数不少于 ${policy.minCount} 件`
      : `本期件数不少于 ${policy.minCount * weeks} 件（每周 ${policy.minCount} 件）`;
  return (
    `${least}，且按本期之前 ${policy.baselineWeeks} 周的周均值推算，` +
    `出现这么多件的概率（泊松分布单侧检验）低于 ${Number((policy.alpha * 100).toPrecision(6))}% 时判为显著热点`
  );
}

export const WEEK_MS = 7 * 86_400_000;

/** The instant the China-time Monday week holding `ms` begins (weeks run Monday 00:00 to Monday, +08:00). */
export function chinaWeekStart(ms: number): number {
  const local = ms + CHINA_OFFSET_MS;
  const dayIndex = Math.floor(local / 86_400_000);
  // 1970-01-01 was a Thursday: days since the Monday before it.
  const sinceMonday = (((dayIndex + 3) % 7) + 7) % 7;
  return (dayIndex - sinceMonday) * 86_400_000 - CHINA_OFFSET_MS;
}

/** The China-time month (YYYY-MM) of an instant. */
export const chinaMonth = (ms: number): string => chinaDay(ms).slice(0, 7);

/**
 * P(X ≥ k) for X ~ Poisson(mean): how likely at least k complaints are in a week if nothing changed.
 * Complaints arrive one by one from many independent callers, which is what a Poisson count describes; its
 * tail reads directly as "this many by chance", and unlike a z-score it stays right for the small counts
 * of one category in one district (a normal approximation calls 3 against a mean of 0.5 far rarer than it is).
 */
export function poissonUpperTail(k: number, mean: number): number {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  let term = Math.exp(-mean);
  let below = term;
  for (let i = 1; i < k; i++) {
    term *= mean / i;
    below += term;
  }
  return Math.max(0, 1 - below);
}

/** The weeks a hotspot table covers: `weeks` China-time weeks from the Monday `from`. */
export interface HotspotPeriod {
  /** The first week's Monday 00:00, China time. */
  from: number;
  weeks: number;
}

/** The period of `weeks` weeks starting with the week of `day` (YYYY-MM-DD), or why it cannot be one. */
export function hotspotPeriod(day: string, weeks: number, now: number): HotspotPeriod | { refused: string } {
  const from = chinaWeekStart(Date.parse(`${day}T00:00:00+08:00`));
  if (chinaDay(from) !== day) return { refused: '须为周一（每周从周一开始）' };
  if (from > chinaWeekStart(now)) return { refused: '不能晚于本周' };
  return { from, weeks };
}

export interface HotspotRow {
  category: string;
  district: string;
  /** 本期: the complaints in the period. */
  count: number;
  /** 上期: the complaints in the same number of weeks just before. */
  previousCount: number;
  /** 较上期: the count less the previous period's. */
  change: number;
  /** 基线: the count the weeks before lead one to expect (their weekly mean × the period's weeks). */
  baselineMean: number;
  pValue: number;
  significant: boolean;
}

interface Cell {
  category: string;
  district: string;
  count: number;
  previous: number;
  before: number;
}

/**
 * Counts by category × district for the period, each against the previous period of the same length and
 * against the weekly mean of the baseline weeks before the period. A hotspot needs both a real number of
 * complaints (minCount a week: with many cells, a 1% tail alone would flag a few quiet cells by chance
 * every week) and a tail below alpha. Most significant first.
 */
export function periodHotspots(facts: ComplaintFact[], period: HotspotPeriod, policy: HotspotPolicy): HotspotRow[] {
  const to = period.from + period.weeks * WEEK_MS;
  const previousFrom = period.from - period.weeks * WEEK_MS;
  const baselineFrom = period.from - policy.baselineWeeks * WEEK_MS;
  const cells = new Map<string, Cell>();
  for (const f of facts) {
    const key = `${f.category}\u0000${f.district}`;
    const cell = cells.get(key) ?? { category: f.category, district: f.district, count: 0, previous: 0, before: 0 };
    cells.set(key, cell);
    if (f.receivedAt >= period.from && f.receivedAt < to) cell.count++;
    else if (f.receivedAt < period.from) {
      if (f.receivedAt >= previousFrom) cell.previous++;
      if (f.receivedAt >= baselineFrom) cell.before++;
    }
  }
  const rows: HotspotRow[] = [];
  for (const { category, district, count, previous, before } of cells.values()) {
    if (count === 0 && previous === 0 && before === 0) continue;
    const baselineMean = (before / policy.baselineWeeks) * period.weeks;
    const pValue = poissonUpperTail(count, baselineMean);
    rows.push({
      category,
      district,
      count,
      previousCount: previous,
      change: count - previous,
      baselineMean,
      pValue,
      significant: count >= policy.minCount * period.weeks && pValue < policy.alpha,
    });
  }
  return rows.sort((a, b) => Number(b.significant) - Number(a.significant) || a.pValue - b.pValue || b.count - a.count);
}

export interface DistrictVolume {
  district: string;
  count: number;
  previousCount: number;
}

/** The first instant a period's table needs complaints from: its previous period's or its baseline's start. */
export const hotspotFactsSince = (period: HotspotPeriod, policy: HotspotPolicy): number =>
  period.from - Math.max(period.weeks, policy.baselineWeeks) * WEEK_MS;

/** 各区件数: the period's and the previous period's complaints per district, busiest first (the map's shading). */
export function districtVolumes(rows: HotspotRow[]): DistrictVolume[] {
  const byDistrict = new Map<string, DistrictVolume>();
  for (const r of rows) {
    const d = byDistrict.get(r.district) ?? { district: r.district, count: 0, previousCount: 0 };
    byDistrict.set(r.district, d);
    d.count += r.count;
    d.previousCount += r.previousCount;
  }
  return [...byDistrict.values()].sort((a, b) => b.count - a.count || a.district.localeCompare(b.district));
}

export interface StructuralPolicy {
  /** In how many distinct months the same place and category must come back. */
  minMonths: number;
  /** How many months back, this one included, are looked at. */
  lookbackMonths: number;
}

export const STRUCTURAL_DEFAULTS: StructuralPolicy = { minMonths: 3, lookbackMonths: 6 };

export interface StructuralCandidate {
  category: string;
  district: string;
  /** The address as first complained of. */
  address: string;
  months: string[];
  orders: { orderId: string; receivedAt: number }[];
}

/**
 * 地点: the community an address names, else its road — what two complaints must share before their places
 * are compared (the read model keeps it per order, so the database can count months per place and category).
 */
export function placeAnchor(place: Place): string | null {
  return place.community ?? place.road;
}

/** The place anchor of an order's address of the matter, null when it has none or it names no road or community. */
export const orderPlace = (address: string | null | undefined): string | null =>
  address ? placeAnchor(parseAddress(address)) : null;

/** The first month (YYYY-MM-01, China time) of the look-back ending with `now`'s month. */
export function lookbackStart(now: number, policy: StructuralPolicy): string {
  const [y, m] = chinaMonth(now).split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - (policy.lookbackMonths - 1);
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/**
 * 每月一题 candidates: the same place (the same house number, or building of one community, as repeat
 * detection judges it: domain/address.ts) and category complained about in at least minMonths distinct
 * months of the look-back. Orders with no address, or one naming no road or community, cannot be placed.
 */
export function structuralCandidates(
  facts: ComplaintFact[],
  now: number,
  policy: StructuralPolicy,
): StructuralCandidate[] {
  const since = lookbackStart(now, policy);
  // Compared pairwise only within one category and one road or community, never across the city.
  const buckets = new Map<string, { place: Place; group: ComplaintFact[] }[]>();
  const ordered = facts
    .filter((f) => f.address && chinaDay(f.receivedAt) >= since && f.receivedAt <= now)
    .sort((a, b) => a.receivedAt - b.receivedAt);
  for (const f of ordered) {
    const place = parseAddress(f.address!);
    const anchor = placeAnchor(place);
    if (!anchor) continue;
    const key = `${f.category}\u0000${anchor}`;
    const groups = buckets.get(key) ?? [];
    buckets.set(key, groups);
    const same = groups.find((g) => comparePlaces(g.place, place) === 'same');
    if (same) same.group.push(f);
    else groups.push({ place, group: [f] });
  }
  const candidates: StructuralCandidate[] = [];
  for (const groups of buckets.values())
    for (const { group } of groups) {
      const months = [...new Set(group.map((f) => chinaMonth(f.receivedAt)))];
      if (months.length < policy.minMonths) continue;
      candidates.push({
        category: group[0]!.category,
        district: group[0]!.district,
        address: group[0]!.address!,
        months,
        orders: group.map((f) => ({ orderId: f.orderId, receivedAt: f.receivedAt })),
      });
    }
  return candidates.sort((a, b) => b.months.length - a.months.length || b.orders.length - a.orders.length);
}
