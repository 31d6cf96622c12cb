/** The policy's settings as the administrator edits them: every one named, changed one at a time, diffed. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../db/seed-data';
import { POLICY_SETTINGS, policyDiff, settingValue, withSetting } from '../../domain/policy-settings';

describe('policy settings', () => {
  it('names settings that exist in the default policy, each once', () => {
    const paths = POLICY_SETTINGS.map((s) => s.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const path of paths) expect(settingValue(DEFAULT_POLICY, path), path).not.toBeUndefined();
  });

  it('changes one setting and keeps every other one, those it does not name included', () => {
    const changed = withSetting(DEFAULT_POLICY, 'handlingLimits.general.urgent', { unit: 'working_days', amount: 2 });
    expect(changed.handlingLimits.general).toEqual({
      ...DEFAULT_POLICY.handlingLimits.general,
      urgent: { unit: 'working_days', amount: 2 },
    });
    expect(changed.handlingLimits.complex).toBe(DEFAULT_POLICY.handlingLimits.complex);
    expect({ ...changed, handlingLimits: DEFAULT_POLICY.handlingLimits }).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.handlingLimits.general.urgent).toEqual({ unit: 'working_days', amount: 3 });
  });

  it('marks exactly the settings that differ, comparing limits by value whatever their key order', () => {
    const candidate = withSetting(withSetting(DEFAULT_POLICY, 'warningThresholds', [0.5, 0.8]), 'responseLimit', {
      amount: 15,
      unit: 'minutes',
    });
    const changed = policyDiff(DEFAULT_POLICY, candidate).filter((r) => r.changed);
    expect(changed.map((r) => [r.setting.name, r.before, r.after])).toEqual([
      ['催办提醒点（时限已用）', [0.5, 0.75], [0.5, 0.8]],
    ]);
    expect(policyDiff(DEFAULT_POLICY, DEFAULT_POLICY).some((r) => r.changed)).toBe(false);
  });
});
