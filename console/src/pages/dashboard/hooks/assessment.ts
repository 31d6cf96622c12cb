/**
 * The units' assessment for a period and the one before it (two /kpis reads), ranked by the adjusted
 * composite — the figure that leaves out ratings a third party found not attributable to the unit — and
 * the centre's weekly figures for the trend.
 */
import { api, ok } from '../../../api/client';
import type { Answer } from '../../../api/types';
import { competitionRanks } from '../../../../../domain/kpi-rank';
import { useLoad } from '../../../hooks';
import { instants, previousOf, trendWeeks, type Period } from './period';

type Kpis = Answer<'/kpis', 'get'>;
export type KpiRow = Kpis['rows'][number];
export type Figures = KpiRow['raw'];

export interface UnitAssessment extends KpiRow {
  rank: number | null;
  previous: { composite: number | null; rank: number | null } | null;
}

const readKpis = (groupBy: 'unit' | 'centre', p: Period) =>
  ok(api.GET('/kpis', { params: { query: { groupBy, ...instants(p) } } }));

function assess(current: KpiRow[], previous: KpiRow[]): UnitAssessment[] {
  const rank = competitionRanks(current);
  const before = new Map(previous.map((r) => [r.group, r]));
  const rankBefore = competitionRanks(previous);
  return current
    .map((r) => {
      const p = before.get(r.group);
      return {
        ...r,
        rank: rank.get(r.group) ?? null,
        previous: p ? { composite: p.adjusted.composite, rank: rankBefore.get(r.group) ?? null } : null,
      };
    })
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.group.localeCompare(b.group));
}

export function useAssessment(period: Period) {
  return useLoad(['assessment', period], async () => {
    const [current, previous] = await Promise.all([readKpis('unit', period), readKpis('unit', previousOf(period))]);
    return { rows: assess(current.rows, previous.rows), weights: current.weights };
  });
}

export function useTrend(period: Period) {
  return useLoad(['assessment-trend', period.end], async () => {
    const weeks = trendWeeks(period);
    const centre = await Promise.all(weeks.map((w) => readKpis('centre', w)));
    return weeks.map((week, i) => ({ week, figures: centre[i]!.rows[0] ?? null }));
  });
}
