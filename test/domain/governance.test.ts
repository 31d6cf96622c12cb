/** Pure governance rules: the unit tree, repeat confidence (并单), requester flags and the rated cycle. */
import { describe, expect, it } from 'vitest';
import { DEMO_UNITS } from '../../db/seed-data';
import { ratedCycleOnTime, requesterFlag } from '../../domain/fairness';
import { orderFacts } from '../../domain/order-facts';
import { GOVERNANCE_DEFAULTS } from '../../domain/policy';
import { distanceMeters, repeatConfidence, type RepeatSubject } from '../../domain/repeat';
import { escalationChain, unitTreeProblems } from '../../domain/units';

const policy = GOVERNANCE_DEFAULTS;
const base: RepeatSubject = {
  requesterHash: 'h1',
  category: 'noise_construction',
  lat: 30.0,
  lng: 120.0,
  receivedAt: 0,
};

describe('unit tree', () => {
  it('accepts the demo city and names what breaks a tree', () => {
    expect(unitTreeProblems(DEMO_UNITS)).toEqual([]);
    const twoBackstops = DEMO_UNITS.map((u) => (u.code === 'CGJ' ? { ...u, isBackstop: true } : u));
    expect(unitTreeProblems(twoBackstops)).toEqual(['exactly one backstop unit is required, found 2']);
    const loop = DEMO_UNITS.map((u) => (u.code === 'LJQ' ? { ...u, parentCode: 'CGJ' } : u));
    expect(unitTreeProblems(loop).some((p) => p.includes('loops'))).toBe(true);
    const orphan = DEMO_UNITS.map((u) => (u.code === 'CGJ' ? { ...u, parentCode: 'NOPE' } : u));
    expect(unitTreeProblems(orphan)).toContain('CGJ: parent NOPE does not exist');
  });

  it('walks the escalation chain up to the centre', () => {
    const units = new Map(DEMO_UNITS.map((u) => [u.code, u]));
    expect(escalationChain(units, 'CGJ')).toEqual(['CGJ', 'LJQ', 'CENTRE']);
  });
});

describe('repeat confidence', () => {
  it('measures distances on the earth', () => {
    // 0.001° of latitude is about 111 m.
    expect(distanceMeters({ lat: 30, lng: 120 }, { lat: 30.001, lng: 120 })).toBeCloseTo(111.2, 0);
  });

  it('is near-certain for the same requester and category, likely for the same place, absent otherwise', () => {
    expect(repeatConfidence(base, { ...base, receivedAt: 3_600_000 }, policy)).toMatchObject({ confidence: 0.97 });
    const neighbour = { ...base, requesterHash: 'h2', lat: 30.001 };
    const c = repeatConfidence(neighbour, base, policy)!;
    expect(c.confidence).toBeGreaterThan(0.7);
    expect(c.confidence).toBeLessThan(0.9);
    expect(c.reasons).toEqual(['same category', '111 m apart']);
    expect(repeatConfidence({ ...neighbour, lat: 30.01 }, base, policy)).toBeNull();
    expect(repeatConfidence({ ...base, category: 'water_outage', requesterHash: 'h2' }, base, policy)).toBeNull();
    expect(repeatConfidence({ ...base, category: 'water_outage' }, base, policy)).toMatchObject({ confidence: 0.5 });
  });

  it('ignores contacts outside the time window', () => {
    const late = { ...base, receivedAt: (policy.repeat.windowHours + 1) * 3_600_000 };
    expect(repeatConfidence(late, base, policy)).toBeNull();
  });
});

describe('fairness', () => {
  it('flags a requester above either threshold, with the reason', () => {
    const { maxContacts, maxDissatisfied } = policy.fairness;
    expect(requesterFlag({ contacts: maxContacts, dissatisfied: maxDissatisfied }, policy).flagged).toBe(false);
    const many = requesterFlag({ contacts: maxContacts + 1, dissatisfied: 0 }, policy);
    expect(many.flagged).toBe(true);
    expect(many.reasons[0]).toContain(`${maxContacts + 1} contacts`);
    expect(requesterFlag({ contacts: 1, dissatisfied: maxDissatisfied + 1 }, policy).flagged).toBe(true);
  });

  it('judges the rated cycle only: a breach before a reopen does not count against the next cycle', () => {
    const e = (seq: number, type: string, data: Record<string, unknown> = {}) => ({
      seq,
      type,
      at: 0,
      actorUnit: null,
      data,
    });
    const trail = [
      e(1, 'received'),
      e(2, 'dispatched'),
      e(3, 'clock_breached', { clock: 'handling' }),
      e(4, 'completed'),
      e(5, 'visit_recorded'),
      e(6, 'reopened'),
      e(7, 'clock_breached', { clock: 'response' }),
      e(8, 'completed'),
      e(9, 'visit_recorded'),
    ];
    expect(ratedCycleOnTime(orderFacts(trail), 5)).toBe(false);
    expect(ratedCycleOnTime(orderFacts(trail), 9)).toBe(true);
  });
});
