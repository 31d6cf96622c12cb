import { describe, expect, it } from 'vitest';
import { escalationOn, manualLevelRefusal, MAX_ESCALATION_LEVEL } from '../../domain/escalation';

const policy = { maxReturnsBeforeL3: 2, maxReopensBeforeL3: 2 };

describe('the escalation ladder', () => {
  it('the first warning of a clock reminds the unit (L0 → L1); later warnings change nothing', () => {
    expect(escalationOn({ kind: 'clock_warning', clock: 'response', threshold: 0.5 }, 0, policy)).toEqual({
      to: 1,
      cause: 'response clock at 50%',
    });
    expect(escalationOn({ kind: 'clock_warning', clock: 'handling', threshold: 0.75 }, 1, policy)).toBeNull();
    expect(escalationOn({ kind: 'clock_warning', clock: 'handling', threshold: 0.5 }, 2, policy)).toBeNull();
  });

  it('a breach escalates one level, so a breach at L2 reaches L3 and a breach at L3 stays there', () => {
    const breach = { kind: 'clock_breached', clock: 'handling' } as const;
    expect(escalationOn(breach, 0, policy)).toEqual({ to: 1, cause: 'handling clock breached' });
    expect(escalationOn(breach, 1, policy)?.to).toBe(2);
    expect(escalationOn(breach, 2, policy)?.to).toBe(MAX_ESCALATION_LEVEL);
    expect(escalationOn(breach, 3, policy)).toBeNull();
  });

  it('a dispute not ruled on in time goes to the backstop unit and L3, even from L3', () => {
    const overdue = { kind: 'clock_breached', clock: 'ruling' } as const;
    expect(escalationOn(overdue, 0, policy)).toEqual({
      to: 3,
      cause: 'dispute not ruled on in time',
      toBackstop: true,
    });
    expect(escalationOn(overdue, 3, policy)?.toBackstop).toBe(true);
  });

  it('returned or reopened more often than the policy allows goes to L3', () => {
    expect(escalationOn({ kind: 'returned', returns: 2 }, 0, policy)).toBeNull();
    expect(escalationOn({ kind: 'returned', returns: 3 }, 1, policy)).toEqual({
      to: 3,
      cause: 'returned more than 2 times',
    });
    expect(escalationOn({ kind: 'reopened', reopens: 2 }, 0, policy)).toBeNull();
    expect(escalationOn({ kind: 'reopened', reopens: 3 }, 2, { ...policy, maxReopensBeforeL3: 2 })?.to).toBe(3);
    expect(escalationOn({ kind: 'reopened', reopens: 1 }, 0, { ...policy, maxReopensBeforeL3: 0 })?.to).toBe(3);
  });

  it('coordinators move within the ladder: up above the current level, down below it', () => {
    expect(manualLevelRefusal('up', 3, 1)).toBeNull();
    expect(manualLevelRefusal('up', 1, 1)).toMatch(/above L1/);
    expect(manualLevelRefusal('up', 4, 1)).toMatch(/at most to L3/);
    expect(manualLevelRefusal('up', 2.5, 1)).not.toBeNull();
    expect(manualLevelRefusal('down', 0, 2)).toBeNull();
    expect(manualLevelRefusal('down', 2, 2)).toMatch(/below L2/);
    expect(manualLevelRefusal('down', -1, 2)).not.toBeNull();
  });
});
