/**
 * The districts of 江滨市 (the fictional demo city): 临江区 in the middle, on the river, and five around it,
 * as simple polygons that share their borders and so tile the city. Drawn around the point the demo
 * city's orders are placed near (scripts/city/people.ts), so their coordinates fall in a district. A real
 * centre ships its city's own district boundaries here; the console draws whatever this holds, with no
 * map tiles from outside.
 */
import type { DistrictMap, Ring } from '../../domain/district-map';

type Point = [number, number];
// 临江区's corners, clockwise from the north-west (longitude, latitude).
const C1: Point = [120.14, 30.28];
const C2: Point = [120.17, 30.29];
const C3: Point = [120.195, 30.275];
const C4: Point = [120.19, 30.245];
const C5: Point = [120.16, 30.235];
const C6: Point = [120.135, 30.25];
// The city's boundary, clockwise from the north-west.
const N1: Point = [120.095, 30.33];
const N2: Point = [120.165, 30.34];
const N3: Point = [120.235, 30.33];
const E1: Point = [120.25, 30.27];
const E2: Point = [120.25, 30.235];
const S1: Point = [120.235, 30.19];
const S2: Point = [120.165, 30.185];
const S3: Point = [120.095, 30.19];
const W1: Point = [120.085, 30.26];

const district = (name: string, ...corners: Point[]) => ({
  type: 'Feature' as const,
  properties: { name },
  geometry: { type: 'Polygon' as const, coordinates: [[...corners, corners[0]!] as Ring] },
});

export const DEMO_DISTRICT_MAP: DistrictMap = {
  type: 'FeatureCollection',
  features: [
    district('临江区', C1, C2, C3, C4, C5, C6),
    district('北塘区', N1, N2, N3, C3, C2, C1),
    district('东湖区', N3, E1, E2, C4, C3),
    district('南港区', E2, S1, S2, C5, C4),
    district('白沙区', S2, S3, C6, C5),
    district('西山区', S3, W1, N1, C1, C6),
  ],
};
