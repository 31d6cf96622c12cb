/** The hotspot screen's reads: the chosen weeks' hotspots, the district map, the structural-problem candidates and the topics. */
import { api, ok } from '../../../api/client';
import type { Answer } from '../../../api/types';
import { useLoad } from '../../../hooks';

export type Hotspots = Answer<'/hotspots', 'get'>;
export type HotspotRow = Hotspots['rows'][number];
export type DistrictVolume = Hotspots['districts'][number];
export type Candidate = Answer<'/structural-problems', 'get'>['items'][number];
export type Topic = Answer<'/topics', 'get'>['items'][number];

/** `weeks` China-time weeks from the Monday `week` (YYYY-MM-DD), each cell against the weeks before. */
export const useHotspots = (week: string, weeks: number) =>
  useLoad(['hotspots', week, weeks], () => ok(api.GET('/hotspots', { params: { query: { week, weeks } } })));

export const useDistrictMap = () => useLoad(['district-map'], () => ok(api.GET('/district-map')));
/** The city's districts as GeoJSON, as the API serves them. */
export type DistrictMap = NonNullable<ReturnType<typeof useDistrictMap>['data']>;
export const useCandidates = () => useLoad(['structural-problems'], () => ok(api.GET('/structural-problems')));
export const useTopics = () => useLoad(['topics'], () => ok(api.GET('/topics')));
