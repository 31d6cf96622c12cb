/**
 * 区划图: the city's districts as GeoJSON polygons (longitude, latitude; WGS-84), the shapes the hotspot map
 * draws and the areas an order's coordinates fall in. Pure: the city's own map is seed data
 * (db/seed-data/district-map.ts).
 */

/** A closed ring of [longitude, latitude] points, the first repeated last (GeoJSON). */
export type Ring = [number, number][];

export interface DistrictFeature {
  type: 'Feature';
  /** `name`: the district as addresses name it (临江区), which is also how the map labels it. */
  properties: { name: string };
  geometry: { type: 'Polygon'; coordinates: Ring[] };
}

export interface DistrictMap {
  type: 'FeatureCollection';
  features: DistrictFeature[];
}

/** Whether the point lies inside the ring (even-odd ray casting: a ray to the east crosses the edge an odd number of times). */
function inRing([lng, lat]: [number, number], ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The district whose polygon holds the point (inside its outer ring, outside its holes), or null off the map. */
export function districtAt(point: { lat: number; lng: number }, map: DistrictMap): string | null {
  const at: [number, number] = [point.lng, point.lat];
  const feature = map.features.find(
    ({
      geometry: {
        coordinates: [outer, ...holes],
      },
    }) => outer !== undefined && inRing(at, outer) && !holes.some((hole) => inRing(at, hole)),
  );
  return feature?.properties.name ?? null;
}
