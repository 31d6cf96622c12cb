/** The hotspot screen's reads: this week's hotspots, the structural-problem candidates and the topics. */
import { chinaWeekStart } from '../../../../../domain/hotspots';
import { api, ok } from '../../../api/client';
import type { Answer } from '../../../api/types';
import { useLoad } from '../../../hooks';

export type HotspotRow = Answer<'/hotspots', 'get'>['rows'][number];
export type Candidate = Answer<'/structural-problems', 'get'>['items'][number];
export type Topic = Answer<'/topics', 'get'>['items'][number];

const WEEK_MS = 7 * 86_400_000;

/** This China-time week's hotspots, each against the weeks before it. */
export function useHotspots() {
  const from = chinaWeekStart(Date.now());
  const query = { from: new Date(from).toISOString(), to: new Date(from + WEEK_MS).toISOString() };
  return useLoad(['hotspots', query.from], () => ok(api.GET('/hotspots', { params: { query } })));
}

export const useCandidates = () => useLoad(['structural-problems'], () => ok(api.GET('/structural-problems')));
export const useTopics = () => useLoad(['topics'], () => ok(api.GET('/topics')));
