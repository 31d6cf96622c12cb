/** The sane range of each SLA policy setting: the defaults are inside, each absurd value is named. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../db/seed-data/policy';
import { policyOutOfRange } from '../../domain/policy-bounds';

describe('policy bounds', () => {
  it('accept the default policy and the seconds-long clocks of demos and benchmarks', () => {
    expect(policyOutOfRange(DEFAULT_POLICY)).toEqual([]);
    expect(
      policyOutOfRange({
        ...DEFAULT_POLICY,
        responseLimit: { unit: 'minutes', amount: 0.05 },
        warningThresholds: [0.05, 0.1],
      }),
    ).toEqual([]);
  });

  it('name every absurd setting (the ones a hand-published policy carried) and nothing else', () => {
    const problems = policyOutOfRange({
      ...DEFAULT_POLICY,
      responseLimit: { unit: 'working_days', amount: 924 },
      emergencyLimit: { unit: 'calendar_days', amount: 2.4e-23 },
      handlingLimits: {
        ...DEFAULT_POLICY.handlingLimits,
        general: { normal: { unit: 'hours', amount: 1e6 }, urgent: DEFAULT_POLICY.handlingLimits.general.urgent },
      },
      warningThresholds: [0.5, 0.99],
      repeat: { ...DEFAULT_POLICY.repeat, distanceMeters: 1e9 },
      kpiWeights: { ...DEFAULT_POLICY.kpiWeights, reopen: 1e-311 },
    });
    expect(problems.map((p) => p.field)).toEqual([
      'responseLimit',
      'emergencyLimit',
      'handlingLimits.general.normal',
      'warningThresholds.1',
      'repeat.distanceMeters',
      'kpiWeights.reopen',
    ]);
    expect(problems[0]!.message).toBe('must be between 3 seconds and 1 day');
  });

  it('refuses a composite score with no weight that counts', () => {
    const zero = Object.fromEntries(Object.keys(DEFAULT_POLICY.kpiWeights).map((k) => [k, 0]));
    expect(policyOutOfRange({ ...DEFAULT_POLICY, kpiWeights: zero as typeof DEFAULT_POLICY.kpiWeights })).toEqual([
      { field: 'kpiWeights', message: 'at least one weight must count' },
    ]);
  });
});

describe('hotspot and structural-problem thresholds', () => {
  it('refuse an alpha no test would meet or mean, and more months than are looked back', () => {
    const problems = policyOutOfRange({
      ...DEFAULT_POLICY,
      hotspots: { minCount: 0, alpha: 0.5, baselineWeeks: 4 },
      structural: { minMonths: 7, lookbackMonths: 6 },
    });
    expect(problems).toEqual([
      { field: 'hotspots.minCount', message: 'must be between 1 and 100' },
      { field: 'hotspots.alpha', message: 'must be between 0.0001 and 0.2' },
      { field: 'structural.minMonths', message: 'must not exceed the months looked back' },
    ]);
  });
});
