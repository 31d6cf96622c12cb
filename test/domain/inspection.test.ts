import { describe, expect, it } from 'vitest';
import { drawSample, meanScore, previousWeek, scoresProblem } from '../../domain/inspection';

const ids = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

describe('drawSample', () => {
  const population = { CGJ: ids('A', 40), WATER: ids('B', 2), ZJJ: [] };

  it('draws the policy’s size from each group, fewer when a group has fewer, none from an empty one', () => {
    const sample = drawSample('seed-1', population, 3);
    expect(sample.CGJ).toHaveLength(3);
    expect(new Set(sample.CGJ).size).toBe(3);
    expect(sample.CGJ!.every((id) => population.CGJ.includes(id))).toBe(true);
    expect([...sample.WATER!].sort()).toEqual(population.WATER);
    expect(sample.ZJJ).toBeUndefined();
  });

  it('is reproducible from the recorded seed and population, whatever order the population came in', () => {
    const shuffled = { WATER: [...population.WATER].reverse(), CGJ: [...population.CGJ].reverse(), ZJJ: [] };
    expect(drawSample('seed-1', shuffled, 3)).toEqual(drawSample('seed-1', population, 3));
    expect(drawSample('seed-2', population, 3).CGJ).not.toEqual(drawSample('seed-1', population, 3).CGJ);
  });

  it('gives every order about the same chance', () => {
    const counts = new Map<string, number>();
    for (let s = 0; s < 2000; s++) {
      for (const id of drawSample(`s${s}`, { CGJ: ids('A', 10) }, 2).CGJ!) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    // Each of 10 orders is expected 400 times in 2000 draws of 2.
    for (const n of counts.values()) expect(Math.abs(n - 400)).toBeLessThan(80);
  });
});

describe('scores', () => {
  it('wants every item of the kind’s rubric, each a whole 1–5', () => {
    expect(scoresProblem('order', { timeliness: 5, substance: 4, attitude: 3, solved: 1 })).toBeNull();
    expect(scoresProblem('order', { timeliness: 5, substance: 4, attitude: 3 })).toContain('问题真正解决');
    expect(scoresProblem('order', { timeliness: 6, substance: 4, attitude: 3, solved: 1 })).toContain('办理时效');
    expect(scoresProblem('intake', { category: 5, completeness: 4, standardReply: 2.5 })).toContain('规范答复');
    expect(scoresProblem('intake', { category: 5, completeness: 4, standardReply: 3, solved: 2 })).toContain('solved');
    expect(meanScore({ timeliness: 5, substance: 4, attitude: 3, solved: 2 })).toBe(3.5);
  });
});

describe('previousWeek', () => {
  it('is the China-time Monday-to-Monday week before the one now falls in', () => {
    // Wednesday 2026-12-09 10:00 China time → the week of Monday 2026-11-30.
    const w = previousWeek(Date.parse('2026-12-09T10:00:00+08:00'));
    expect(w).toEqual({
      week: '2026-11-30',
      from: Date.parse('2026-11-30T00:00:00+08:00'),
      to: Date.parse('2026-12-07T00:00:00+08:00'),
    });
    // Monday 00:30 China time is still Sunday in UTC: the week just ended.
    expect(previousWeek(Date.parse('2026-12-07T00:30:00+08:00')).week).toBe('2026-11-30');
  });
});
