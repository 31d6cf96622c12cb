/**
 * The state of one work order and the mechanics every action uses: clocks, dispatch, escalation,
 * closure and the audit outbox. A plain class over a JSON snapshot, so the workflow can carry it across
 * continue-as-new and tests can drive it without a server. The actions themselves are in ./actions.
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  clockDueAt,
  clockRemainingMs,
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
import { CLOCK_RULES, type ClockRule, type ClockStep } from '../domain/clock-rules';
import { escalationOn, MAX_ESCALATION_LEVEL, type EscalationTrigger } from '../domain/escalation';
import { shownState, type Phase } from '../domain/lifecycle';
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
import type { RecordFailureNote } from '../domain/record-failure';
import type { HandlingClass, Limit } from '../domain/types';
import { REJECTION, type AssistingUnitView, type OrderReadModel, type OrderView } from './messages';

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
  /** The last write the database refused for its data (./order writeBatch); absent until one is. */
  recordFailure?: RecordFailureNote;
}

const SLA_SEVERITY: Record<SlaState, number> = { on_track: 0, paused: 1, at_risk: 2, breached: 3 };

/** A refused action: its code and the input field at fault travel in the failure's details for the API to name. */
export function reject(type: (typeof REJECTION)[keyof typeof REJECTION], why: RefusalReason, field?: string): never {
  const details = [{ code: why.code, ...(field ? { field } : {}) }];
  throw ApplicationFailure.create({ type, message: why.message, nonRetryable: true, details });
}

export class OrderState {
  constructor(readonly s: OrderSnapshot) {}

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
    });
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

  setPhase(phase: Phase): void {
    this.s.phase = phase;
  }

  /** Whether the actor's unit is the lead unit, an assisting unit, or neither. */
  unitRole(actor: Actor): 'lead' | 'assisting' | null {
    if (actor.role !== 'department' || !actor.unit) return null;
    if (actor.unit === this.s.leadUnit) return 'lead';
    return this.s.assisting.some((a) => a.unit === actor.unit) ? 'assisting' : null;
  }

  /** Appends an audit event to the outbox; its data is checked against its type (domain/events). */
  record<T extends AuditEventType>(
    type: T,
    at: number,
    actor: Actor,
    reason: string | null,
    data: AuditEventData[T],
  ): void {
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
    this.s.phase = 'dispatched';
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
    this.s.phase = 'closed';
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

  view(now: number): OrderView {
    const { intake: i, ...s } = this.s;
    return {
      orderId: i.orderId,
      orderType: s.orderType,
      channel: i.channel,
      category: s.category,
      categoryName: s.categoryName,
      urgency: s.urgency,
      description: i.description,
      citizen: i.citizen,
      incidentAddress: i.incidentAddress ?? null,
      confidential: i.confidential === true,
      state: this.state,
      closureCode: s.closure?.code ?? null,
      closure: s.closure,
      slaState: this.slaState(now),
      escalationLevel: s.escalationLevel,
      escalations: s.escalations,
      leadUnit: s.leadUnit,
      assistingUnits: s.assisting,
      policyVersion: i.policy.version,
      receivedAt: i.receivedAt,
      acknowledgedAt: s.acknowledgedAt,
      completedAt: s.completedAt,
      closedAt: s.closure?.at ?? null,
      reply: s.reply,
      notes: s.notes,
      returns: s.returns,
      reopens: s.reopens,
      visitAttempts: s.visitAttempts,
      visits: s.visits,
      pendingExtension: s.pendingExtension,
      contacts: s.contacts,
      clocks: s.clocks.map((c) => ({
        kind: c.kind,
        subject: c.subject,
        startedAt: c.startedAt,
        dueAt: clockDueAt(c, this.calendar),
        remainingMs: clockRemainingMs(c, now, this.calendar),
        paused: c.runningSince == null && c.stoppedAt == null,
        pausedReason: c.pausedReason,
        breachedAt: c.breachedAt,
        stoppedAt: c.stoppedAt,
        slaState: clockSlaState(c, now, this.calendar),
      })),
      verificationCodeVersion: s.codeVersion ?? 0,
      lastSeq: s.seq,
    };
  }

  /** `view`: the order's view at `now`, when the caller has it already. */
  readModel(now: number, view = this.view(now)): OrderReadModel {
    const { intake: i } = this.s;
    return {
      orderId: i.orderId,
      orderType: view.orderType,
      channel: i.channel,
      category: view.category,
      urgency: view.urgency,
      state: view.state,
      closureCode: view.closureCode,
      slaState: view.slaState,
      escalationLevel: view.escalationLevel,
      leadUnit: view.leadUnit,
      assistingUnits: view.assistingUnits.map((a) => a.unit),
      policyVersion: i.policy.version,
      requesterHash: i.requesterHash,
      lat: i.location?.lat ?? null,
      lng: i.location?.lng ?? null,
      citizen: i.citizen,
      snapshot: view,
      receivedAt: i.receivedAt,
      responseDueAt: this.dueAt('response'),
      handlingDueAt: this.dueAt('handling'),
      closedAt: view.closedAt,
      updatedAt: now,
      lastSeq: this.s.seq,
    };
  }
}
