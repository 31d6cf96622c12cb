/**
 * The state of one work order and every change to it: clocks, dispatch, escalation, closure, what each
 * action records, and the audit outbox. A plain class over a JSON snapshot, so the workflow can carry it
 * across continue-as-new and tests can drive it without a server. The snapshot is private: readers get
 * it read-only (`snapshot`), and every change is a method here. Which action may be taken, and with what
 * checks, is in ./actions; what the order looks like to readers, in ./order-view.
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  clockDueAt,
  clockSlaState,
  fireDueEvents,
  nextClockEventAt,
  pauseClock,
  resumeClock,
  setClockDeadline,
  startClock,
  stopClock,
  type Clock,
  type ClockEvent,
  type ClockKind,
} from '../domain/clock';
import { deadlineFor } from '../domain/calendar';
import { CLOCK_RULES, type ClockRule, type ClockStep } from '../domain/clock-rules';
import { suggestionOutcome } from '../domain/dispatch-suggest';
import { escalationOn, MAX_ESCALATION_LEVEL, type EscalationTrigger } from '../domain/escalation';
import { PHASE_AFTER, shownState, type Phase } from '../domain/lifecycle';
import type { RefusalReason } from '../domain/refusals';
import type { AuditEvent, AuditEventData, AuditEventType } from '../domain/events';
import {
  SYSTEM_ACTOR,
  type Actor,
  type ClosureCode,
  type Intake,
  type OrderStatus,
  type SlaState,
} from '../domain/order';
import { handlingLimitFor, withGovernanceDefaults } from '../domain/policy';
import type { VisitOutcome as VisitView } from '../domain/order-view';
import type { RecordFailureNote } from '../domain/record-failure';
import type { PhotoKind } from '../domain/photos';
import { needsQualityReview, type ReplyFinding } from '../domain/reply-quality';
import type { VisitDecision } from '../domain/return-visit';
import { withholdUnstorableText } from '../domain/text';
import type { HandlingClass, Limit, Urgency } from '../domain/types';
import type { ClassifyInput, MergeContact } from './messages';
import { REJECTION, type AssistingUnitView, type OrderView, type QualityView } from './messages';

/** The fields the view shows as they are stored. */
type StoredAsShown = Pick<
  OrderView,
  | 'orderType'
  | 'category'
  | 'categoryName'
  | 'urgency'
  | 'closure'
  | 'leadUnit'
  | 'escalationLevel'
  | 'escalations'
  | 'acknowledgedAt'
  | 'completedAt'
  | 'reply'
  | 'notes'
  | 'returns'
  | 'reopens'
  | 'visitAttempts'
  | 'visits'
  | 'pendingExtension'
  | 'contacts'
>;

export interface OrderSnapshot extends StoredAsShown {
  intake: Intake;
  handlingClass: HandlingClass;
  categoryLimit: Limit | null;
  phase: Phase;
  /** Where an extension request returns to once decided. */
  phaseBeforeExtension: Phase | null;
  assisting: AssistingUnitView[];
  clocks: Clock[];
  seq: number;
  /** Re-issues of the verification code; absent on orders that never had one. */
  codeVersion?: number;
  /** Audit events not yet confirmed written to the database, oldest first. */
  outbox: AuditEvent[];
  /** 质检 of the last checked completion's reply; absent until one was checked. */
  quality?: QualityView;
  /** The last write the database refused for its data (./order writeBatch); absent until one is. */
  recordFailure?: RecordFailureNote;
}

/** Why the return-visit clock waits: the policy sent the reply to quality review (质检复核). */
const QUALITY_REVIEW_HOLD = '质检复核';

const SLA_SEVERITY: Record<SlaState, number> = { on_track: 0, paused: 1, at_risk: 2, breached: 3 };

/** A refused action: its code and the input field at fault travel in the failure's details for the API to name. */
export function reject(type: (typeof REJECTION)[keyof typeof REJECTION], why: RefusalReason, field?: string): never {
  const details = [{ code: why.code, ...(field ? { field } : {}) }];
  throw ApplicationFailure.create({ type, message: why.message, nonRetryable: true, details });
}

export class OrderState {
  constructor(private readonly s: OrderSnapshot) {}

  /** The state as it stands, for reading (views, validators, continue-as-new); changed only through methods. */
  get snapshot(): Readonly<OrderSnapshot> {
    return this.s;
  }

  /** A new order: received, and dispatched at once when intake resolved a lead unit. */
  static receive(intake: Intake): OrderState {
    const order = new OrderState({
      intake,
      orderType: intake.orderType,
      category: intake.category,
      categoryName: intake.categoryName,
      urgency: intake.urgency,
      handlingClass: intake.handlingClass,
      categoryLimit: intake.categoryLimit,
      phase: 'received',
      phaseBeforeExtension: null,
      closure: null,
      leadUnit: null,
      assisting: [],
      escalationLevel: 0,
      escalations: [],
      clocks: [],
      acknowledgedAt: null,
      completedAt: null,
      reply: null,
      notes: [],
      returns: 0,
      reopens: 0,
      visitAttempts: 0,
      visits: [],
      pendingExtension: null,
      contacts: [],
      seq: 0,
      outbox: [],
    });
    const at = intake.receivedAt;
    order.clocksOn('receive', at);
    order.record('received', at, intake.createdBy, null, {
      orderType: intake.orderType,
      channel: intake.channel,
      category: intake.category,
      urgency: intake.urgency,
      policyVersion: intake.policy.version,
      // Which rules applied: policy, units, catalogue and calendar versions (absent on orders from before versioning).
      referenceVersions: intake.referenceVersions ?? null,
      responseDueAt: order.dueAt('response'),
      ...(intake.suggestion ? { suggestion: suggestionOutcome(intake.suggestion, intake.category) } : {}),
      ...(intake.transcript ? { transcript: intake.transcript } : {}),
    });
    if (intake.callerConduct?.length) {
      order.record('caller_conduct_noted', at, intake.createdBy, null, { kinds: intake.callerConduct });
    }
    if (intake.leadUnit) order.dispatch(intake.leadUnit, intake.assistingUnits, at, intake.createdBy, null);
    return order;
  }

  // ---- state --------------------------------------------------------------------------------

  get phase(): Phase {
    return this.s.phase;
  }

  /** The state shown to people and search attributes: `escalated` while L3 coordination holds an open order. */
  get state(): OrderStatus {
    return shownState(this.s.phase, this.s.escalationLevel);
  }

  get isClosed(): boolean {
    return this.s.phase === 'closed';
  }

  get calendar() {
    return this.s.intake.calendar;
  }

  /** The policy snapshotted at intake; settings added since read with their defaults. */
  get policy() {
    return withGovernanceDefaults(this.s.intake.policy);
  }

  /** Sets a phase no event decides by itself (a ruling that keeps the order with its unit). */
  private setPhase(phase: Phase): void {
    this.s.phase = phase;
  }

  /** Whether the actor's unit is the lead unit, an assisting unit, or neither. */
  unitRole(actor: Actor): 'lead' | 'assisting' | null {
    if (actor.role !== 'department' || !actor.unit) return null;
    if (actor.unit === this.s.leadUnit) return 'lead';
    return this.s.assisting.some((a) => a.unit === actor.unit) ? 'assisting' : null;
  }

  /**
   * Appends an audit event to the outbox; its data is checked against its type (domain/events). The
   * order moves to the phase the event decides (domain/lifecycle PHASE_AFTER), as the trail's replay does.
   */
  record<T extends AuditEventType>(
    type: T,
    at: number,
    actor: Actor,
    reason: string | null,
    data: AuditEventData[T],
  ): void {
    const next = PHASE_AFTER[type];
    if (next === 'before extension') {
      this.s.phase = this.s.phaseBeforeExtension ?? 'acknowledged';
      this.s.phaseBeforeExtension = null;
    } else if (next) this.s.phase = next;
    this.s.seq += 1;
    // The signature ties data to type; TypeScript cannot narrow a generic pair to the union by itself.
    this.s.outbox.push({ seq: this.s.seq, type, at, actor, reason, data } as AuditEvent);
  }

  // ---- clocks -------------------------------------------------------------------------------

  clock(kind: ClockKind, subject: string | null = null): Clock | undefined {
    return this.s.clocks.find((c) => c.kind === kind && c.subject === subject);
  }

  replaceClock(next: Clock): void {
    this.s.clocks = this.s.clocks.map((c) => (c.kind === next.kind && c.subject === next.subject ? next : c));
  }

  /** Starts a clock, replacing an earlier one of the same kind (its history is in the audit trail). */
  startClock(kind: ClockKind, subject: string | null, at: number, limit: Limit): void {
    const clock = startClock(kind, subject, at, limit, this.policy.warningThresholds);
    this.s.clocks = [...this.s.clocks.filter((c) => !(c.kind === kind && c.subject === subject)), clock];
  }

  stopClock(kind: ClockKind, subject: string | null, at: number): void {
    const c = this.clock(kind, subject);
    if (c && c.stoppedAt == null) this.replaceClock(stopClock(c, at, this.calendar));
  }

  /**
   * Stops, then starts, the clocks the step's rule names (domain/clock-rules). `assist` means the named
   * assisting unit's clock, or every assisting unit's.
   */
  clocksOn(step: ClockStep, at: number, assistingUnit?: string): void {
    this.stopClocksOf(CLOCK_RULES[step], at, assistingUnit);
    this.startClocksOf(CLOCK_RULES[step], at, assistingUnit);
  }

  private stopClocksOf(rule: ClockRule, at: number, assistingUnit?: string): void {
    if (rule.stop === 'all') {
      for (const c of this.liveClocks()) this.stopClock(c.kind, c.subject, at);
      return;
    }
    for (const kind of rule.stop ?? []) {
      for (const subject of this.subjectsOf(kind, assistingUnit)) this.stopClock(kind, subject, at);
    }
  }

  private startClocksOf(rule: ClockRule, at: number, assistingUnit?: string): void {
    for (const kind of rule.start ?? []) {
      for (const subject of this.subjectsOf(kind, assistingUnit))
        this.startClock(kind, subject, at, this.limitOf(kind));
    }
  }

  private subjectsOf(kind: ClockKind, assistingUnit: string | undefined): (string | null)[] {
    if (kind !== 'assist') return [null];
    return assistingUnit !== undefined ? [assistingUnit] : this.s.assisting.map((a) => a.unit);
  }

  /** Moves a clock's due instant: the handling clock, or the one named (CLOCK_RULES' `move`). */
  moveClock(
    step: 'grantExtension' | 'setDeadline',
    dueAt: number,
    at: number,
    named?: { kind: ClockKind; subject: string | null },
  ): void {
    const rule: ClockRule = CLOCK_RULES[step];
    const c = rule.move === 'handling' ? this.clock('handling') : named && this.clock(named.kind, named.subject);
    if (c) this.replaceClock(setClockDeadline(c, dueAt, at, this.calendar));
  }

  /** Pauses or resumes one clock, as the step's rule says. */
  holdClock(step: 'pauseClock' | 'resumeClock', c: Clock, reason: string, at: number): void {
    const rule: ClockRule = CLOCK_RULES[step];
    this.replaceClock(rule.hold === 'pause' ? pauseClock(c, at, reason, this.calendar) : resumeClock(c, at));
  }

  /** The policy's limit for a clock of this kind, as the order now stands (urgency, category). */
  limitOf(kind: ClockKind): Limit {
    switch (kind) {
      case 'response':
        return this.policy.responseLimit;
      case 'handling':
        return this.handlingLimit();
      case 'ruling':
        return this.policy.disputeRulingLimit;
      case 'visit':
        return this.policy.returnVisitLimit;
      case 'assist':
        return this.assistLimit();
    }
  }

  /** Clocks still counting or paused (not met or stopped). */
  liveClocks(): Clock[] {
    return this.s.clocks.filter((c) => c.stoppedAt == null);
  }

  dueAt(kind: ClockKind, subject: string | null = null): number | null {
    const c = this.clock(kind, subject);
    return c ? clockDueAt(c, this.calendar) : null;
  }

  handlingLimit(): Limit {
    return handlingLimitFor(
      this.policy,
      { handlingClass: this.s.handlingClass, handlingLimit: this.s.categoryLimit },
      this.s.urgency,
    );
  }

  /** An assisting unit's sub-deadline: a fraction of the lead unit's handling limit. */
  assistLimit(): Limit {
    const limit = this.handlingLimit();
    return { unit: limit.unit, amount: limit.amount * this.policy.assistingLimitFraction };
  }

  nextClockEventAt(): number | null {
    const instants = this.s.clocks.map((c) => nextClockEventAt(c, this.calendar)).filter((t): t is number => t != null);
    return instants.length ? Math.min(...instants) : null;
  }

  /** The earliest due instant of the clocks still running. */
  nextDueOfRunningClocks(): number | null {
    const dues = this.s.clocks.map((c) => clockDueAt(c, this.calendar)).filter((t): t is number => t != null);
    return dues.length ? Math.min(...dues) : null;
  }

  /**
   * Fires every warning and breach due by `now`: 催办 (L1) at the warning thresholds, 督办 (one level up)
   * at breach. A dispute nobody ruled on in time goes to the backstop unit (兜底) and to L3.
   */
  fireDueClocks(now: number): ClockEvent[] {
    const fired: ClockEvent[] = [];
    // Look each clock up afresh: firing one (a ruling breach re-dispatches) may replace others.
    for (const [kind, subject] of this.s.clocks.map((c) => [c.kind, c.subject] as const)) {
      const c = this.clock(kind, subject);
      if (!c) continue;
      const { clock, events } = fireDueEvents(c, now, this.calendar);
      if (!events.length) continue;
      this.replaceClock(clock);
      for (const e of events) {
        fired.push(e);
        const data = { clock: e.kind, subject: e.subject, dueAt: e.dueAt, latenessMs: now - e.dueAt };
        if (e.type === 'warning') {
          this.record('clock_warning', now, SYSTEM_ACTOR, null, { ...data, threshold: e.threshold });
          this.escalateOn({ kind: 'clock_warning', clock: e.kind, threshold: e.threshold }, now);
        } else {
          this.record('clock_breached', now, SYSTEM_ACTOR, null, data);
          this.escalateOn({ kind: 'clock_breached', clock: e.kind }, now);
        }
      }
    }
    return fired;
  }

  /** Applies what the escalation ladder (domain/escalation) decides for this trigger. */
  escalateOn(trigger: EscalationTrigger, at: number): void {
    const step = escalationOn(trigger, this.s.escalationLevel, this.policy);
    if (!step) return;
    if (step.toBackstop) this.sendToBackstop(at, step.cause);
    this.escalate(step.to, at, step.cause);
  }

  private sendToBackstop(at: number, cause: string): void {
    this.stopClock('ruling', null, at);
    const backstop = this.s.intake.backstopUnit;
    this.record('backstop_assigned', at, SYSTEM_ACTOR, cause, { from: this.s.leadUnit, to: backstop });
    this.dispatch(
      backstop,
      this.s.assisting.map((a) => a.unit).filter((u) => u !== backstop),
      at,
      SYSTEM_ACTOR,
      null,
    );
  }

  // ---- dispatch, escalation, closure --------------------------------------------------------

  /**
   * Sends the order to a lead unit (派单). The first dispatch keeps the response clock that started at
   * receipt; any later one (reassignment, backstop) gives the new unit a fresh response and handling clock.
   */
  dispatch(leadUnit: string, assistingUnits: string[], at: number, actor: Actor, reason: string | null): void {
    const first = this.s.leadUnit === null;
    const rule = CLOCK_RULES[first ? 'dispatch' : 'redispatch'];
    // The units leaving the order take their clocks with them; the new ones get fresh clocks.
    this.stopClocksOf(rule, at);
    this.s.leadUnit = leadUnit;
    this.s.acknowledgedAt = null;
    this.s.assisting = assistingUnits
      .filter((u) => u !== leadUnit)
      .map((unit) => ({ unit, acknowledgedAt: null, contributedAt: null }));
    this.startClocksOf(rule, at);
    this.record(first ? 'dispatched' : 'redispatched', at, actor, reason, {
      leadUnit,
      assistingUnits: this.s.assisting.map((a) => a.unit),
      handlingLimit: this.handlingLimit(),
      responseDueAt: this.dueAt('response'),
      handlingDueAt: this.dueAt('handling'),
    });
  }

  addAssistingUnit(unit: string, at: number): void {
    this.s.assisting.push({ unit, acknowledgedAt: null, contributedAt: null });
    this.clocksOn('addAssisting', at, unit);
  }

  removeAssistingUnit(unit: string, at: number): void {
    this.clocksOn('removeAssisting', at, unit);
    this.s.assisting = this.s.assisting.filter((a) => a.unit !== unit);
    this.s.clocks = this.s.clocks.filter((c) => !(c.kind === 'assist' && c.subject === unit));
  }

  escalate(level: number, at: number, cause: string, actor: Actor = SYSTEM_ACTOR): void {
    const to = Math.min(level, MAX_ESCALATION_LEVEL);
    if (to <= this.s.escalationLevel) return;
    const from = this.s.escalationLevel;
    this.s.escalationLevel = to;
    this.s.escalations.push({ level: to, at, cause });
    this.record('escalated', at, actor, cause, { from, to });
  }

  deescalate(level: number, at: number, reason: string, actor: Actor): void {
    const from = this.s.escalationLevel;
    this.s.escalationLevel = level;
    this.s.escalations.push({ level, at, cause: reason });
    this.record('deescalated', at, actor, reason, { from, to: level });
  }

  close(
    code: ClosureCode,
    at: number,
    actor: Actor,
    reason: string | null,
    extra: Omit<AuditEventData['closed'], 'closureCode'> = {},
  ): void {
    this.clocksOn('close', at);
    this.s.closure = { at, code, reason, ...extra };
    this.record('closed', at, actor, reason, { closureCode: code, ...extra });
  }

  // ---- views --------------------------------------------------------------------------------

  slaState(now: number): SlaState {
    // A breach stays on the record after the clock stopped; met clocks no longer count.
    const relevant = this.s.clocks.filter((c) => c.stoppedAt == null || c.breachedAt != null);
    if (this.isClosed) return relevant.some((c) => c.breachedAt != null) ? 'breached' : 'on_track';
    return relevant.reduce<SlaState>((worst, c) => {
      const st = clockSlaState(c, now, this.calendar);
      return SLA_SEVERITY[st] > SLA_SEVERITY[worst] ? st : worst;
    }, 'on_track');
  }

  // ---- what the actions change -------------------------------------------------------------

  /** 分类: the order's type and category, with what the catalogue says for it (domain/dispatch). */
  classify(i: ClassifyInput, at: number): void {
    Object.assign(this.s, {
      orderType: i.orderType,
      category: i.category,
      categoryName: i.categoryName,
      urgency: i.urgency,
      handlingClass: i.handlingClass,
      categoryLimit: i.categoryLimit,
    });
    this.record('classified', at, i.actor, null, { orderType: i.orderType, category: i.category, urgency: i.urgency });
  }

  /** The reply the citizen is given (an article's answer, a referral's standard reply, the unit's reply). */
  setReply(reply: string): void {
    this.s.reply = reply;
  }

  /** 签收 by the lead unit (its response clock met or breached), or by an assisting unit. */
  acknowledge(actor: Actor, note: string | null, at: number): void {
    if (this.unitRole(actor) === 'lead') {
      this.s.acknowledgedAt = at;
      this.clocksOn('acknowledge', at);
      this.record('acknowledged', at, actor, note, {
        unit: actor.unit,
        responseMet: this.clock('response')?.breachedAt == null,
      });
      return;
    }
    this.s.assisting = this.s.assisting.map((a) => (a.unit === actor.unit ? { ...a, acknowledgedAt: at } : a));
    this.record('assist_acknowledged', at, actor, note, { unit: actor.unit });
  }

  /** 退单: the lead unit disputes the order; a ruling is due, and too many returns escalate. */
  returnOrder(actor: Actor, reason: string, at: number): void {
    this.s.returns += 1;
    this.clocksOn('returnOrder', at);
    this.record('returned', at, actor, reason, {
      unit: actor.unit,
      returns: this.s.returns,
      rulingDueAt: this.dueAt('ruling'),
    });
    this.escalateOn({ kind: 'returned', returns: this.s.returns }, at);
  }

  /** 延期申请: waits for a coordinator's decision; the order returns to where it was once decided. */
  requestExtension(actor: Actor, newDueAt: number, reason: string, at: number): void {
    this.s.pendingExtension = { requestedBy: actor.unit, newDueAt, reason };
    this.s.phaseBeforeExtension = this.s.phase;
    this.record('extension_requested', at, actor, reason, { newDueAt, currentDueAt: this.dueAt('handling') });
  }

  /** Decides the pending extension: granted to `to` (the date asked for unless the coordinator set one), or denied. */
  decideExtension(actor: Actor, reason: string, at: number, to: number | null): void {
    const requested = this.s.pendingExtension;
    this.s.pendingExtension = null;
    if (to === null) {
      this.record('extension_denied', at, actor, reason, { requestedDueAt: requested?.newDueAt ?? null });
      return;
    }
    const from = this.dueAt('handling');
    this.moveClock('grantExtension', to, at);
    this.record('extension_granted', at, actor, reason, { from, ...this.deadlineMoved('handling', null, to) });
  }

  /** 督办 moves a clock's deadline. */
  setDeadline(actor: Actor, kind: ClockKind, subject: string | null, dueAt: number, reason: string, at: number): void {
    const from = this.dueAt(kind, subject);
    this.moveClock('setDeadline', dueAt, at, { kind, subject });
    this.record('deadline_set', at, actor, reason, {
      clock: kind,
      subject,
      from,
      ...this.deadlineMoved(kind, subject, dueAt),
    });
  }

  /**
   * The deadline a clock got, and the instant asked for when they differ: a working-day clock spends only
   * working time, so a deadline asked for on a day off falls at 24:00 of the last working day before it —
   * the same working time as asked for (README "How it works").
   */
  private deadlineMoved(kind: ClockKind, subject: string | null, requested: number) {
    const to = this.dueAt(kind, subject) ?? requested;
    return to === requested ? { to } : { to, requested };
  }

  /** A photo stored with the order (照片): its kind and size only. */
  addPhoto(actor: Actor, kind: PhotoKind, size: number, at: number): void {
    this.record('photo_added', at, actor, null, { kind, size });
  }

  /** A progress note (办理进展). */
  addNote(actor: Actor, text: string, at: number): void {
    this.s.notes.push({ at, unit: actor.unit, kind: 'progress', text });
    this.record('note_added', at, actor, null, { unit: actor.unit });
  }

  /** An assisting unit's opinion (协办意见): its own clock stops. */
  contribute(actor: Actor, text: string, at: number): void {
    const unit = actor.unit!;
    this.s.assisting = this.s.assisting.map((a) => (a.unit === unit ? { ...a, contributedAt: at } : a));
    this.clocksOn('contribute', at, unit);
    this.s.notes.push({ at, unit, kind: 'contribution', text });
    this.record('assist_contributed', at, actor, null, { unit });
  }

  /**
   * 办结 by the lead unit. Assisting units that never gave their opinion do not hold it up: it decides,
   * and their absence is on the record (their own clocks have reminded and escalated them already).
   */
  complete(actor: Actor, reply: string, at: number, findings: readonly ReplyFinding[] | null = null): void {
    const withoutOpinion = this.s.assisting.filter((a) => a.contributedAt === null).map((a) => a.unit);
    this.clocksOn('complete', at);
    this.s.reply = reply;
    this.s.completedAt = at;
    this.s.pendingExtension = null;
    this.record('completed', at, actor, null, {
      unit: actor.unit,
      reply,
      visitDueAt: this.dueAt('visit'),
      ...(withoutOpinion.length ? { assistingWithoutOpinion: withoutOpinion } : {}),
    });
    if (findings) this.recordQuality(actor, findings, at);
  }

  /**
   * 质检's findings on the reply just given (none: it stands), each on the record. One the policy sends to review holds the
   * return visit: its clock pauses until a reviewer decides (decideQuality).
   */
  private recordQuality(actor: Actor, findings: readonly ReplyFinding[], at: number): void {
    for (const f of findings) this.record('quality_finding', at, SYSTEM_ACTOR, null, { unit: actor.unit, ...f });
    const review = needsQualityReview(findings);
    this.s.quality = { findings: [...findings], review: review ? 'pending' : null };
    const visit = this.clock('visit');
    if (review && visit && visit.stoppedAt == null) {
      this.holdClock('pauseClock', visit, QUALITY_REVIEW_HOLD, at);
      this.record('clock_paused', at, SYSTEM_ACTOR, QUALITY_REVIEW_HOLD, { clock: 'visit', subject: null });
    }
  }

  /** 质检复核: the findings were false (the return visit goes ahead) or the reply goes back to its unit. */
  decideQuality(actor: Actor, decision: 'cleared' | 'returned', reason: string, at: number): void {
    const quality = this.s.quality!;
    const codes = quality.findings.map((f) => f.code);
    const unit = this.s.leadUnit;
    this.s.quality = { ...quality, review: decision };
    if (decision === 'cleared') {
      this.record('quality_cleared', at, actor, reason, { unit, codes });
      const visit = this.clock('visit');
      if (visit && visit.stoppedAt == null && visit.runningSince == null) {
        this.holdClock('resumeClock', visit, reason, at);
        this.record('clock_resumed', at, SYSTEM_ACTOR, null, {
          clock: 'visit',
          subject: null,
          dueAt: this.dueAt('visit'),
        });
      }
      return;
    }
    this.s.completedAt = null;
    this.clocksOn('returnForQuality', at);
    this.record('quality_returned', at, actor, reason, { unit, codes, handlingDueAt: this.dueAt('handling') });
  }

  /** A ruling on a dispute: the order stays with its unit (signed or not), or goes to another. */
  rule(actor: Actor, decision: 'keep' | 'reassign', leadUnit: string | undefined, reason: string, at: number): void {
    this.record('ruled', at, actor, reason, { decision, leadUnit: leadUnit ?? this.s.leadUnit });
    if (decision === 'reassign') {
      // The new lead unit's fresh clocks: CLOCK_RULES.redispatch.
      this.reassign(actor, leadUnit!, reason, at);
    } else if (this.s.acknowledgedAt !== null) {
      this.clocksOn('keepSigned', at);
      this.setPhase('acknowledged');
    } else {
      this.clocksOn('keepUnsigned', at);
      this.setPhase('dispatched');
    }
  }

  /** 改派: another lead unit, with the same assisting units; a pending extension request lapses. */
  reassign(actor: Actor, leadUnit: string, reason: string, at: number): void {
    this.s.pendingExtension = null;
    this.dispatch(
      leadUnit,
      this.s.assisting.map((a) => a.unit),
      at,
      actor,
      reason,
    );
  }

  /** The citizen's rating (回访): recorded, then the order closes on it or goes back to its unit (重办). */
  recordVisit(actor: Actor, visit: Omit<VisitView, 'at'>, at: number, decision: VisitDecision): void {
    this.clocksOn('recordVisit', at);
    this.s.visits.push({ at, ...visit });
    this.record('visit_recorded', at, actor, null, { satisfaction: visit.satisfaction, resolution: visit.resolution });
    if (decision.reopen) this.reopen(actor, `return-visit rating: ${visit.satisfaction}, ${visit.resolution}`, at);
    else this.close(decision.closureCode, at, actor, null);
  }

  /** A linked contact's own rating, recorded on this (primary) order. */
  recordContactVisit(actor: Actor, contactOrderId: string, visit: Omit<VisitView, 'at'>, at: number): void {
    this.s.contacts = this.s.contacts.map((c) =>
      c.orderId === contactOrderId ? { ...c, visit: { at, ...visit } } : c,
    );
    this.record('contact_visit_recorded', at, actor, null, {
      contactOrderId,
      satisfaction: visit.satisfaction,
      resolution: visit.resolution,
    });
  }

  /** 重办: back to the same unit with a new deadline; too many reopens escalate. */
  private reopen(actor: Actor, reason: string, at: number): void {
    this.s.reopens += 1;
    this.s.completedAt = null;
    this.clocksOn('reopen', at);
    this.record('reopened', at, actor, reason, { reopens: this.s.reopens, handlingDueAt: this.dueAt('handling') });
    this.escalateOn({ kind: 'reopened', reopens: this.s.reopens }, at);
  }

  /** A return-visit call nobody answered; after the policy's attempts the order closes `unreachable`. */
  recordFailedVisit(actor: Actor, note: string | null, at: number): void {
    this.s.visitAttempts += 1;
    this.record('visit_attempt_failed', at, actor, note, { attempts: this.s.visitAttempts });
    if (this.s.visitAttempts >= this.policy.maxVisitAttempts) {
      this.close('unreachable', at, SYSTEM_ACTOR, `citizen unreachable after ${this.s.visitAttempts} attempts`);
    }
  }

  /** A new verification code: the next version derives another code, and the old one stops working. */
  reissueCode(actor: Actor, at: number): void {
    this.s.codeVersion = (this.s.codeVersion ?? 0) + 1;
    this.record('verification_code_reissued', at, actor, null, { version: this.s.codeVersion });
  }

  /**
   * 并单: a repeat contact joins the order and is recorded. Enough of them raise an open order's urgency
   * (`raiseTo`, domain/repeat), and the higher urgency's limit runs from now unless the running deadline
   * falls sooner anyway.
   */
  addContact(contact: MergeContact, at: number, raiseTo: (urgency: Urgency, contacts: number) => Urgency | null): void {
    this.s.contacts.push({ orderId: contact.orderId, channel: contact.channel, at: contact.at });
    const contacts = this.s.contacts.length + 1;
    this.record('contact_merged', at, contact.actor, null, { contactOrderId: contact.orderId, contacts });
    const raised = this.isClosed ? null : raiseTo(this.s.urgency, contacts);
    if (raised === null) return;
    const from = this.s.urgency;
    this.s.urgency = raised;
    const due = this.dueAt('handling');
    if (due !== null && deadlineFor(at, this.handlingLimit(), this.calendar) < due) this.clocksOn('raiseUrgency', at);
    this.record('urgency_raised', at, contact.actor, `${contacts} contacts about the same matter`, {
      from,
      to: this.s.urgency,
      handlingDueAt: this.dueAt('handling'),
    });
  }

  // ---- the outbox ---------------------------------------------------------------------------

  /** The events recorded and not yet confirmed written, oldest first. */
  get outbox(): readonly AuditEvent[] {
    return this.s.outbox;
  }

  /** The first `size` events of the outbox are in the database. */
  written(size: number): void {
    this.s.outbox.splice(0, size);
  }

  /**
   * The database refused a batch for its data: the text it cannot store is withheld from the order itself
   * (domain/text), and the refusal noted for the Temporal UI. How many texts were withheld.
   */
  withholdUnstorable(): number {
    const { value, withheld } = withholdUnstorableText(this.s);
    Object.assign(this.s, value);
    return withheld;
  }

  noteRecordFailure(range: { fromSeq: number; toSeq: number; sqlState: string }, at: number): void {
    this.s.recordFailure = { ...range, at, count: (this.s.recordFailure?.count ?? 0) + 1 };
  }
}
