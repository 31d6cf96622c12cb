/**
 * The one reducer of an order's audit trail. It replays the events in seq order into the facts every
 * reader needs: the read model's summary (phase, lead unit, escalation level, closure, holes in the
 * trail) for recompute, the outcomes the KPIs count (domain/kpi), and the rated cycle the fairness rule
 * judges (domain/fairness). Pure: no I/O, no Node built-ins.
 *
 * Who held the order (the lead unit) follows `dispatched`, `redispatched` and `backstop_assigned`; the
 * category follows `received`, then `classified`. Every fact is stamped with both as they stood at its
 * event, so a result counts for the unit that held the order when it happened.
 */
import { storedEvent, unhandledEvent, type AuditRow, type StoredEvent } from './events';
import { RESOLUTION, SATISFACTION, type Resolution, type Satisfaction } from './order-view';
import { PHASE_AFTER, shownState, type Phase } from './lifecycle';
import type { ClosureCode, OrderStatus } from './order';

/** An event of the trail with who held the order and its category at that moment. */
export interface Moment {
  seq: number;
  at: number;
  unit: string | null;
  category: string | null;
}

/** The order put in a unit's hands: a dispatch (派单, re-dispatch, backstop 兜底) or a ruling that kept it there. */
export interface Assignment extends Moment {
  kind: 'dispatch' | 'kept';
  /** The unit sent it back (退单) while it held this assignment. */
  returned: boolean;
}

/** How a response clock (签收时限) ended: signed or answered in time, signed late, or breached. */
export interface ResponseOutcome extends Moment {
  result: 'on_time' | 'late' | 'breached';
}

/** A completion (办结); `reopen` when the citizen's rating sent the order back (重办). */
export interface Completion extends Moment {
  reopen: { seq: number; ratingSeq: number | null } | null;
  /** 质检: the findings on its reply (quality_finding events), and whether a reviewer cleared them as false. */
  qualityFindings: number;
  qualityCleared: boolean;
}

/** From a dispatch or reopen to the completion (办理时限); `startedAt` null when the trail does not show the start. */
export interface HandlingCycle {
  startedAt: number | null;
  /** The first handling breach of this cycle. */
  breach: Moment | null;
  completion: Completion | null;
}

/** A return-visit rating (回访); the buckets are null on a stored row that lacks them. */
export interface Visit extends Moment {
  satisfaction: Satisfaction | null;
  resolution: Resolution | null;
  /** The handling cycle this visit rates (the last completed one) had no handling breach. */
  cycleOnTime: boolean;
}

/** A consultation settled: answered directly (直接答复), or turned into a work order / closed otherwise. */
export interface ConsultationOutcome extends Moment {
  answered: boolean;
}

export interface OrderFacts {
  phase: Phase;
  state: OrderStatus;
  closureCode: ClosureCode | null;
  /** When the order was closed (结案), attributed to its lead then; null while open. */
  closure: Moment | null;
  leadUnit: string | null;
  escalationLevel: number;
  category: string | null;
  lastSeq: number;
  /** Sequence numbers missing from 1..lastSeq: a hole in the trail. */
  missing: number[];
  /** Each change of lead unit, in order. */
  leads: { seq: number; at: number; unit: string }[];
  received: Moment[];
  consultations: ConsultationOutcome[];
  assignments: Assignment[];
  returns: Moment[];
  responses: ResponseOutcome[];
  cycles: HandlingCycle[];
  visits: Visit[];
  reopens: Moment[];
}

const SATISFACTIONS: readonly string[] = SATISFACTION;
const RESOLUTIONS: readonly string[] = RESOLUTION;
/** Closures that are not a failure to answer a consultation: a duplicate, or the citizen cancelled. */
const NOT_A_CONSULTATION_OUTCOME: readonly (ClosureCode | undefined)[] = ['merged', 'withdrawn'];

/** The replay's running state; `facts` is what it has established so far. */
class Replay {
  readonly facts: OrderFacts = {
    phase: 'received',
    state: 'received',
    closureCode: null,
    closure: null,
    leadUnit: null,
    escalationLevel: 0,
    category: null,
    lastSeq: 0,
    missing: [],
    leads: [],
    received: [],
    consultations: [],
    assignments: [],
    returns: [],
    responses: [],
    cycles: [],
    visits: [],
    reopens: [],
  };
  private phaseBeforeExtension: Phase = 'acknowledged';
  /** A consultation not yet answered, turned into a work order, or closed. */
  private consultation: 'no' | 'pending' | 'settled' = 'no';
  /** Whether the running response clock's outcome is known (signed, answered, breached, or ended by a return). */
  private responseSettled = false;
  /** Whether the lead signed since it was last given the order. */
  private signed = false;
  private assignment: Assignment | null = null;
  private cycle: HandlingCycle | null = null;
  private lastCompletion: Completion | null = null;
  /** The last rating since the last completion: the one a reopen follows. */
  private lastRating: Visit | null = null;
  /** The backstop assignment is followed by its own `redispatched` event: one dispatch, counted once. */
  private backstopPending: string | null = null;

  apply(e: StoredEvent): void {
    this.applyEvent(e);
    // The backstop's own re-dispatch follows it immediately or not at all.
    if (e.type !== 'backstop_assigned') this.backstopPending = null;
  }

  private applyEvent(e: StoredEvent): void {
    const f = this.facts;
    const previous = f.phase;
    const next = PHASE_AFTER[e.type];
    if (next === 'before extension') f.phase = this.phaseBeforeExtension;
    else if (next) f.phase = next;
    switch (e.type) {
      case 'received':
        return this.receive(e);
      case 'classified':
        return this.classify(e);
      case 'dispatched':
      case 'redispatched':
        return this.dispatch(e);
      case 'backstop_assigned':
        return this.toBackstop(e);
      case 'ruled':
        return this.rule(e);
      case 'acknowledged':
        return this.acknowledge(e);
      case 'returned':
        return this.return(e);
      case 'clock_breached':
        return this.breach(e);
      case 'completed':
        return this.complete(e);
      case 'visit_recorded':
        return this.visit(e);
      case 'reopened':
        return this.reopen(e);
      case 'quality_finding':
        if (this.lastCompletion) this.lastCompletion.qualityFindings += 1;
        return;
      case 'quality_cleared':
        if (this.lastCompletion) this.lastCompletion.qualityCleared = true;
        return;
      case 'quality_returned':
        // Back to the unit, as a reopen is, but not the citizen's doing: no reopen counts against the unit.
        return this.startCycle(e.at);
      case 'answered':
        return this.answer(e);
      case 'closed':
        return this.close(e);
      case 'extension_requested':
        // Where the order returns once the extension is decided.
        this.phaseBeforeExtension = previous;
        return;
      case 'escalated':
      case 'deescalated':
        f.escalationLevel = e.data.to ?? f.escalationLevel;
        return;
      case 'referred':
      case 'contact_merged':
      case 'urgency_raised':
      case 'assisting_added':
      case 'assisting_removed':
      case 'assist_acknowledged':
      case 'note_added':
      case 'photo_added':
      case 'assist_contributed':
      case 'deadline_set':
      case 'clock_paused':
      case 'clock_resumed':
      case 'clock_warning':
      case 'contact_visit_recorded':
      case 'visit_attempt_failed':
      case 'extension_granted':
      case 'extension_denied':
      case 'record_failed':
      case 'verification_code_reissued':
      case 'caller_conduct_noted':
        // Neither the summary (but for the phase, PHASE_AFTER) nor any outcome depends on these.
        return;
      default:
        return unhandledEvent(e);
    }
  }

  private moment(e: { seq: number; at: number }, unit: string | null = this.facts.leadUnit): Moment {
    return { seq: e.seq, at: e.at, unit, category: this.facts.category };
  }

  /** The unit acting on an order with no lead yet: the event's own unit, else the actor's. */
  private actingUnit(e: { actorUnit: string | null; data: { unit?: string | null } }): string | null {
    return this.facts.leadUnit ?? e.data.unit ?? e.actorUnit;
  }

  private setLead(unit: string | null, e: { seq: number; at: number }): void {
    if (unit === null || unit === this.facts.leadUnit) return;
    this.facts.leadUnit = unit;
    this.facts.leads.push({ seq: e.seq, at: e.at, unit });
  }

  private settleConsultation(e: StoredEvent, answered: boolean): void {
    this.consultation = 'settled';
    this.facts.consultations.push({ ...this.moment(e, null), answered });
  }

  private settleResponse(moment: Moment, result: ResponseOutcome['result']): void {
    if (this.responseSettled) return;
    this.responseSettled = true;
    this.facts.responses.push({ ...moment, result });
  }

  /** The running handling cycle, or one whose start the trail does not show. */
  private currentCycle(): HandlingCycle {
    if (!this.cycle) {
      this.cycle = { startedAt: null, breach: null, completion: null };
      this.facts.cycles.push(this.cycle);
    }
    return this.cycle;
  }

  private startCycle(at: number): void {
    this.cycle = { startedAt: at, breach: null, completion: null };
    this.facts.cycles.push(this.cycle);
  }

  /** The order is given to a unit. The first dispatch keeps the response clock started at receipt. */
  private giveTo(unit: string, e: StoredEvent, freshResponseClock: boolean): void {
    this.setLead(unit, e);
    this.signed = false;
    if (freshResponseClock) this.responseSettled = false;
    this.startCycle(e.at);
    this.assign(e, 'dispatch');
  }

  private assign(e: StoredEvent, kind: Assignment['kind']): void {
    this.assignment = { ...this.moment(e), kind, returned: false };
    this.facts.assignments.push(this.assignment);
  }

  private receive(e: Extract<StoredEvent, { type: 'received' }>): void {
    this.facts.category = e.data.category ?? null;
    if (e.data.orderType === 'consultation') this.consultation = 'pending';
    this.responseSettled = false;
    this.facts.received.push(this.moment(e, null));
  }

  private classify(e: Extract<StoredEvent, { type: 'classified' }>): void {
    if (this.consultation === 'pending' && e.data.orderType !== 'consultation') this.settleConsultation(e, false);
    else if (this.consultation === 'no' && e.data.orderType === 'consultation') this.consultation = 'pending';
    if ('category' in e.data) this.facts.category = e.data.category ?? null;
  }

  private dispatch(e: Extract<StoredEvent, { type: 'dispatched' | 'redispatched' }>): void {
    const unit = e.data.leadUnit;
    if (unit == null || unit === this.backstopPending) return;
    this.giveTo(unit, e, e.type === 'redispatched');
  }

  private toBackstop(e: Extract<StoredEvent, { type: 'backstop_assigned' }>): void {
    const unit = e.data.to;
    if (unit == null) return;
    this.giveTo(unit, e, true);
    this.backstopPending = unit;
  }

  private rule(e: Extract<StoredEvent, { type: 'ruled' }>): void {
    if (e.data.decision === 'reassign') return; // followed by its own `redispatched`
    this.facts.phase = this.signed ? 'acknowledged' : 'dispatched';
    // Kept with a unit that never signed: it must sign now, on a fresh response clock.
    if (this.facts.leadUnit === null) this.setLead(e.data.leadUnit ?? null, e);
    if (!this.signed) this.responseSettled = false;
    this.assign(e, 'kept');
  }

  private acknowledge(e: Extract<StoredEvent, { type: 'acknowledged' }>): void {
    this.setLead(this.actingUnit(e), e);
    this.signed = true;
    this.settleResponse(this.moment(e), e.data.responseMet === false ? 'late' : 'on_time');
  }

  private return(e: Extract<StoredEvent, { type: 'returned' }>): void {
    this.setLead(this.actingUnit(e), e);
    // A return stops the response clock: that clock is neither met nor missed.
    this.responseSettled = true;
    if (this.assignment) this.assignment.returned = true;
    this.facts.returns.push(this.moment(e));
  }

  private breach(e: Extract<StoredEvent, { type: 'clock_breached' }>): void {
    if (e.data.clock === 'response') this.settleResponse(this.moment(e), 'breached');
    else if (e.data.clock === 'handling') {
      const cycle = this.currentCycle();
      cycle.breach ??= this.moment(e);
    }
  }

  private complete(e: Extract<StoredEvent, { type: 'completed' }>): void {
    this.setLead(this.actingUnit(e), e);
    const completion: Completion = { ...this.moment(e), reopen: null, qualityFindings: 0, qualityCleared: false };
    this.currentCycle().completion = completion;
    this.cycle = null;
    this.lastCompletion = completion;
    this.lastRating = null;
  }

  private visit(e: Extract<StoredEvent, { type: 'visit_recorded' }>): void {
    const satisfaction = SATISFACTIONS.includes(e.data.satisfaction ?? '') ? e.data.satisfaction! : null;
    const resolution = RESOLUTIONS.includes(e.data.resolution ?? '') ? e.data.resolution! : null;
    const rated = this.facts.cycles.findLast((c) => c.completion !== null) ?? this.cycle;
    const visit: Visit = { ...this.moment(e), satisfaction, resolution, cycleOnTime: !rated?.breach };
    this.facts.visits.push(visit);
    if (satisfaction && resolution) this.lastRating = visit;
  }

  private reopen(e: Extract<StoredEvent, { type: 'reopened' }>): void {
    const c = this.lastCompletion;
    if (c && !c.reopen) {
      const rating = this.lastRating?.satisfaction === 'dissatisfied' ? this.lastRating.seq : null;
      c.reopen = { seq: e.seq, ratingSeq: rating };
    }
    this.facts.reopens.push(this.moment(e));
    this.startCycle(e.at);
  }

  private answer(e: Extract<StoredEvent, { type: 'answered' }>): void {
    if (this.consultation !== 'settled') this.settleConsultation(e, true);
    this.settleResponse(this.moment(e, null), 'on_time');
  }

  private close(e: Extract<StoredEvent, { type: 'closed' }>): void {
    const code = e.data.closureCode;
    this.facts.closureCode = code ?? null;
    this.facts.closure = this.moment(e);
    if (this.consultation === 'pending') {
      if (NOT_A_CONSULTATION_OUTCOME.includes(code)) this.consultation = 'settled';
      else this.settleConsultation(e, code === 'answered');
    }
    // Closing stops every clock: whatever was still running is neither met nor missed.
    this.responseSettled = true;
    this.cycle = null;
  }
}

/**
 * Replays one order's trail (in any order; sorted by seq here) into its facts. Events of a type this
 * version does not know are skipped but keep their place in the sequence. Two events with one seq throw.
 */
export function orderFacts(rows: readonly AuditRow[]): OrderFacts {
  const sorted = [...rows].sort((a, b) => a.seq - b.seq);
  const replay = new Replay();
  for (let i = 0; i < sorted.length; i++) {
    const row = sorted[i]!;
    if (i > 0 && row.seq === sorted[i - 1]!.seq) throw new Error(`two audit events with seq ${row.seq}`);
    const e = storedEvent(row);
    if (!e) continue;
    replay.apply(e);
  }
  const f = replay.facts;
  f.state = shownState(f.phase, f.escalationLevel);
  f.lastSeq = sorted.at(-1)?.seq ?? 0;
  const present = new Set(sorted.map((e) => e.seq));
  f.missing = Array.from({ length: f.lastSeq }, (_, i) => i + 1).filter((s) => !present.has(s));
  return f;
}
