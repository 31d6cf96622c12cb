/**
 * The state of one work order and the rules that move it: a plain class over a JSON snapshot, so the
 * workflow can carry it across continue-as-new and tests can drive it without a server.
 * Every change appends numbered audit events to an outbox that the workflow flushes to PostgreSQL.
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  clockDueAt,
  clockRemainingMs,
  clockSlaState,
  fireDueEvents,
  nextClockEventAt,
  startClock,
  stopClock,
  type Clock,
  type ClockEvent,
  type ClockKind,
} from '../domain/clock';
import {
  SYSTEM_ACTOR,
  type Actor,
  type AuditEvent,
  type ClosureCode,
  type Intake,
  type OrderStatus,
  type SlaState,
} from '../domain/order';
import { REJECTION, type AssistingUnitView, type EscalationStep, type OrderView } from './messages';

export interface OrderSnapshot {
  intake: Intake;
  state: OrderStatus;
  closureCode: ClosureCode | null;
  leadUnit: string | null;
  assisting: AssistingUnitView[];
  escalationLevel: number;
  escalations: EscalationStep[];
  clocks: Clock[];
  acknowledgedAt: number | null;
  closedAt: number | null;
  seq: number;
  /** Audit events not yet confirmed written to the database, oldest first. */
  outbox: AuditEvent[];
}

/** Read-model row as the record activity receives it (instants as epoch ms). */
export interface OrderReadModel {
  orderId: string;
  orderType: string;
  channel: string;
  category: string | null;
  urgency: string;
  state: OrderStatus;
  closureCode: ClosureCode | null;
  slaState: SlaState;
  escalationLevel: number;
  leadUnit: string | null;
  assistingUnits: string[];
  policyVersion: number;
  requesterHash: string | null;
  citizen: Intake['citizen'];
  snapshot: OrderView;
  receivedAt: number;
  responseDueAt: number | null;
  handlingDueAt: number | null;
  closedAt: number | null;
  updatedAt: number;
  lastSeq: number;
}

const SLA_SEVERITY: Record<SlaState, number> = { on_track: 0, paused: 1, at_risk: 2, breached: 3 };
export const MAX_ESCALATION_LEVEL = 3;

export function reject(type: (typeof REJECTION)[keyof typeof REJECTION], message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

export class OrderState {
  constructor(readonly s: OrderSnapshot) {}

  /** A new order: received, and dispatched at once when intake resolved a lead unit. */
  static receive(intake: Intake): OrderState {
    const order = new OrderState({
      intake,
      state: 'received',
      closureCode: null,
      leadUnit: null,
      assisting: [],
      escalationLevel: 0,
      escalations: [],
      clocks: [],
      acknowledgedAt: null,
      closedAt: null,
      seq: 0,
      outbox: [],
    });
    const { receivedAt: at, policy, calendar } = intake;
    order.s.clocks.push(startClock('response', null, at, policy.responseLimit, policy.warningThresholds, calendar));
    order.record('received', at, intake.createdBy, null, {
      orderType: intake.orderType,
      channel: intake.channel,
      category: intake.category,
      urgency: intake.urgency,
      policyVersion: policy.version,
      responseDueAt: order.dueAt('response'),
    });
    if (intake.leadUnit) order.dispatch(intake.leadUnit, intake.assistingUnits, at, intake.createdBy);
    return order;
  }

  get isClosed(): boolean {
    return this.s.state === 'closed';
  }

  private get calendar() {
    return this.s.intake.calendar;
  }

  private clock(kind: ClockKind, subject: string | null = null): Clock | undefined {
    return this.s.clocks.find((c) => c.kind === kind && c.subject === subject);
  }

  private replaceClock(next: Clock): void {
    this.s.clocks = this.s.clocks.map((c) => (c.kind === next.kind && c.subject === next.subject ? next : c));
  }

  dueAt(kind: ClockKind, subject: string | null = null): number | null {
    const c = this.clock(kind, subject);
    return c ? clockDueAt(c, this.calendar) : null;
  }

  record(type: string, at: number, actor: Actor, reason: string | null, data: Record<string, unknown> = {}): void {
    this.s.seq += 1;
    this.s.outbox.push({ seq: this.s.seq, type, at, actor, reason, data });
  }

  private dispatch(leadUnit: string, assistingUnits: string[], at: number, actor: Actor): void {
    const { policy, handlingLimit } = this.s.intake;
    this.s.state = 'dispatched';
    this.s.leadUnit = leadUnit;
    this.s.assisting = assistingUnits.map((unit) => ({ unit, acknowledgedAt: null }));
    if (handlingLimit) {
      this.s.clocks.push(startClock('handling', null, at, handlingLimit, policy.warningThresholds, this.calendar));
    }
    this.record('dispatched', at, actor, null, {
      leadUnit,
      assistingUnits,
      handlingLimit,
      handlingDueAt: this.dueAt('handling'),
    });
  }

  // ---- department actions -------------------------------------------------------------------

  validateAcknowledge(actor: Actor): void {
    this.requireUnitOnOrder(actor);
    const isLead = actor.unit === this.s.leadUnit;
    if (isLead && this.s.state !== 'dispatched') {
      reject(REJECTION.wrongState, `only a dispatched order can be signed for; this order is ${this.s.state}`);
    }
    const assisting = this.s.assisting.find((a) => a.unit === actor.unit);
    if (!isLead && assisting?.acknowledgedAt != null) {
      reject(REJECTION.wrongState, `unit ${actor.unit} has already signed for its assisting part`);
    }
  }

  /** 签收: the lead unit's signature meets the response clock; an assisting unit signs for its own part. */
  acknowledge(actor: Actor, at: number, note: string | null): void {
    if (actor.unit === this.s.leadUnit) {
      this.s.state = 'acknowledged';
      this.s.acknowledgedAt = at;
      this.stop('response', null, at);
      this.record('acknowledged', at, actor, note, {
        unit: actor.unit,
        responseMet: this.clock('response')?.breachedAt == null,
      });
    } else {
      this.s.assisting = this.s.assisting.map((a) => (a.unit === actor.unit ? { ...a, acknowledgedAt: at } : a));
      this.record('assist_acknowledged', at, actor, note, { unit: actor.unit });
    }
  }

  private requireUnitOnOrder(actor: Actor): void {
    if (actor.role !== 'department') reject(REJECTION.forbidden, `role ${actor.role} cannot act for a unit`);
    const onOrder = actor.unit === this.s.leadUnit || this.s.assisting.some((a) => a.unit === actor.unit);
    if (!onOrder)
      reject(REJECTION.notOnOrder, `unit ${actor.unit ?? '(none)'} is not lead or assisting unit of this order`);
  }

  // ---- clocks and escalation ----------------------------------------------------------------

  private stop(kind: ClockKind, subject: string | null, at: number): void {
    const c = this.clock(kind, subject);
    if (c && c.stoppedAt == null) this.replaceClock(stopClock(c, at, this.calendar));
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

  /** Fires every warning and breach due by `now`: 催办 at the warning thresholds, 督办 (one level up) at breach. */
  fireDueClocks(now: number): ClockEvent[] {
    const fired: ClockEvent[] = [];
    for (const c of this.s.clocks) {
      const { clock, events } = fireDueEvents(c, now, this.calendar);
      if (!events.length) continue;
      this.replaceClock(clock);
      for (const e of events) {
        fired.push(e);
        const data = { clock: e.kind, subject: e.subject, dueAt: e.dueAt, latenessMs: now - e.dueAt };
        if (e.type === 'warning') {
          this.record('clock_warning', now, SYSTEM_ACTOR, null, { ...data, threshold: e.threshold });
          if (this.s.escalationLevel === 0) this.escalate(1, now, `${e.kind} clock at ${e.threshold * 100}%`);
        } else {
          this.record('clock_breached', now, SYSTEM_ACTOR, null, data);
          this.escalate(this.s.escalationLevel + 1, now, `${e.kind} clock breached`);
        }
      }
    }
    return fired;
  }

  private escalate(level: number, at: number, cause: string): void {
    const to = Math.min(level, MAX_ESCALATION_LEVEL);
    if (to <= this.s.escalationLevel) return;
    const from = this.s.escalationLevel;
    this.s.escalationLevel = to;
    this.s.escalations.push({ level: to, at, cause });
    this.record('escalated', at, SYSTEM_ACTOR, cause, { from, to });
  }

  // ---- views --------------------------------------------------------------------------------

  slaState(now: number): SlaState {
    const active = this.s.clocks.filter((c) => c.stoppedAt == null || c.breachedAt != null);
    return active.reduce<SlaState>((worst, c) => {
      const st = clockSlaState(c, now, this.calendar);
      return SLA_SEVERITY[st] > SLA_SEVERITY[worst] ? st : worst;
    }, 'on_track');
  }

  view(now: number): OrderView {
    const { intake: i } = this.s;
    return {
      orderId: i.orderId,
      orderType: i.orderType,
      channel: i.channel,
      category: i.category,
      categoryName: i.categoryName,
      urgency: i.urgency,
      description: i.description,
      citizen: i.citizen,
      state: this.s.state,
      closureCode: this.s.closureCode,
      slaState: this.slaState(now),
      escalationLevel: this.s.escalationLevel,
      escalations: this.s.escalations,
      leadUnit: this.s.leadUnit,
      assistingUnits: this.s.assisting,
      policyVersion: i.policy.version,
      receivedAt: i.receivedAt,
      acknowledgedAt: this.s.acknowledgedAt,
      closedAt: this.s.closedAt,
      clocks: this.s.clocks.map((c) => ({
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
      lastSeq: this.s.seq,
    };
  }

  readModel(now: number): OrderReadModel {
    const view = this.view(now);
    const { intake: i } = this.s;
    return {
      orderId: i.orderId,
      orderType: i.orderType,
      channel: i.channel,
      category: i.category,
      urgency: i.urgency,
      state: this.s.state,
      closureCode: this.s.closureCode,
      slaState: view.slaState,
      escalationLevel: this.s.escalationLevel,
      leadUnit: this.s.leadUnit,
      assistingUnits: this.s.assisting.map((a) => a.unit),
      policyVersion: i.policy.version,
      requesterHash: i.requesterHash,
      citizen: i.citizen,
      snapshot: view,
      receivedAt: i.receivedAt,
      responseDueAt: this.dueAt('response'),
      handlingDueAt: this.dueAt('handling'),
      closedAt: this.s.closedAt,
      updatedAt: now,
      lastSeq: this.s.seq,
    };
  }
}
