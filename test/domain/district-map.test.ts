import { describe, expect, it } from 'vitest';
import { DEMO_DISTRICT_MAP } from '../../db/seed-data/district-map';
import { districtAt, type DistrictMap } from '../../domain/district-map';
import { parseAddress } from '../../domain/address';

describe('districtAt: the district whose polygon holds a point', () => {
  const square: DistrictMap = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { name: '甲区' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [10, 0],
              [10, 10],
              [0, 10],
              [0, 0],
            ],
            [
              [4, 4],
              [6, 4],
              [6, 6],
              [4, 6],
              [4, 4],
            ],
          ],
        },
      },
    ],
  };
  it('is inside the outer ring and outside its holes', () => {
    expect(districtAt({ lng: 1, lat: 1 }, square)).toBe('甲区');
    expect(districtAt({ lng: 5, lat: 5 }, square)).toBeNull();
    expect(districtAt({ lng: 11, lat: 5 }, square)).toBeNull();
  });
});

describe('the demo city’s district map', () => {
  const names = DEMO_DISTRICT_MAP.features.map((f) => f.properties.name);
  it('names six districts as addresses name them', () => {
    expect(names).toHaveLength(6);
    for (const name of names) expect(parseAddress(`江滨市${name}人民路1号`).district).toBe(name);
  });
  it('tiles the area the demo city’s orders are placed in: every point in exactly one district', () => {
    // scripts/city/people.ts places orders within 0.06° of (30.262, 120.165).
    for (let lat = 30.203; lat <= 30.321; lat += 0.004)
      for (let lng = 120.106; lng <= 120.224; lng += 0.004) {
        const holding = DEMO_DISTRICT_MAP.features.filter(
          (f) => districtAt({ lat, lng }, { type: 'FeatureCollection', features: [f] }) !== null,
        );
        expect(holding, `${lat},${lng}`).toHaveLength(1);
      }
  });
});
