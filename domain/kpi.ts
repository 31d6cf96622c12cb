/**
 * KPIs recomputed from the audit trail (never from counters that can drift). Pure: no I/O, no Node
 * built-ins, so the API, the recompute command and tests all derive the same figures from the same
 * events. docs/kpis.md explains every figure to a hotline manager; the comments here are the short form.
 *
 * Each order's events are replayed in `seq` order, tracking the current lead unit (from `dispatched`,
 * `redispatched`, `backstop_assigned`) and category (from `received`, then `classified`). Each outcome is
 * counted for the lead unit and the category as they stood at the moment of that outcome, and for the
 * centre. Outcomes with no lead unit (consultations, anything before the first dispatch) count for the
 * category and the centre only.
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
 * - return (退单率) = assignments returned ÷ assignments (dispatch, re-dispatch, backstop — one with its
 *   re-dispatch — and `keep` rulings; dated at the assignment).
 * - average handling hours = Σ (completion − cycle start) ÷ completed cycles, wall-clock.
 * - composite = Σ weight·value ÷ Σ weight over the non-null rates, reopen and return as (1 − rate).
 * - adjusted: a dissatisfied rating reviewed `not_attributable` leaves the satisfaction and resolution
 *   counts (top and bottom), and the reopen it caused leaves the reopen count; `upheld` ratings stay.
 */
import { GOVERNANCE_DEFAULTS } from './policy';
import type { SlaPolicy } from './types';

/** One row of the audit trail (table `audit_events`), as the KPIs need it. */
export interface KpiEvent {
  orderId: string;
  seq: number;
  type: string;
  at: number;
  actorUnit: string | null;
  data: Record<string, unknown>;
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
  // third-party reviews: how many ratings (and reopens they caused) the adjusted figures leave out
  'ratingsUpheld',
  'ratingsNotAttributable',
  'reopensNotAttributable',
] as const;
export type KpiCountName = (typeof KPI_COUNT_NAMES)[number];
type Counts = Record<KpiCountName, number>;

const HOUR_MS = 3_600_000;
const SATISFACTION_BUCKET: Record<string, KpiCountName> = {
  satisfied: 'satisfied',
  basically_satisfied: 'basicallySatisfied',
  dissatisfied: 'dissatisfied',
};
const RESOLUTION_BUCKET: Record<string, KpiCountName> = {
  resolved: 'resolved',
  partly: 'partlyResolved',
  unresolved: 'unresolved',
};
/** Closures that are not a failure to answer a consultation: a duplicate, or the citizen cancelled. */
const NOT_A_CONSULTATION_OUTCOME = new Set(['merged', 'withdrawn']);

/** Who and what an outcome is counted for, and when it happened. */
interface Slot {
  unit: string | null;
  category: string | null;
  at: number;
}

function emptyCounts(): Counts {
  return Object.fromEntries(KPI_COUNT_NAMES.map((n) => [n, 0])) as Counts;
}

/** Counts per group, raw and adjusted side by side. */
class Tally {
  readonly rows = new Map<string, { raw: Counts; adjusted: Counts; orders: Set<string> }>();

  constructor(
    private readonly groupBy: KpiGroupBy,
    private readonly period: KpiOptions['period'],
  ) {}

  add(orderId: string, slot: Slot, name: KpiCountName, raw = 1, adjusted = raw): void {
    if (this.period && !(slot.at >= this.period.from && slot.at < this.period.to)) return;
    const group =
      this.groupBy === 'centre' ? CENTRE : this.groupBy === 'unit' ? slot.unit : (slot.category ?? UNCATEGORISED);
    if (group === null) return;
    let row = this.rows.get(group);
    if (!row) {
      row = { raw: emptyCounts(), adjusted: emptyCounts(), orders: new Set() };
      this.rows.set(group, row);
    }
    row.raw[name] += raw;
    row.adjusted[name] += adjusted;
    row.orders.add(orderId);
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Replays one order's events (already in seq order) into the tally. */
function replayOrder(
  orderId: string,
  events: KpiEvent[],
  tally: Tally,
  notAttributable: Set<string>,
  upheld: Set<string>,
): void {
  let lead: string | null = null;
  let category: string | null = null;
  /** A consultation not yet answered, turned into a work order, or closed. */
  let consultation: 'no' | 'pending' | 'settled' = 'no';
  /** Whether the current response clock's outcome is known (signed, answered, breached, or ended by a return). */
  let responseSettled = false;
  /** Whether the lead signed since it was last given the order. */
  let signed = false;
  /** The current time the order was put in a unit's hands: the denominator of the return rate. */
  let assignment: { slot: Slot; returned: boolean } | null = null;
  /** The current handling cycle (dispatch or reopen → completion): start null when the trail does not show it. */
  let handling: { start: number | null; settled: boolean } | null = null;
  let lastCompletion: { slot: Slot; reopened: boolean } | null = null;
  let lastVisitNotAttributable = false;
  /** The backstop assignment is followed by its own `redispatched` event: one dispatch, counted once. */
  let backstopPending: string | null = null;

  const slot = (at: number, unit: string | null = lead): Slot => ({ unit, category, at });
  const add = (s: Slot, name: KpiCountName, raw = 1, adjusted = raw) => tally.add(orderId, s, name, raw, adjusted);
  const unitOf = (e: KpiEvent) => lead ?? str(e.data.unit) ?? e.actorUnit;

  const giveTo = (unit: string, at: number, fresh: boolean) => {
    lead = unit;
    signed = false;
    // The first dispatch keeps the response clock that started at receipt; later ones start a fresh one.
    if (fresh) responseSettled = false;
    handling = { start: at, settled: false };
    assignment = { slot: slot(at), returned: false };
    add(assignment.slot, 'dispatches');
    add(assignment.slot, 'assignments');
  };
  const settleConsultation = (at: number, answered: boolean) => {
    consultation = 'settled';
    const s = slot(at, null);
    add(s, 'consultations');
    add(s, 'directAnswers', answered ? 1 : 0);
  };

  for (const e of events) {
    const d = e.data;
    switch (e.type) {
      case 'received': {
        category = str(d.category);
        if (d.orderType === 'consultation') consultation = 'pending';
        responseSettled = false;
        add(slot(e.at, null), 'received');
        break;
      }
      case 'classified': {
        if (consultation === 'pending' && d.orderType !== 'consultation') settleConsultation(e.at, false);
        else if (consultation === 'no' && d.orderType === 'consultation') consultation = 'pending';
        if ('category' in d) category = str(d.category);
        break;
      }
      case 'dispatched':
      case 'redispatched': {
        const unit = str(d.leadUnit);
        if (unit === null) break;
        if (backstopPending === unit) break;
        giveTo(unit, e.at, e.type === 'redispatched');
        break;
      }
      case 'backstop_assigned': {
        const unit = str(d.to);
        if (unit === null) break;
        giveTo(unit, e.at, true);
        backstopPending = unit;
        break;
      }
      case 'ruled': {
        // `reassign` is followed by `redispatched`; `keep` sends the order back to the same lead unit.
        if (d.decision === 'reassign') break;
        lead ??= str(d.leadUnit);
        if (!signed) responseSettled = false;
        assignment = { slot: slot(e.at), returned: false };
        add(assignment.slot, 'keptByRuling');
        add(assignment.slot, 'assignments');
        break;
      }
      case 'acknowledged': {
        lead = unitOf(e);
        signed = true;
        if (!responseSettled) {
          responseSettled = true;
          add(slot(e.at), 'responseJudged');
          add(slot(e.at), 'responseOnTime', d.responseMet === false ? 0 : 1);
        }
        break;
      }
      case 'returned': {
        lead = unitOf(e);
        // A return stops the response clock: that clock is neither met nor missed.
        responseSettled = true;
        const a: { slot: Slot; returned: boolean } | null = assignment;
        if (a && !a.returned) {
          a.returned = true;
          add(a.slot, 'returnedAssignments');
        }
        break;
      }
      case 'clock_breached': {
        if (d.clock === 'response' && !responseSettled) {
          responseSettled = true;
          add(slot(e.at), 'responseJudged');
          add(slot(e.at), 'responseBreached');
        } else if (d.clock === 'handling') {
          const h: { start: number | null; settled: boolean } = handling ?? { start: null, settled: false };
          handling = h;
          if (!h.settled) {
            h.settled = true;
            add(slot(e.at), 'handlingJudged');
            add(slot(e.at), 'handlingBreached');
          }
        }
        break;
      }
      case 'completed': {
        lead = unitOf(e);
        const s = slot(e.at);
        const h: { start: number | null; settled: boolean } = handling ?? { start: null, settled: false };
        add(s, 'completions');
        if (!h.settled) {
          add(s, 'handlingJudged');
          add(s, 'handlingOnTime');
        }
        if (h.start !== null) {
          add(s, 'timedCompletions');
          add(s, 'handlingHoursTotal', Math.max(0, e.at - h.start) / HOUR_MS);
        }
        handling = null;
        lastCompletion = { slot: s, reopened: false };
        lastVisitNotAttributable = false;
        break;
      }
      case 'visit_recorded': {
        const sat = SATISFACTION_BUCKET[str(d.satisfaction) ?? ''];
        const res = RESOLUTION_BUCKET[str(d.resolution) ?? ''];
        if (!sat || !res) break;
        const key = `${orderId}#${e.seq}`;
        const removed = d.satisfaction === 'dissatisfied' && notAttributable.has(key);
        const kept = removed ? 0 : 1;
        const s = slot(e.at);
        add(s, 'ratedVisits', 1, kept);
        add(s, sat, 1, kept);
        add(s, res, 1, kept);
        if (removed) add(s, 'ratingsNotAttributable');
        else if (d.satisfaction === 'dissatisfied' && upheld.has(key)) add(s, 'ratingsUpheld');
        lastVisitNotAttributable = removed;
        break;
      }
      case 'reopened': {
        // Counted against the completion it undoes (same unit; dated at that completion).
        const c: { slot: Slot; reopened: boolean } | null = lastCompletion;
        if (c && !c.reopened) {
          c.reopened = true;
          add(c.slot, 'reopenedCompletions', 1, lastVisitNotAttributable ? 0 : 1);
          if (lastVisitNotAttributable) add(c.slot, 'reopensNotAttributable');
        }
        handling = { start: e.at, settled: false };
        break;
      }
      case 'answered': {
        if (consultation !== 'settled') settleConsultation(e.at, true);
        if (!responseSettled) {
          responseSettled = true;
          add(slot(e.at, null), 'responseJudged');
          add(slot(e.at, null), 'responseOnTime');
        }
        break;
      }
      case 'closed': {
        const code = str(d.closureCode);
        if (consultation === 'pending') {
          if (code !== null && NOT_A_CONSULTATION_OUTCOME.has(code)) consultation = 'settled';
          else settleConsultation(e.at, code === 'answered');
        }
        // Closing stops every clock: whatever was still running is neither met nor missed.
        responseSettled = true;
        handling = null;
        break;
      }
    }
    if (e.type !== 'backstop_assigned') backstopPending = null;
  }
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

function figures(c: Counts, orders: number, w: KpiWeights): KpiFigures {
  const f = {
    orders,
    onTimeResponseRate: ratio(c.responseOnTime, c.responseJudged),
    onTimeHandlingRate: ratio(c.handlingOnTime, c.handlingJudged),
    directAnswerRate: ratio(c.directAnswers, c.consultations),
    satisfactionRate: ratio(c.satisfied + c.basicallySatisfied, c.ratedVisits),
    resolutionRate: ratio(c.resolved, c.ratedVisits),
    reopenRate: ratio(c.reopenedCompletions, c.completions),
    returnRate: ratio(c.returnedAssignments, c.assignments),
    averageHandlingHours: ratio(c.handlingHoursTotal, c.timedCompletions),
  };
  return { ...f, composite: composite(f, w), counts: { ...c } };
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
  const outcome = new Map<string, RatingReview['outcome']>();
  for (const r of options.reviews) outcome.set(`${r.orderId}#${r.seq}`, r.outcome);
  const notAttributable = new Set([...outcome].filter(([, o]) => o === 'not_attributable').map(([k]) => k));
  const upheld = new Set([...outcome].filter(([, o]) => o === 'upheld').map(([k]) => k));

  const tally = new Tally(options.groupBy, options.period);
  for (const [orderId, list] of byOrder) {
    list.sort((a, b) => a.seq - b.seq);
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.seq === list[i - 1]!.seq)
        throw new Error(`order ${orderId} has two audit events with seq ${list[i]!.seq}`);
    }
    replayOrder(orderId, list, tally, notAttributable, upheld);
  }

  if (options.groupBy === 'centre' && !tally.rows.has(CENTRE)) {
    tally.rows.set(CENTRE, { raw: emptyCounts(), adjusted: emptyCounts(), orders: new Set() });
  }
  return [...tally.rows]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, row]) => ({
      group,
      raw: figures(row.raw, row.orders.size, options.weights),
      adjusted: figures(row.adjusted, row.orders.size, options.weights),
    }));
}
