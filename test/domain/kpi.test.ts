import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeKpis,
  DEFAULT_KPI_WEIGHTS,
  KPI_COUNT_NAMES,
  KPI_RATES,
  type KpiEvent,
  type KpiFigures,
  type KpiGroupBy,
  type KpiRow,
  type KpiWeights,
  type RatingReview,
} from '../../domain/kpi';
import { GOVERNANCE_DEFAULTS } from '../../domain/policy';
import { HOUR, scenarioArb, T0, trailsArb } from '../fixtures/kpi-trails';

const MIN = 60_000;

type Step = [type: string, at: number, data?: Record<string, unknown>, actorUnit?: string | null];

/** One order's audit trail, seq 1..n in the order written; `at` is an offset from T0. */
function trail(orderId: string, steps: Step[]): KpiEvent[] {
  return steps.map(([type, at, data = {}, actorUnit = null], i) => ({
    orderId,
    seq: i + 1,
    type,
    at: T0 + at,
    actorUnit,
    data,
  }));
}

const received = (orderType: string, category: string | null): Record<string, unknown> => ({
  orderType,
  channel: 'phone',
  category,
  urgency: 'normal',
  policyVersion: 1,
});
const dispatch = (leadUnit: string) => ({ leadUnit, assistingUnits: [], handlingDueAt: T0 + 7 * 24 * HOUR });
const ack = (unit: string, responseMet: boolean) => ({ unit, responseMet });
const breach = (clock: string) => ({ clock, subject: null, dueAt: T0, latenessMs: 0 });
const done = (unit: string) => ({ unit, reply: '已处理' });
const visit = (satisfaction: string, resolution: string) => ({ satisfaction, resolution });
const closed = (closureCode: string) => ({ closureCode });

/**
 * The seeded scenario: 8 orders, units WATER (水务局), HOUSING (住建局), ENV (生态环境局) and the district
 * backstop DISTRICT (区政府, 兜底); categories water_supply, noise, air_pollution, social_security.
 */
const O1 = trail('O1', [
  // water complaint, signed in 10 min, completed in 20 h, satisfied & resolved
  ['received', 0, received('complaint', 'water_supply')],
  ['dispatched', 0, dispatch('WATER')],
  ['acknowledged', 10 * MIN, ack('WATER', true), 'WATER'],
  ['completed', 20 * HOUR, done('WATER'), 'WATER'],
  ['visit_recorded', 30 * HOUR, visit('satisfied', 'resolved')],
  ['closed', 30 * HOUR, closed('resolved')],
]);
const O2 = trail('O2', [
  // water complaint: late signature, handling breach, dissatisfied & unresolved → reopened, then done in time
  ['received', 0, received('complaint', 'water_supply')],
  ['dispatched', 0, dispatch('WATER')],
  ['clock_warning', 8 * MIN, { ...breach('response'), threshold: 0.5 }],
  ['clock_breached', 15 * MIN, breach('response')],
  ['escalated', 15 * MIN, { from: 1, to: 2 }],
  ['acknowledged', 40 * MIN, ack('WATER', false), 'WATER'],
  ['clock_breached', 24 * HOUR, breach('handling')],
  ['escalated', 24 * HOUR, { from: 2, to: 3 }],
  ['completed', 30 * HOUR, done('WATER'), 'WATER'],
  ['visit_recorded', 40 * HOUR, visit('dissatisfied', 'unresolved')], // seq 10: reviewed not_attributable
  ['reopened', 40 * HOUR, { reopens: 1 }],
  ['completed', 50 * HOUR, done('WATER'), 'WATER'],
  ['visit_recorded', 60 * HOUR, visit('basically_satisfied', 'partly')],
  ['closed', 60 * HOUR, closed('resolved')],
]);
const O3 = trail('O3', [
  // noise complaint: HOUSING returns it (退单), coordinator reassigns to ENV, dissatisfied but resolved
  ['received', 0, received('complaint', 'noise')],
  ['dispatched', 0, dispatch('HOUSING')],
  ['returned', 5 * MIN, { unit: 'HOUSING', returns: 1 }, 'HOUSING'],
  ['ruled', 2 * HOUR, { decision: 'reassign', leadUnit: 'ENV' }],
  ['redispatched', 2 * HOUR, dispatch('ENV')],
  ['acknowledged', 2 * HOUR + 10 * MIN, ack('ENV', true), 'ENV'],
  ['completed', 72 * HOUR, done('ENV'), 'ENV'],
  ['visit_recorded', 96 * HOUR, visit('dissatisfied', 'resolved')], // seq 8: reviewed upheld
  ['closed', 96 * HOUR, closed('resolved')],
]);
const O4 = trail('O4', [
  // consultation answered from the knowledge base in 3 minutes
  ['received', 0, received('consultation', 'social_security')],
  ['answered', 3 * MIN, { articleId: 'KB-017' }],
  ['closed', 3 * MIN, { closureCode: 'answered', articleId: 'KB-017' }],
]);
const O5 = trail('O5', [
  // consultation no article answers: turned into a noise work order, signed on time, still open
  ['received', 0, received('consultation', 'social_security')],
  ['classified', 5 * MIN, { orderType: 'help', category: 'noise', urgency: 'normal' }],
  ['dispatched', 6 * MIN, dispatch('HOUSING')],
  ['acknowledged', 12 * MIN, ack('HOUSING', true), 'HOUSING'],
]);
const O6 = trail('O6', [
  // noise complaint: HOUSING signs late, then returns it; nobody rules in time → backstop DISTRICT
  ['received', 0, received('complaint', 'noise')],
  ['dispatched', 0, dispatch('HOUSING')],
  ['clock_breached', 15 * MIN, breach('response')],
  ['acknowledged', 20 * MIN, ack('HOUSING', false), 'HOUSING'],
  ['returned', HOUR, { unit: 'HOUSING', returns: 1 }, 'HOUSING'],
  ['clock_breached', 25 * HOUR, breach('ruling')],
  ['backstop_assigned', 25 * HOUR, { from: 'HOUSING', to: 'DISTRICT' }],
  ['redispatched', 25 * HOUR, dispatch('DISTRICT')],
  ['escalated', 25 * HOUR, { from: 1, to: 3 }],
  ['acknowledged', 25 * HOUR + 5 * MIN, ack('DISTRICT', true), 'DISTRICT'],
  ['completed', 120 * HOUR, done('DISTRICT'), 'DISTRICT'],
  ['visit_recorded', 144 * HOUR, visit('satisfied', 'partly')],
  ['closed', 144 * HOUR, closed('resolved')],
]);
const O7 = trail('O7', [
  // air-pollution complaint done in 2 days; dissatisfied & partly resolved by a flagged requester
  ['received', 0, received('complaint', 'air_pollution')],
  ['dispatched', 0, dispatch('ENV')],
  ['acknowledged', 10 * MIN, ack('ENV', true), 'ENV'],
  ['completed', 48 * HOUR, done('ENV'), 'ENV'],
  ['visit_recorded', 60 * HOUR, visit('dissatisfied', 'partly')], // seq 5: reviewed not_attributable
  ['closed', 60 * HOUR, closed('resolved')],
]);
const O8 = trail('O8', [
  // air-pollution report: signed, handling clock breaches, still open
  ['received', 0, received('report', 'air_pollution')],
  ['dispatched', 0, dispatch('ENV')],
  ['acknowledged', 5 * MIN, ack('ENV', true), 'ENV'],
  ['clock_warning', 84 * HOUR, { ...breach('handling'), threshold: 0.5 }],
  ['escalated', 84 * HOUR, { from: 0, to: 1 }],
  ['clock_breached', 168 * HOUR, breach('handling')],
  ['escalated', 168 * HOUR, { from: 1, to: 2 }],
]);
const SCENARIO = [...O1, ...O2, ...O3, ...O4, ...O5, ...O6, ...O7, ...O8];
const REVIEWS: RatingReview[] = [
  { orderId: 'O2', seq: 10, outcome: 'not_attributable' },
  { orderId: 'O3', seq: 8, outcome: 'upheld' },
  { orderId: 'O7', seq: 5, outcome: 'not_attributable' },
];
/** Integer weights keep the hand computation short: total 10, or 9 without the direct-answer rate. */
const W: KpiWeights = {
  onTimeResponse: 1,
  onTimeHandling: 2,
  directAnswer: 1,
  satisfaction: 2,
  resolution: 2,
  reopen: 1,
  return: 1,
};

type Expected = Omit<KpiFigures, 'counts'> & { counts: Partial<Record<string, number>> };

function expectFigures(actual: KpiFigures, expected: Expected): void {
  const zeros = Object.fromEntries(KPI_COUNT_NAMES.map((n) => [n, 0]));
  expect(actual.counts).toEqual({ ...zeros, ...expected.counts });
  expect(actual.orders).toBe(expected.orders);
  for (const key of Object.keys(expected) as (keyof Expected)[]) {
    if (key === 'counts' || key === 'orders') continue;
    const want = expected[key] as number | null;
    if (want === null) expect(actual[key], key).toBeNull();
    else expect(actual[key], key).toBeCloseTo(want, 12);
  }
}

function rowsOf(groupBy: KpiGroupBy, reviews = REVIEWS, events = SCENARIO): Map<string, KpiRow> {
  return new Map(computeKpis(events, { groupBy, weights: W, reviews }).map((r) => [r.group, r]));
}

describe('KPIs on the seeded scenario, by unit', () => {
  const rows = rowsOf('unit');

  it('has one row per unit that had anything attributed, sorted', () => {
    expect([...rows.keys()]).toEqual(['DISTRICT', 'ENV', 'HOUSING', 'WATER']);
  });

  it('WATER (O1, O2): late signature, handling breach, a reopen caused by a rating reviewed not attributable', () => {
    // response: O1 signed on time; O2 breached at 15 min (its later signature adds nothing) → 1/2
    // handling cycles: O1 on time; O2 cycle 1 breached at 24 h; O2 cycle 2 (reopen at 40 h → done 50 h) on time → 2/3
    // completions: O1, O2 ×2 = 3; reopened: O2's first completion → 1/3; hours 20 + 30 + 10 = 60 → 20 h
    // visits: O1 satisfied/resolved, O2 dissatisfied/unresolved, O2 basically/partly
    //   satisfaction (1 + 1)/3 = 2/3, resolution 1/3; assignments 2, returns 0 → 0
    // composite (weights 1,2,·,2,2,1,1 = 9): 0.5 + 2·2/3 + 2·2/3 + 2·1/3 + (1 − 1/3) + (1 − 0) = 5.5 → 5.5/9 = 11/18
    const counts = {
      responseJudged: 2,
      responseOnTime: 1,
      responseBreached: 1,
      handlingJudged: 3,
      handlingOnTime: 2,
      handlingBreached: 1,
      completions: 3,
      reopenedCompletions: 1,
      timedCompletions: 3,
      handlingHoursTotal: 60,
      ratedVisits: 3,
      satisfied: 1,
      basicallySatisfied: 1,
      dissatisfied: 1,
      resolved: 1,
      partlyResolved: 1,
      unresolved: 1,
      dispatches: 2,
      assignments: 2,
      ratingsNotAttributable: 1,
      reopensNotAttributable: 1,
      closedAfterDispatch: 2,
      closedAtFirstUnit: 2,
    };
    const common = {
      orders: 2,
      onTimeResponseRate: 1 / 2,
      onTimeHandlingRate: 2 / 3,
      directAnswerRate: null,
      returnRate: 0,
      qualityFlagRate: 0,
      dispatchAccuracyRate: 1,
      averageHandlingHours: 20,
    };
    expectFigures(rows.get('WATER')!.raw, {
      ...common,
      satisfactionRate: 2 / 3,
      resolutionRate: 1 / 3,
      reopenRate: 1 / 3,
      composite: 11 / 18,
      counts,
    });
    // adjusted: O2's dissatisfied/unresolved rating (seq 10) is out, and so is the reopen it caused
    //   satisfaction 2/2 = 1, resolution 1/2, reopen 0/3 = 0
    //   composite: 0.5 + 2·2/3 + 2·1 + 2·1/2 + 1 + 1 = 41/6 → 41/54
    expectFigures(rows.get('WATER')!.adjusted, {
      ...common,
      satisfactionRate: 1,
      resolutionRate: 1 / 2,
      reopenRate: 0,
      composite: 41 / 54,
      counts: { ...counts, ratedVisits: 2, dissatisfied: 0, unresolved: 0, reopenedCompletions: 0 },
    });
  });

  it('HOUSING (O3, O5, O6): two returns, one on-time and one late signature, nothing completed', () => {
    // assignments: O3, O5, O6 = 3; returned: O3, O6 → 2/3
    // response: O3 returned before signing (neither met nor missed); O5 signed at 12 min; O6 breached → 1/2
    // handling: O3 and O6 were taken away before any outcome, O5 is still open → null
    // composite (weights 1 + 1): (0.5 + (1 − 2/3)) / 2 = 5/12
    const expected: Expected = {
      orders: 3,
      onTimeResponseRate: 1 / 2,
      onTimeHandlingRate: null,
      directAnswerRate: null,
      satisfactionRate: null,
      resolutionRate: null,
      reopenRate: null,
      returnRate: 2 / 3,
      qualityFlagRate: null,
      dispatchAccuracyRate: 0,
      averageHandlingHours: null,
      composite: 5 / 12,
      counts: {
        responseJudged: 2,
        responseOnTime: 1,
        responseBreached: 1,
        dispatches: 3,
        assignments: 3,
        returnedAssignments: 2,
        closedAfterDispatch: 2,
      },
    };
    expectFigures(rows.get('HOUSING')!.raw, expected);
    expectFigures(rows.get('HOUSING')!.adjusted, expected);
  });

  it('ENV (O3 after reassignment, O7, O8): an upheld and a not-attributable dissatisfied rating', () => {
    // response: O3 (2 h 10 min after its own dispatch at 2 h), O7, O8 all on time → 3/3
    // handling: O3 done (70 h), O7 done (48 h), O8 breached at 168 h → 2/3; hours 118 / 2 = 59
    // visits: O3 dissatisfied/resolved (upheld), O7 dissatisfied/partly → satisfaction 0/2, resolution 1/2
    // composite: 1 + 2·2/3 + 0 + 2·1/2 + 1 + 1 = 16/3 → 16/27
    const counts = {
      responseJudged: 3,
      responseOnTime: 3,
      handlingJudged: 3,
      handlingOnTime: 2,
      handlingBreached: 1,
      completions: 2,
      timedCompletions: 2,
      handlingHoursTotal: 118,
      ratedVisits: 2,
      dissatisfied: 2,
      resolved: 1,
      partlyResolved: 1,
      dispatches: 3,
      assignments: 3,
      ratingsUpheld: 1,
      ratingsNotAttributable: 1,
      closedAfterDispatch: 1,
      closedAtFirstUnit: 1,
    };
    const common = {
      orders: 3,
      onTimeResponseRate: 1,
      onTimeHandlingRate: 2 / 3,
      directAnswerRate: null,
      reopenRate: 0,
      returnRate: 0,
      qualityFlagRate: 0,
      dispatchAccuracyRate: 1,
      averageHandlingHours: 59,
    };
    expectFigures(rows.get('ENV')!.raw, {
      ...common,
      satisfactionRate: 0,
      resolutionRate: 1 / 2,
      composite: 16 / 27,
      counts,
    });
    // adjusted: O7's rating is out; O3's upheld rating stays → satisfaction 0/1, resolution 1/1
    //   composite: 1 + 4/3 + 0 + 2 + 1 + 1 = 19/3 → 19/27
    expectFigures(rows.get('ENV')!.adjusted, {
      ...common,
      satisfactionRate: 0,
      resolutionRate: 1,
      composite: 19 / 27,
      counts: { ...counts, ratedVisits: 1, dissatisfied: 1, partlyResolved: 0 },
    });
  });

  it('DISTRICT (O6 as backstop): the backstop assignment is one dispatch, not two', () => {
    // assignments 1 (backstop_assigned + its redispatched), returns 0; signed 5 min after → 1/1
    // handling 25 h → 120 h = 95 h on time; satisfied, partly resolved → satisfaction 1, resolution 0
    // composite: 1 + 2 + 2 + 0 + 1 + 1 = 7 → 7/9
    const expected: Expected = {
      orders: 1,
      onTimeResponseRate: 1,
      onTimeHandlingRate: 1,
      directAnswerRate: null,
      satisfactionRate: 1,
      resolutionRate: 0,
      reopenRate: 0,
      qualityFlagRate: 0,
      dispatchAccuracyRate: null,
      returnRate: 0,
      averageHandlingHours: 95,
      composite: 7 / 9,
      counts: {
        responseJudged: 1,
        responseOnTime: 1,
        handlingJudged: 1,
        handlingOnTime: 1,
        completions: 1,
        timedCompletions: 1,
        handlingHoursTotal: 95,
        ratedVisits: 1,
        satisfied: 1,
        partlyResolved: 1,
        dispatches: 1,
        assignments: 1,
      },
    };
    expectFigures(rows.get('DISTRICT')!.raw, expected);
    expectFigures(rows.get('DISTRICT')!.adjusted, expected);
  });
});

describe('KPIs on the seeded scenario, by category', () => {
  const rows = rowsOf('category');

  it('has one row per category, sorted', () => {
    expect([...rows.keys()]).toEqual(['air_pollution', 'noise', 'social_security', 'water_supply']);
  });

  it('air_pollution (O7, O8): removing the only rating leaves satisfaction and resolution null', () => {
    // response 2/2; handling O7 on time, O8 breached → 1/2; 48 h; O7 dissatisfied/partly → 0 and 0
    // composite: 1 + 2·0.5 + 0 + 0 + 1 + 1 = 4 → 4/9
    const counts = {
      received: 2,
      responseJudged: 2,
      responseOnTime: 2,
      handlingJudged: 2,
      handlingOnTime: 1,
      handlingBreached: 1,
      completions: 1,
      timedCompletions: 1,
      handlingHoursTotal: 48,
      ratedVisits: 1,
      dissatisfied: 1,
      partlyResolved: 1,
      dispatches: 2,
      assignments: 2,
      ratingsNotAttributable: 1,
      closedAfterDispatch: 1,
      closedAtFirstUnit: 1,
    };
    const common = {
      orders: 2,
      onTimeResponseRate: 1,
      onTimeHandlingRate: 1 / 2,
      directAnswerRate: null,
      reopenRate: 0,
      qualityFlagRate: 0,
      dispatchAccuracyRate: 1,
      returnRate: 0,
      averageHandlingHours: 48,
    };
    expectFigures(rows.get('air_pollution')!.raw, {
      ...common,
      satisfactionRate: 0,
      resolutionRate: 0,
      composite: 4 / 9,
      counts,
    });
    // adjusted: no rating left → null; weights renormalise over 1 + 2 + 1 + 1 = 5: (1 + 1 + 1 + 1) / 5
    expectFigures(rows.get('air_pollution')!.adjusted, {
      ...common,
      satisfactionRate: null,
      resolutionRate: null,
      composite: 4 / 5,
      counts: { ...counts, ratedVisits: 0, dissatisfied: 0, partlyResolved: 0 },
    });
  });

  it('noise (O3, O6, and O5 once reclassified): outcomes follow the category at the time', () => {
    // received as noise: O3, O6 (O5 was received as social_security) → 2; orders touched: O3, O5, O6
    // assignments: O3→HOUSING, O3→ENV, O5→HOUSING, O6→HOUSING, O6→DISTRICT = 5; returned 2 → 2/5
    // response: O3/ENV, O5/HOUSING, O6/DISTRICT on time; O6/HOUSING breached → 3/4
    // handling: O3 70 h, O6 95 h, both on time → 2/2; 165 / 2 = 82.5 h
    // visits: O3 dissatisfied/resolved (upheld), O6 satisfied/partly → 1/2 and 1/2
    // composite: 0.75 + 2 + 1 + 1 + 1 + 0.6 = 6.35 → 127/180
    const expected: Expected = {
      orders: 3,
      onTimeResponseRate: 3 / 4,
      onTimeHandlingRate: 1,
      directAnswerRate: null,
      satisfactionRate: 1 / 2,
      resolutionRate: 1 / 2,
      reopenRate: 0,
      qualityFlagRate: 0,
      dispatchAccuracyRate: 0,
      returnRate: 2 / 5,
      averageHandlingHours: 82.5,
      composite: 127 / 180,
      counts: {
        received: 2,
        responseJudged: 4,
        responseOnTime: 3,
        responseBreached: 1,
        handlingJudged: 2,
        handlingOnTime: 2,
        completions: 2,
        timedCompletions: 2,
        handlingHoursTotal: 165,
        ratedVisits: 2,
        satisfied: 1,
        dissatisfied: 1,
        resolved: 1,
        partlyResolved: 1,
        dispatches: 5,
        assignments: 5,
        returnedAssignments: 2,
        ratingsUpheld: 1,
        closedAfterDispatch: 2,
      },
    };
    expectFigures(rows.get('noise')!.raw, expected);
    expectFigures(rows.get('noise')!.adjusted, expected);
  });

  it('social_security (O4, O5): one consultation answered, one turned into a work order', () => {
    // consultations 2, answered 1 → 1/2; response: O4 answered in 3 min → 1/1 (O5's signature is under noise)
    // composite (weights 1 + 1): (1 + 0.5) / 2 = 3/4
    const expected: Expected = {
      orders: 2,
      onTimeResponseRate: 1,
      onTimeHandlingRate: null,
      directAnswerRate: 1 / 2,
      satisfactionRate: null,
      resolutionRate: null,
      reopenRate: null,
      qualityFlagRate: null,
      dispatchAccuracyRate: null,
      returnRate: null,
      averageHandlingHours: null,
      composite: 3 / 4,
      counts: { received: 2, consultations: 2, directAnswers: 1, responseJudged: 1, responseOnTime: 1 },
    };
    expectFigures(rows.get('social_security')!.raw, expected);
    expectFigures(rows.get('social_security')!.adjusted, expected);
  });

  it('water_supply (O1, O2): the same figures as WATER, plus receipts', () => {
    const water = rowsOf('unit').get('WATER')!;
    const row = rows.get('water_supply')!;
    for (const view of ['raw', 'adjusted'] as const) {
      expect({ ...row[view], counts: { ...row[view].counts, received: 0 } }).toEqual(water[view]);
      expect(row[view].counts.received).toBe(2);
    }
  });
});

describe('KPIs on the seeded scenario, for the centre', () => {
  it('adds everything up, including what no unit owns', () => {
    const rows = computeKpis(SCENARIO, { groupBy: 'centre', weights: W, reviews: REVIEWS });
    expect(rows.map((r) => r.group)).toEqual(['centre']);
    const [centre] = rows;
    // received 8; consultations O4 (answered), O5 (reclassified) → 1/2
    // response: WATER 2 (1 on time) + HOUSING 2 (1) + ENV 3 (3) + DISTRICT 1 (1) + O4 answered 1 (1) → 7/9
    // 派单准确率: closed after a dispatch O1, O2, O3, O6, O7; still with the unit first dispatched to O1, O2, O7 → 3/5
    // handling: WATER 3 (2) + ENV 3 (2) + DISTRICT 1 (1) → 5/7; breaches O2, O8
    // completions 6, reopened 1 → 1/6; hours 60 + 118 + 95 = 273 → 45.5 h
    // visits 6: satisfied O1, O6; basically O2#2; dissatisfied O2#1, O3, O7 → 3/6
    //   resolved O1, O3; partly O2#2, O6, O7; unresolved O2#1 → 2/6
    // assignments 2 + 3 + 3 + 1 = 9, returned 2 → 2/9
    // composite (weights total 10): 7/9 + 2·5/7 + 1/2 + 2·1/2 + 2·1/3 + 5/6 + 7/9 = 754/126 → 377/630
    const counts = {
      received: 8,
      consultations: 2,
      directAnswers: 1,
      responseJudged: 9,
      responseOnTime: 7,
      responseBreached: 2,
      handlingJudged: 7,
      handlingOnTime: 5,
      handlingBreached: 2,
      completions: 6,
      reopenedCompletions: 1,
      timedCompletions: 6,
      handlingHoursTotal: 273,
      ratedVisits: 6,
      satisfied: 2,
      basicallySatisfied: 1,
      dissatisfied: 3,
      resolved: 2,
      partlyResolved: 3,
      unresolved: 1,
      dispatches: 9,
      assignments: 9,
      returnedAssignments: 2,
      ratingsUpheld: 1,
      ratingsNotAttributable: 2,
      reopensNotAttributable: 1,
      closedAfterDispatch: 5,
      closedAtFirstUnit: 3,
    };
    const common = {
      orders: 8,
      onTimeResponseRate: 7 / 9,
      onTimeHandlingRate: 5 / 7,
      directAnswerRate: 1 / 2,
      returnRate: 2 / 9,
      qualityFlagRate: 0,
      dispatchAccuracyRate: 3 / 5,
      averageHandlingHours: 45.5,
    };
    expectFigures(centre!.raw, {
      ...common,
      satisfactionRate: 1 / 2,
      resolutionRate: 1 / 3,
      reopenRate: 1 / 6,
      composite: 377 / 630,
      counts,
    });
    // adjusted: O2#1 (dissatisfied/unresolved) and O7 (dissatisfied/partly) out → 4 visits
    //   satisfaction 3/4, resolution 2/4; O2's reopen out → 0/6
    //   composite: 7/9 + 10/7 + 1/2 + 3/2 + 1 + 1 + 7/9 = 1760/252 → 44/63
    expectFigures(centre!.adjusted, {
      ...common,
      satisfactionRate: 3 / 4,
      resolutionRate: 1 / 2,
      reopenRate: 0,
      qualityFlagRate: 0,
      dispatchAccuracyRate: 3 / 5,
      composite: 44 / 63,
      counts: { ...counts, ratedVisits: 4, dissatisfied: 1, partlyResolved: 2, unresolved: 0, reopenedCompletions: 0 },
    });
  });

  it('without reviews, adjusted equals raw', () => {
    for (const groupBy of ['unit', 'category', 'centre'] as const) {
      for (const row of computeKpis(SCENARIO, { groupBy, weights: W, reviews: [] })) {
        expect(row.adjusted).toEqual(row.raw);
      }
    }
  });
});

describe('KPI rules in detail', () => {
  const base = (...steps: Step[]) =>
    trail('X', [['received', 0, received('complaint', 'roads')], ['dispatched', 0, dispatch('A')], ...steps]);
  const one = (events: KpiEvent[], groupBy: KpiGroupBy, reviews: RatingReview[] = [], period?: [number, number]) =>
    computeKpis(events, {
      groupBy,
      weights: W,
      reviews,
      period: period && { from: T0 + period[0], to: T0 + period[1] },
    });

  it('an empty trail gives an empty centre row: nulls, never NaN', () => {
    const [centre] = one([], 'centre');
    expect(centre!.group).toBe('centre');
    expect(centre!.raw.orders).toBe(0);
    for (const key of ['onTimeResponseRate', 'returnRate', 'averageHandlingHours', 'composite'] as const) {
      expect(centre!.raw[key]).toBeNull();
    }
    expect(one([], 'unit')).toEqual([]);
  });

  it('a response breach before any dispatch counts for the centre, not for the unit dispatched afterwards', () => {
    const events = trail('X', [
      ['received', 0, received('complaint', 'roads')],
      ['clock_breached', 15 * MIN, breach('response')],
      ['dispatched', 20 * MIN, dispatch('A')],
      ['acknowledged', 25 * MIN, ack('A', false), 'A'],
    ]);
    expect(one(events, 'centre')[0]!.raw.onTimeResponseRate).toBe(0);
    const [a] = one(events, 'unit');
    expect(a!.group).toBe('A');
    expect(a!.raw.onTimeResponseRate).toBeNull();
    expect(a!.raw.counts.assignments).toBe(1);
  });

  it('a ruling that keeps the order with its unit is a new assignment and, if never signed, a new response clock', () => {
    const events = base(
      ['returned', 5 * MIN, { unit: 'A', returns: 1 }, 'A'],
      ['ruled', HOUR, { decision: 'keep', leadUnit: 'A' }],
      ['returned', HOUR + 5 * MIN, { unit: 'A', returns: 2 }, 'A'],
      ['ruled', 2 * HOUR, { decision: 'keep', leadUnit: 'A' }],
      ['clock_breached', 2 * HOUR + 15 * MIN, breach('response')],
      ['acknowledged', 3 * HOUR, ack('A', false), 'A'],
    );
    const [a] = one(events, 'unit');
    // assignments: dispatch + 2 rulings = 3; returned 2 → 2/3; the third response clock breached → 0/1
    expect(a!.raw.counts).toMatchObject({ dispatches: 1, keptByRuling: 2, assignments: 3, returnedAssignments: 2 });
    expect(a!.raw.returnRate).toBe(2 / 3);
    expect(a!.raw.counts.responseJudged).toBe(1);
    expect(a!.raw.onTimeResponseRate).toBe(0);
  });

  it('an extension moves the deadline: only the breach event decides lateness', () => {
    const events = base(
      ['acknowledged', MIN, ack('A', true), 'A'],
      ['extension_granted', 5 * 24 * HOUR, { from: T0 + 7 * 24 * HOUR, to: T0 + 10 * 24 * HOUR }],
      ['completed', 9 * 24 * HOUR, done('A'), 'A'],
    );
    expect(one(events, 'unit')[0]!.raw).toMatchObject({ onTimeHandlingRate: 1, averageHandlingHours: 216 });
  });

  it('a review of a rating that is not dissatisfied changes nothing; a later review of the same rating wins', () => {
    const events = base(
      ['acknowledged', MIN, ack('A', true), 'A'],
      ['completed', HOUR, done('A'), 'A'],
      ['visit_recorded', 2 * HOUR, visit('basically_satisfied', 'unresolved')], // seq 5
    );
    const [row] = one(events, 'unit', [{ orderId: 'X', seq: 5, outcome: 'not_attributable' }]);
    expect(row!.adjusted).toEqual(row!.raw);
    const dissatisfied = base(
      ['acknowledged', MIN, ack('A', true), 'A'],
      ['completed', HOUR, done('A'), 'A'],
      ['visit_recorded', 2 * HOUR, visit('dissatisfied', 'resolved')],
    );
    const reviews: RatingReview[] = [
      { orderId: 'X', seq: 5, outcome: 'not_attributable' },
      { orderId: 'X', seq: 5, outcome: 'upheld' },
    ];
    const [kept] = one(dissatisfied, 'unit', reviews);
    expect(kept!.adjusted.satisfactionRate).toBe(0);
    expect(kept!.adjusted.counts.ratingsUpheld).toBe(1);
  });

  it('a consultation that is merged or withdrawn is not a missed direct answer; a referred one is', () => {
    const consult = (id: string, code: string) =>
      trail(id, [
        ['received', 0, received('consultation', null)],
        ['closed', MIN, closed(code)],
      ]);
    const [row] = one([...consult('M', 'merged'), ...consult('W', 'withdrawn'), ...consult('R', 'referred')], 'centre');
    expect(row!.raw.counts).toMatchObject({ received: 3, consultations: 1, directAnswers: 0 });
    expect(row!.raw.directAnswerRate).toBe(0);
    expect(one(consult('R', 'referred'), 'category')[0]!.group).toBe('uncategorised');
  });

  it('a period counts outcomes dated inside it; reopens and returns are dated by what they undo', () => {
    const events = base(
      ['acknowledged', MIN, ack('A', true), 'A'],
      ['completed', 10 * HOUR, done('A'), 'A'],
      ['visit_recorded', 30 * HOUR, visit('dissatisfied', 'unresolved')],
      ['reopened', 30 * HOUR, { reopens: 1 }],
      ['clock_breached', 40 * HOUR, breach('handling')],
    );
    const first = one(events, 'unit', [], [0, 24 * HOUR])[0]!.raw;
    // day 1: dispatch, signature, completion (and the reopen that undid it, dated at the completion)
    expect(first.counts).toMatchObject({ assignments: 1, responseJudged: 1, completions: 1, reopenedCompletions: 1 });
    expect(first.counts.ratedVisits).toBe(0);
    expect(first.reopenRate).toBe(1);
    const second = one(events, 'unit', [], [24 * HOUR, 48 * HOUR])[0]!.raw;
    // day 2: the rating and the second cycle's breach
    expect(second.counts).toMatchObject({ assignments: 0, completions: 0, ratedVisits: 1, handlingBreached: 1 });
    expect(second.onTimeHandlingRate).toBe(0);
    expect(second.reopenRate).toBeNull();
  });

  it('rejects two events with the same seq in one order', () => {
    const events = base();
    expect(() => one([...events, { ...events[1]! }], 'centre')).toThrow(/seq 2/);
  });

  it('the default weights are the policy defaults and sum to 1', () => {
    expect(DEFAULT_KPI_WEIGHTS).toEqual(GOVERNANCE_DEFAULTS.kpiWeights);
    const total = Object.values(DEFAULT_KPI_WEIGHTS).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 12);
  });
});

// ---- properties ---------------------------------------------------------------------------------

const GROUPINGS: KpiGroupBy[] = ['unit', 'category', 'centre'];
const RATES = [...KPI_RATES, 'composite'] as const;

describe('KPI properties', () => {
  it('every rate and the composite are null or in [0, 1]; counts are finite and never negative', () => {
    fc.assert(
      fc.property(scenarioArb, ({ events, reviews }) => {
        for (const groupBy of GROUPINGS) {
          for (const row of computeKpis(events, { groupBy, weights: DEFAULT_KPI_WEIGHTS, reviews })) {
            for (const f of [row.raw, row.adjusted]) {
              for (const rate of RATES) {
                const v = f[rate];
                expect(v === null || (v >= 0 && v <= 1), `${rate} = ${v}`).toBe(true);
              }
              expect(f.averageHandlingHours === null || f.averageHandlingHours >= 0).toBe(true);
              for (const n of Object.values(f.counts)) expect(Number.isFinite(n) && n >= 0).toBe(true);
            }
          }
        }
      }),
    );
  });

  it('the order of events in the input does not matter, only their seq', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain(({ events, reviews }) =>
          fc
            .shuffledSubarray(events, { minLength: events.length, maxLength: events.length })
            .map((shuffled) => ({ events, shuffled, reviews })),
        ),
        fc.constantFrom(...GROUPINGS),
        ({ events, shuffled, reviews }, groupBy) => {
          const options = { groupBy, weights: W, reviews };
          expect(computeKpis(shuffled, options)).toEqual(computeKpis(events, options));
        },
      ),
    );
  });

  it('without reviews, adjusted equals raw', () => {
    fc.assert(
      fc.property(trailsArb, fc.constantFrom(...GROUPINGS), (events, groupBy) => {
        for (const row of computeKpis(events, { groupBy, weights: W, reviews: [] })) {
          expect(row.adjusted).toEqual(row.raw);
        }
      }),
    );
  });

  it('reviews only take out dissatisfied ratings: adjusted satisfaction never falls, adjusted reopens never rise', () => {
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom(...GROUPINGS), ({ events, reviews }, groupBy) => {
        for (const { raw, adjusted } of computeKpis(events, { groupBy, weights: W, reviews })) {
          if (raw.satisfactionRate !== null && adjusted.satisfactionRate !== null) {
            expect(adjusted.satisfactionRate).toBeGreaterThanOrEqual(raw.satisfactionRate);
          }
          if (raw.reopenRate !== null) expect(adjusted.reopenRate!).toBeLessThanOrEqual(raw.reopenRate);
          expect(adjusted.counts.ratedVisits).toBeLessThanOrEqual(raw.counts.ratedVisits!);
        }
      }),
    );
  });

  it('the centre adds up its categories, and two adjoining periods add up to both together', () => {
    const sum = (rows: KpiRow[], view: 'raw' | 'adjusted') => {
      const total: Record<string, number> = Object.fromEntries(KPI_COUNT_NAMES.map((n) => [n, 0]));
      for (const r of rows) for (const n of KPI_COUNT_NAMES) total[n]! += r[view].counts[n]!;
      return total;
    };
    const close = (a: Record<string, number>, b: Record<string, number>) => {
      for (const n of KPI_COUNT_NAMES) expect(a[n], n).toBeCloseTo(b[n]!, 9);
    };
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 100 * HOUR }), ({ events, reviews }, split) => {
        const at = (groupBy: KpiGroupBy, period?: { from: number; to: number }) =>
          computeKpis(events, { groupBy, weights: W, reviews, period });
        for (const view of ['raw', 'adjusted'] as const) {
          close(sum(at('category'), view), sum(at('centre'), view));
          const before = at('centre', { from: -Infinity, to: T0 + split });
          const after = at('centre', { from: T0 + split, to: Infinity });
          close(sum([...before, ...after], view), sum(at('centre'), view));
        }
      }),
    );
  });
});
