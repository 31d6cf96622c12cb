/**
 * KPIs recomputed from the audit trail (never from counters that can drift). Pure: no I/O, no Node
 * built-ins, so the API, the recompute command and tests all derive the same figures from the same
 * events. docs/kpis.md explains every figure to a hotline manager; the comments here are the short form.
 *
 * Each order's trail is replayed by the one reducer (./order-facts) into facts stamped with the lead unit
 * and category of their moment; `kpiOutcomes` turns those facts into outcome rows (one per counted outcome,
 * keyed by the seq of the event it is dated at), and a tally sums the rows of a period by group. The
 * database keeps the same rows (`order_outcomes`) and sums them in SQL; both paths add a row with
 * `countOutcome`, so they cannot disagree. Outcomes with no lead unit (consultations, anything before the
 * first dispatch) count for the category and the centre only.
 *
 * Every rate is a share of one set of counted outcomes: its numerator is a subset of its denominator, so it
 * lies in [0, 1]; an empty denominator gives null, never NaN.
 *
 * - on-time response (按时签收率) = response clocks met ÷ response clocks decided. A response clock runs from
 *   receipt (first dispatch), from each re-dispatch / backstop, and from a `keep` ruling on an unsigned order;
 *   it is met by the lead's signature (or a consultation's direct answer, no unit) before any response
 *   breach, missed by the breach (counted once); ended by a return or closure it is not counted.
 * - on-time handling (按时办结率) = handling cycles completed with no handling breach ÷ cycles decided
 *   (completed, or breached — counted at the breach, once). A cycle runs from a dispatch or a reopen.
 * - direct answer (直接答复率) = consultations closed `answered` ÷ consultations decided (answered,
 *   reclassified as a work order, or closed otherwise except merged / withdrawn). Category and centre only.
 * - satisfaction (满意率) = (satisfied + basically satisfied) ÷ rated visits; resolution (解决率) = resolved
 *   (not `partly`) ÷ rated visits.
 * - reopen = completions later reopened ÷ completions (dated and attributed at the completion).
 * - quality flag (质检问题率) = completions whose reply had a 质检 finding ÷ completions, raw: as found, a
 *   finding a reviewer cleared as false still counts (qualityClearedCompletions says how many were). Not in
 *   the composite.
 * - return (退单率) = assignments returned ÷ assignments (dispatch, re-dispatch, backstop — one with its
 *   re-dispatch — and `keep` rulings; dated at the assignment).
 * - average handling hours = Σ (completion − cycle start) ÷ completed cycles, wall-clock.
 * - composite = Σ weight·value ÷ Σ weight over the non-null rates, reopen and return as (1 − rate).
 * - adjusted: a dissatisfied rating reviewed `not_attributable` leaves the satisfaction and resolution
 *   counts (top and bottom), and the reopen it caused leaves the reopen count; `upheld` ratings stay.
 */
import type { AuditRow } from './events';
import { orderFacts, type Moment, type OrderFacts } from './order-facts';
import { GOVERNANCE_DEFAULTS } from './policy';
import type { SlaPolicy } from './types';

/** One row of the audit trail (table `audit_events`), as the KPIs need it. */
export interface KpiEvent extends AuditRow {
  orderId: string;
}

/** A third-party review of a dissatisfied rating: `not_attributable` removes that rating from the adjusted figures. */
export interface RatingReview {
  orderId: string;
  /** The `visit_recorded` event's seq. */
  seq: number;
  outcome: 'upheld' | 'not_attributable';
}

/** Weights of the composite score. `reopen` and `return` are "lower is better": the composite uses (1 - rate). */
export type KpiWeights = SlaPolicy['kpiWeights'];

export type KpiGroupBy = 'unit' | 'category' | 'centre';

export interface KpiFigures {
  /** Distinct orders that contributed to at least one count of this row. */
  orders: number;
  onTimeResponseRate: number | null;
  onTimeHandlingRate: number | null;
  directAnswerRate: number | null;
  satisfactionRate: number | null;
  resolutionRate: number | null;
  reopenRate: number | null;
  returnRate: number | null;
  qualityFlagRate: number | null;
  /** 派单准确率: the centre's dispatch, shown per unit first dispatched to; not in the composite. */
  dispatchAccuracyRate: number | null;
  averageHandlingHours: number | null;
  composite: number | null;
  /** Every numerator and denominator, named (see KPI_COUNT_NAMES), so a figure can be checked by hand. */
  counts: Record<string, number>;
}

export interface KpiRow {
  group: string;
  raw: KpiFigures;
  adjusted: KpiFigures;
}

export interface KpiOptions {
  groupBy: KpiGroupBy;
  weights: KpiWeights;
  reviews: RatingReview[];
  /**
   * Count only outcomes dated in [from, to) (epoch ms). The whole trail is still replayed, so who was lead
   * and what was late is known. Reopens and returns are dated by the completion / assignment they undo.
   */
  period?: { from: number; to: number };
}

/** The policy's default weights (domain/policy GOVERNANCE_DEFAULTS), for callers without a policy at hand. */
export const DEFAULT_KPI_WEIGHTS: KpiWeights = { ...GOVERNANCE_DEFAULTS.kpiWeights };

/** The group of outcomes whose order has no category (e.g. an unclassified consultation). */
export const UNCATEGORISED = 'uncategorised';
export const CENTRE = 'centre';

/** The named counts behind the figures, in the order a CSV export should show them. */
export const KPI_COUNT_NAMES = [
  // orders received (category and centre only)
  'received',
  // 直接答复率 = directAnswers / consultations
  'consultations',
  'directAnswers',
  // 按时签收率 = responseOnTime / responseJudged
  'responseJudged',
  'responseOnTime',
  'responseBreached',
  // 按时办结率 = handlingOnTime / handlingJudged
  'handlingJudged',
  'handlingOnTime',
  'handlingBreached',
  // reopen rate = reopenedCompletions / completions; average handling = handlingHoursTotal / timedCompletions
  'completions',
  'reopenedCompletions',
  // 质检问题率 = qualityFlaggedCompletions / completions (raw: as found; qualityClearedCompletions were cleared as false)
  'qualityFlaggedCompletions',
  'qualityClearedCompletions',
  'timedCompletions',
  'handlingHoursTotal',
  // 满意率 = (satisfied + basicallySatisfied) / ratedVisits; 解决率 = resolved / ratedVisits
  'ratedVisits',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  'resolved',
  'partlyResolved',
  'unresolved',
  // 退单率 = returnedAssignments / assignments, assignments = dispatches + keptByRuling
  'dispatches',
  'keptByRuling',
  'assignments',
  'returnedAssignments',
  // 派单准确率 = closedAtFirstUnit / closedAfterDispatch: orders closed with the unit first dispatched to still their lead
  'closedAfterDispatch',
  'closedAtFirstUnit',
  // third-party reviews: how many ratings (and reopens they caused) the adjusted figures leave out
  'ratingsUpheld',
  'ratingsNotAttributable',
  'reopensNotAttributable',
] as const;
export type KpiCountName = (typeof KPI_COUNT_NAMES)[number];
/** The counts that follow from a rating's third-party review rather than from the trail. */
type ReviewCountName = Extract<KpiCountName, 'ratingsUpheld' | 'ratingsNotAttributable' | 'reopensNotAttributable'>;

/**
 * What an outcome row counts: a KPI count, except that handling time is kept in whole milliseconds
 * (`handlingMs`, summed exactly, shown as `handlingHoursTotal`) and the review counts are not stored.
 */
export type OutcomeName = Exclude<KpiCountName, 'handlingHoursTotal' | ReviewCountName> | 'handlingMs';

/** One counted outcome of one order: `value` of `name`, for the unit and category of its moment. */
export interface KpiOutcome extends Moment {
  name: OutcomeName;
  value: number;
  /** The dissatisfied rating this outcome depends on: a `not_attributable` review takes it out of the adjusted figures. */
  ratingSeq: number | null;
}

/** The decided review of a rating, if any. */
export type ReviewOutcome = RatingReview['outcome'] | null;

type TallyName = OutcomeName | ReviewCountName;
type Counts = Record<TallyName, number>;
/** One group's counts as KpiTally.parts gives them. */
export interface TallyPart {
  group: string;
  raw: Counts;
  adjusted: Counts;
  orders: number;
}

const HOUR_MS = 3_600_000;
const SATISFACTION_COUNT = {
  satisfied: 'satisfied',
  basically_satisfied: 'basicallySatisfied',
  dissatisfied: 'dissatisfied',
} as const;
const RESOLUTION_COUNT = { resolved: 'resolved', partly: 'partlyResolved', unresolved: 'unresolved' } as const;
/** Counts a `not_attributable` review takes out of the adjusted figures. */
const LEFT_OUT_IF_NOT_ATTRIBUTABLE: ReadonlySet<TallyName> = new Set([
  'ratedVisits',
  ...Object.values(SATISFACTION_COUNT),
  ...Object.values(RESOLUTION_COUNT),
  'reopenedCompletions',
]);

// ---- facts → outcome rows -------------------------------------------------------------------------

function outcome(m: Moment, name: OutcomeName, value = 1, ratingSeq: number | null = null): KpiOutcome {
  return { seq: m.seq, at: m.at, unit: m.unit, category: m.category, name, value, ratingSeq };
}

/** 受理 and 直接答复率: receipts, and how each consultation was settled. */
function intakeOutcomes(f: OrderFacts): KpiOutcome[] {
  return [
    ...f.received.map((m) => outcome(m, 'received')),
    ...f.consultations.flatMap((c) => [
      outcome(c, 'consultations'),
      ...(c.answered ? [outcome(c, 'directAnswers')] : []),
    ]),
  ];
}

/** 退单率: each assignment, and whether the unit sent it back. */
function assignmentOutcomes(f: OrderFacts): KpiOutcome[] {
  return f.assignments.flatMap((a) => [
    outcome(a, a.kind === 'dispatch' ? 'dispatches' : 'keptByRuling'),
    outcome(a, 'assignments'),
    ...(a.returned ? [outcome(a, 'returnedAssignments')] : []),
  ]);
}

/** 按时签收率: each response clock decided (a late signature without a breach event is judged, not on time). */
function responseOutcomes(f: OrderFacts): KpiOutcome[] {
  return f.responses.flatMap((r) => [
    outcome(r, 'responseJudged'),
    ...(r.result === 'on_time' ? [outcome(r, 'responseOnTime')] : []),
    ...(r.result === 'breached' ? [outcome(r, 'responseBreached')] : []),
  ]);
}

/**
 * 按时办结率, average handling time and reopens: a cycle is judged at its first breach or, if none, at its
 * completion; a reopen counts against the completion it undoes.
 */
function handlingOutcomes(f: OrderFacts): KpiOutcome[] {
  return f.cycles.flatMap(({ startedAt, breach, completion: c }) => {
    const out = breach ? [outcome(breach, 'handlingJudged'), outcome(breach, 'handlingBreached')] : [];
    if (!c) return out;
    out.push(outcome(c, 'completions'));
    if (!breach) out.push(outcome(c, 'handlingJudged'), outcome(c, 'handlingOnTime'));
    if (startedAt !== null) {
      out.push(outcome(c, 'timedCompletions'));
      const ms = Math.max(0, c.at - startedAt);
      if (ms > 0) out.push(outcome(c, 'handlingMs', ms));
    }
    if (c.reopen) out.push(outcome(c, 'reopenedCompletions', 1, c.reopen.ratingSeq));
    if (c.qualityFindings > 0) out.push(outcome(c, 'qualityFlaggedCompletions'));
    if (c.qualityCleared) out.push(outcome(c, 'qualityClearedCompletions'));
    return out;
  });
}

/** 满意率 and 解决率: every rating; a dissatisfied one may be reviewed. */
function visitOutcomes(f: OrderFacts): KpiOutcome[] {
  return f.visits.flatMap((v) => {
    if (!v.satisfaction || !v.resolution) return [];
    const ratingSeq = v.satisfaction === 'dissatisfied' ? v.seq : null;
    return [
      outcome(v, 'ratedVisits', 1, ratingSeq),
      outcome(v, SATISFACTION_COUNT[v.satisfaction], 1, ratingSeq),
      outcome(v, RESOLUTION_COUNT[v.resolution], 1, ratingSeq),
    ];
  });
}

/**
 * 派单准确率: an order closed after a dispatch counts for the unit it was first dispatched to, at its
 * closure; accurately dispatched if that unit is still its lead (no return, ruling or reassignment moved it).
 * A merged or withdrawn order says nothing about the dispatch.
 */
function dispatchOutcomes(f: OrderFacts): KpiOutcome[] {
  const first = f.leads[0];
  if (!f.closure || !first || f.closureCode === 'merged' || f.closureCode === 'withdrawn') return [];
  const m = { ...f.closure, unit: first.unit };
  return [outcome(m, 'closedAfterDispatch'), ...(f.leadUnit === first.unit ? [outcome(m, 'closedAtFirstUnit')] : [])];
}

/** Every outcome of one order, each dated and attributed at its moment. Rows with nothing to count are left out. */
export function kpiOutcomes(facts: OrderFacts): KpiOutcome[] {
  return [
    ...intakeOutcomes(facts),
    ...assignmentOutcomes(facts),
    ...responseOutcomes(facts),
    ...handlingOutcomes(facts),
    ...visitOutcomes(facts),
    ...dispatchOutcomes(facts),
  ];
}

// ---- outcome rows → counts per group --------------------------------------------------------------

function emptyCounts(): Counts {
  const names: TallyName[] = [...KPI_COUNT_NAMES.filter((n) => n !== 'handlingHoursTotal'), 'handlingMs'];
  return Object.fromEntries(names.map((n) => [n, 0])) as Counts;
}

/**
 * Adds `value` of one outcome (or the sum of several with the same name and review) to a group's counts:
 * the single rule for what a review changes, shared by the pure tally and the SQL sums.
 */
export function countOutcome(raw: Counts, adjusted: Counts, name: OutcomeName, value: number, review: ReviewOutcome) {
  const leftOut = review === 'not_attributable' && LEFT_OUT_IF_NOT_ATTRIBUTABLE.has(name);
  raw[name] += value;
  adjusted[name] += leftOut ? 0 : value;
  const reviewCount =
    name === 'dissatisfied' && review === 'upheld'
      ? 'ratingsUpheld'
      : name === 'dissatisfied' && leftOut
        ? 'ratingsNotAttributable'
        : name === 'reopenedCompletions' && leftOut
          ? 'reopensNotAttributable'
          : null;
  if (reviewCount) {
    raw[reviewCount] += value;
    adjusted[reviewCount] += value;
  }
}

/** The group an outcome counts for, or null when it counts for none under this grouping. */
export function groupOf(groupBy: KpiGroupBy, o: { unit: string | null; category: string | null }): string | null {
  if (groupBy === 'centre') return CENTRE;
  return groupBy === 'unit' ? o.unit : (o.category ?? UNCATEGORISED);
}

/** Counts per group, raw and adjusted side by side, fed order by order or by sums from the database. */
export class KpiTally {
  private readonly groups = new Map<string, { raw: Counts; adjusted: Counts; orders: number }>();

  constructor(
    readonly groupBy: KpiGroupBy,
    private readonly period: KpiOptions['period'],
  ) {
    if (groupBy === 'centre') this.group(CENTRE);
  }

  private group(name: string) {
    let g = this.groups.get(name);
    if (!g) {
      g = { raw: emptyCounts(), adjusted: emptyCounts(), orders: 0 };
      this.groups.set(name, g);
    }
    return g;
  }

  /** One order's outcomes; `reviewOf` gives the decided review of a rating by its seq. */
  addOrder(outcomes: readonly KpiOutcome[], reviewOf: (ratingSeq: number) => ReviewOutcome): void {
    const touched = new Set<string>();
    for (const o of outcomes) {
      if (this.period && !(o.at >= this.period.from && o.at < this.period.to)) continue;
      const name = groupOf(this.groupBy, o);
      if (name === null) continue;
      const g = this.group(name);
      countOutcome(g.raw, g.adjusted, o.name, o.value, o.ratingSeq === null ? null : reviewOf(o.ratingSeq));
      touched.add(name);
    }
    for (const name of touched) this.group(name).orders += 1;
  }

  /** A sum of outcomes of one name and review in a group, as the database adds them up. */
  addSum(group: string, name: OutcomeName, value: number, review: ReviewOutcome): void {
    const g = this.group(group);
    countOutcome(g.raw, g.adjusted, name, value, review);
  }

  /** How many distinct orders counted in a group, as the database counts them. */
  addOrders(group: string, orders: number): void {
    this.group(group).orders += orders;
  }

  /** What it has counted, as plain data: a tally counted in parts (e.g. one per batch of orders) is merged by `merge`. */
  parts(): TallyPart[] {
    return [...this.groups].map(([group, g]) => ({
      group,
      raw: { ...g.raw },
      adjusted: { ...g.adjusted },
      orders: g.orders,
    }));
  }

  merge(parts: readonly TallyPart[]): void {
    for (const p of parts) {
      const g = this.group(p.group);
      for (const name of Object.keys(p.raw) as TallyName[]) {
        g.raw[name] += p.raw[name];
        g.adjusted[name] += p.adjusted[name];
      }
      g.orders += p.orders;
    }
  }

  /** One row per group, sorted by name (a single `centre` row when grouping by centre). */
  rows(weights: KpiWeights): KpiRow[] {
    return [...this.groups]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([group, g]) => ({
        group,
        raw: figures(g.raw, g.orders, weights),
        adjusted: figures(g.adjusted, g.orders, weights),
      }));
  }
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

export const KPI_RATES = [
  'onTimeResponseRate',
  'onTimeHandlingRate',
  'directAnswerRate',
  'satisfactionRate',
  'resolutionRate',
  'reopenRate',
  'returnRate',
  'qualityFlagRate',
  'dispatchAccuracyRate',
] as const;
export type KpiRate = (typeof KPI_RATES)[number];

/** Each rate's name as the console and the supervision report print it. */
export const KPI_RATE_NAME: Record<KpiRate, string> = {
  onTimeResponseRate: '按时签收率',
  onTimeHandlingRate: '按时办结率',
  directAnswerRate: '直接答复率',
  satisfactionRate: '满意率',
  resolutionRate: '解决率',
  reopenRate: '重办率',
  returnRate: '退单率',
  qualityFlagRate: '质检问题率',
  dispatchAccuracyRate: '派单准确率',
};
/** Units never answer consultations (the direct-answer rate is the centre's own), so a unit's figures leave it out. */
export const UNIT_RATES = KPI_RATES.filter((r) => r !== 'directAnswerRate');

/**
 * The outcome rows each rate divides: the one definition of every rate, read by the figures and by the
 * drill-down that lists the orders behind a numerator or a denominator (db/kpi).
 */
export const RATE_PARTS: Record<KpiRate, { numerator: OutcomeName[]; denominator: OutcomeName[] }> = {
  onTimeResponseRate: { numerator: ['responseOnTime'], denominator: ['responseJudged'] },
  onTimeHandlingRate: { numerator: ['handlingOnTime'], denominator: ['handlingJudged'] },
  directAnswerRate: { numerator: ['directAnswers'], denominator: ['consultations'] },
  satisfactionRate: { numerator: ['satisfied', 'basicallySatisfied'], denominator: ['ratedVisits'] },
  resolutionRate: { numerator: ['resolved'], denominator: ['ratedVisits'] },
  reopenRate: { numerator: ['reopenedCompletions'], denominator: ['completions'] },
  returnRate: { numerator: ['returnedAssignments'], denominator: ['assignments'] },
  qualityFlagRate: { numerator: ['qualityFlaggedCompletions'], denominator: ['completions'] },
  dispatchAccuracyRate: { numerator: ['closedAtFirstUnit'], denominator: ['closedAfterDispatch'] },
};

/** Whether a `not_attributable` review takes an outcome of this name out of the adjusted figures. */
export const leftOutIfNotAttributable = (name: OutcomeName): boolean => LEFT_OUT_IF_NOT_ATTRIBUTABLE.has(name);

function figures(c: Counts, orders: number, w: KpiWeights): KpiFigures {
  const sum = (names: OutcomeName[]) => names.reduce((n, name) => n + c[name], 0);
  const rates = Object.fromEntries(
    KPI_RATES.map((r) => [r, ratio(sum(RATE_PARTS[r].numerator), sum(RATE_PARTS[r].denominator))]),
  ) as Record<KpiRate, number | null>;
  const f = { orders, ...rates, averageHandlingHours: ratio(c.handlingMs / HOUR_MS, c.timedCompletions) };
  const counts = Object.fromEntries(
    KPI_COUNT_NAMES.map((n) => [n, n === 'handlingHoursTotal' ? c.handlingMs / HOUR_MS : c[n]]),
  );
  return { ...f, composite: composite(f, w), counts };
}

/**
 * Weighted mean of the rates that exist (null ones are skipped and the remaining weights renormalised);
 * reopen and return enter as (1 - rate). Non-positive or non-finite weights count as 0. Null if nothing is left.
 */
function composite(f: Omit<KpiFigures, 'composite' | 'counts'>, w: KpiWeights): number | null {
  const inverse = (r: number | null) => (r === null ? null : 1 - r);
  const parts: [number | null, number][] = [
    [f.onTimeResponseRate, w.onTimeResponse],
    [f.onTimeHandlingRate, w.onTimeHandling],
    [f.directAnswerRate, w.directAnswer],
    [f.satisfactionRate, w.satisfaction],
    [f.resolutionRate, w.resolution],
    [inverse(f.reopenRate), w.reopen],
    [inverse(f.returnRate), w.return],
  ];
  let sum = 0;
  let total = 0;
  for (const [value, weight] of parts) {
    if (value === null || !Number.isFinite(weight) || weight <= 0) continue;
    sum += value * weight;
    total += weight;
  }
  return total > 0 ? Math.min(1, Math.max(0, sum / total)) : null;
}

/**
 * KPI rows, one per unit / category (sorted by name) or a single `centre` row, raw and review-adjusted.
 * Events may come in any order; (orderId, seq) must be unique, as the audit table guarantees.
 */
export function computeKpis(events: KpiEvent[], options: KpiOptions): KpiRow[] {
  const byOrder = new Map<string, KpiEvent[]>();
  for (const e of events) {
    const list = byOrder.get(e.orderId);
    if (list) list.push(e);
    else byOrder.set(e.orderId, [e]);
  }
  // A later review of the same rating replaces an earlier one.
  const reviews = new Map(options.reviews.map((r) => [`${r.orderId}#${r.seq}`, r.outcome]));
  const tally = new KpiTally(options.groupBy, options.period);
  for (const [orderId, list] of byOrder) {
    let facts: OrderFacts;
    try {
      facts = orderFacts(list);
    } catch (err) {
      throw new Error(`order ${orderId}: ${(err as Error).message}`, { cause: err });
    }
    tally.addOrder(kpiOutcomes(facts), (seq) => reviews.get(`${orderId}#${seq}`) ?? null);
  }
  return tally.rows(options.weights);
}
