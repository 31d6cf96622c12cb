/**
 * The life of one generated order: who does what, and when, in each state — the mix of a real centre.
 * Each step is an action the API would send (with the input it would build), applied through the
 * workflow's own handlers (./simulation); clocks fire on their own when nobody acts in time, so
 * reminders, breaches, escalations and the backstop hand-over happen exactly as the workflow makes them.
 *
 * Rough shares (of all contacts): 70 % consultations answered from a knowledge-base article; the rest
 * work orders dispatched by the catalogue. Of the work orders: about 6 % returned (退单) and ruled on,
 * a few of those not ruled in time (兜底 + L3); 6 % extended (延期); 8–10 % handling breaches; 4 % with
 * repeat contacts merged (并单); return visits 86 % reached at the first call, about 10 % dissatisfied.
 */
import { DEMO_REFERRAL_CHANNELS } from '../../db/seed-data';
import { CHINA_OFFSET_MS, deadlineFor } from '../../domain/calendar';
import type { Phase } from '../../domain/lifecycle';
import type { Actor } from '../../domain/order';
import type { HandlingClass, Limit } from '../../domain/types';
import { SATISFACTION, type VisitInput } from '../../workflows/messages';
import { coordinator, operator, TEXT, unitStaff, visitor } from './people';
import type { Random } from './random';
import type { OrderSimulation } from './simulation';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** The demo city's referral channels (转办渠道, reference data). */
const REFERRAL_CHANNELS = DEMO_REFERRAL_CHANNELS.map((c) => c.code);

/** What the life of an order needs from its city. */
export interface LifeContext {
  /** The present: nothing happens after it, and an order not closed by then is still open. */
  end: number;
  /** Units that lead some category: where a coordinator may send a disputed order. */
  leadUnits: readonly string[];
  /** A repeat contact (并单) about the order, arriving at `at`; null when it could not be made. */
  repeatContact(primary: OrderSimulation, at: number): OrderSimulation | null;
}

export interface ConsultationPlan {
  outcome: 'answer' | 'convert' | 'refer' | 'withdraw';
  article: { code: string; title: string; body: string; category: string };
  /** The work order a consultation turns into when no article answers it. */
  convertTo: { orderType: 'help' | 'complaint'; category: string; categoryName: string };
  catalogue: {
    handlingClass: HandlingClass;
    handlingLimit: Limit | null;
    leadUnit: string;
    assistingUnits: string[];
    defaultUrgency: 'emergency' | 'urgent' | 'normal';
  };
}

interface Task {
  at: number;
  run(at: number): void;
}

/** What a unit's handling cycle (from an assignment or a reopen) will bring, drawn when it starts. */
interface Cycle {
  id: number;
  /** Share of the handling budget used when the unit completes (above 1: late). */
  complete: number;
  exit: { action: 'requestExtension' | 'returnOrder' | 'forceClose' | 'withdraw'; at: number } | null;
  returnBeforeSigning: boolean;
  reassignBeforeSigning: boolean;
}

const between = (rng: Random, [min, max]: readonly [number, number]) => rng.between(min, max);

/** A share of a clock's budget: mostly early, some late. */
function share(rng: Random, options: readonly (readonly [readonly [number, number], number])[]): number {
  return between(rng, rng.weighted(options));
}

/** Department and visitor work happens in office hours: an instant at night moves to the next morning. */
function officeHours(rng: Random, at: number): number {
  const day = Math.floor((at + CHINA_OFFSET_MS) / DAY);
  const hour = (at + CHINA_OFFSET_MS - day * DAY) / HOUR;
  if (hour >= 8 && hour < 20) return at;
  const morning = (hour < 8 ? day : day + 1) * DAY - CHINA_OFFSET_MS + 8 * HOUR;
  return morning + Math.round(rng.between(0, 2.5 * HOUR));
}

export class OrderLife {
  readonly contacts: OrderSimulation[] = [];
  open = false;
  private readonly tasks: Task[] = [];
  private main: (Task & { phase: Phase }) | null = null;
  private cycle: Cycle;
  private seen = 0;
  private refusals = 0;
  /** The dispute (by return count) nobody rules on in time, once drawn. */
  private unruled = new Map<number, boolean>();

  constructor(
    readonly sim: OrderSimulation,
    private readonly rng: Random,
    private readonly context: LifeContext,
    private readonly profile: { frequentRater: boolean; consultation: ConsultationPlan | null },
  ) {
    this.cycle = this.drawCycle(0, true);
  }

  private get o() {
    return this.sim.order;
  }

  /** Lives the order until it closes or the present is reached. */
  live(): this {
    const start = this.o.snapshot.intake.receivedAt;
    this.react(start);
    while (!this.o.isClosed) {
      const task = this.nextTask();
      const clockAt = this.o.nextClockEventAt();
      const at = task ? Math.min(task.at, clockAt ?? Infinity) : clockAt;
      if (at === null) throw new Error(`order ${this.sim.id} is ${this.o.phase} with nothing left to happen`);
      if (at > this.context.end) {
        this.sim.runClocksUntil(this.context.end);
        this.open = !this.o.isClosed;
        return this;
      }
      if (task && task.at === at) {
        if (task === this.main) this.main = null;
        else this.tasks.splice(this.tasks.indexOf(task), 1);
        task.run(at);
      } else {
        this.sim.runClocksUntil(at);
      }
      this.react(at);
    }
    return this;
  }

  private nextTask(): Task | null {
    let best: Task | null = this.main;
    for (const t of this.tasks) if (!best || t.at < best.at) best = t;
    return best;
  }

  /** Instants are whole milliseconds, as the workflow's are. */
  private later(at: number, run: (at: number) => void): void {
    this.tasks.push({ at: Math.round(at), run });
  }

  /** A side task that only applies while the handling cycle it was planned in lasts. */
  private inCycle(at: number | null, run: (at: number) => void): void {
    const id = this.cycle.id;
    if (at === null) return;
    this.later(at, (now) => {
      if (id === this.cycle.id) run(now);
    });
  }

  /** Main-line step: when refused (the order moved on meanwhile), the next reaction plans again. */
  private step(at: number, attempt: (at: number) => boolean): void {
    const phase = this.o.phase;
    this.main = {
      at: Math.round(Math.max(at, this.sim.writtenAt + 1_000)),
      phase,
      run: (now) => {
        if (attempt(now)) return;
        if (++this.refusals > 50) throw new Error(`order ${this.sim.id}: generator keeps trying refused actions`);
      },
    };
  }

  /** After anything happened: new assignments and reopens start a cycle; a changed state needs a new plan. */
  private react(now: number): void {
    for (const e of this.sim.events.slice(this.seen)) {
      if (e.type === 'dispatched' || e.type === 'redispatched') this.onAssignment(now, e.type === 'dispatched');
      if (e.type === 'reopened') this.cycle = this.drawCycle(this.cycle.id + 1, false);
      if (e.type === 'escalated' && e.data.to === 3 && this.rng.chance(0.1)) {
        this.later(now + this.rng.between(2 * HOUR, 48 * HOUR), (at) =>
          this.sim.act(
            'deescalate',
            { actor: coordinator(this.rng), level: 2, reason: this.pick(TEXT.deescalation) },
            at,
          ),
        );
      }
    }
    this.seen = this.sim.events.length;
    if (!this.o.isClosed && (!this.main || this.main.phase !== this.o.phase)) this.plan(now);
  }

  private pick<T>(items: readonly T[]): T {
    return this.rng.pick(items);
  }

  private lead(): Actor {
    return unitStaff(this.rng, this.o.snapshot.leadUnit!);
  }

  private otherUnit(): string {
    const others = this.context.leadUnits.filter((u) => u !== this.o.snapshot.leadUnit);
    return this.pick(others);
  }

  /** `first`: the order's first assignment, when a wrong dispatch is most likely. */
  private drawCycle(id: number, first: boolean): Cycle {
    const rng = this.rng;
    const exit = rng.weighted<Cycle['exit']>([
      [{ action: 'requestExtension', at: rng.between(0.45, 0.85) }, 0.06],
      [{ action: 'returnOrder', at: rng.between(0.03, 0.25) }, 0.015],
      [{ action: 'forceClose', at: rng.between(0.3, 1.2) }, 0.003],
      [{ action: 'withdraw', at: rng.between(0.05, 0.5) }, 0.004],
      [null, 0.918],
    ]);
    return {
      id,
      complete: share(rng, [
        [[0.06, 0.5], 0.58],
        [[0.5, 0.74], 0.2],
        [[0.76, 0.99], 0.13],
        [[1.01, 1.6], 0.09],
      ]),
      exit,
      returnBeforeSigning: rng.chance(first ? 0.05 : 0.03),
      reassignBeforeSigning: rng.chance(0.008),
    };
  }

  // ---- what happens in each state -----------------------------------------------------------

  private plan(now: number): void {
    switch (this.o.phase) {
      case 'received':
        return this.planIntake(now);
      case 'dispatched':
        return this.planSigning(now);
      case 'acknowledged':
      case 'reopened':
        return this.planHandling(now);
      case 'returned':
        return this.planRuling(now);
      case 'extension_requested':
        return this.planExtensionDecision(now);
      case 'completed':
      case 'return_visit':
        return this.planVisit(now);
      case 'closed':
        return;
    }
  }

  /** A consultation: answered from an article during the call, or turned into a work order, or referred. */
  private planIntake(now: number): void {
    const c = this.profile.consultation!;
    const actor = this.o.snapshot.intake.createdBy;
    if (this.o.snapshot.orderType !== 'consultation') {
      const { leadUnit, assistingUnits } = c.catalogue;
      return this.step(now + this.rng.between(0.5, 3) * MIN, (at) =>
        this.sim.act('dispatch', { actor, leadUnit, assistingUnits: assistingUnits.filter((u) => u !== leadUnit) }, at),
      );
    }
    const minutes = share(this.rng, [
      [[0.7, 7], 0.96],
      [[7.6, 14.5], 0.03],
      [[15.5, 40], 0.01],
    ]);
    const at = now + minutes * MIN;
    switch (c.outcome) {
      case 'answer':
        return this.step(at, (t) =>
          this.sim.act('answer', { actor, articleId: c.article.code, reply: c.article.body }, t),
        );
      case 'convert':
        return this.step(at, (t) =>
          this.sim.act(
            'classify',
            {
              actor,
              ...c.convertTo,
              urgency: c.catalogue.defaultUrgency,
              handlingClass: c.catalogue.handlingClass,
              categoryLimit: c.catalogue.handlingLimit,
            },
            t,
          ),
        );
      case 'refer':
        return this.step(at, (t) =>
          this.sim.act('refer', { actor, channel: this.pick(REFERRAL_CHANNELS), reply: TEXT.referReply }, t),
        );
      case 'withdraw':
        return this.step(at, (t) => this.sim.act('withdraw', { actor, reason: this.pick(TEXT.withdraw) }, t));
    }
  }

  /** 签收 within the 15-minute response limit, mostly; at night more often late. Some are returned (退单). */
  private planSigning(now: number): void {
    const cycle = this.cycle;
    if (cycle.returnBeforeSigning) {
      cycle.returnBeforeSigning = false;
      return this.step(now + this.rng.between(5, 120) * MIN, (at) =>
        this.sim.act('returnOrder', { actor: this.lead(), reason: this.pick(TEXT.returnReason) }, at),
      );
    }
    if (cycle.reassignBeforeSigning) {
      cycle.reassignBeforeSigning = false;
      return this.step(now + this.rng.between(10, 60) * MIN, (at) =>
        this.sim.act(
          'reassign',
          { actor: coordinator(this.rng), leadUnit: this.otherUnit(), reason: this.pick(TEXT.ruling) },
          at,
        ),
      );
    }
    const hour = ((now + CHINA_OFFSET_MS) % DAY) / HOUR;
    const night = hour >= 22 || hour < 7;
    const minutes = share(
      this.rng,
      night
        ? [
            [[1, 7], 0.45],
            [[7.6, 14.5], 0.2],
            [[15.5, 540], 0.35],
          ]
        : [
            [[0.5, 7], 0.8],
            [[7.6, 14.5], 0.13],
            [[15.5, 120], 0.07],
          ],
    );
    this.step(now + minutes * MIN, (at) =>
      this.sim.act(
        'acknowledge',
        { actor: this.lead(), ...(this.rng.chance(0.3) ? { note: this.pick(TEXT.note) } : {}) },
        at,
      ),
    );
  }

  /** The unit handles the order: completes it, or first asks for more time, returns it, or it is closed otherwise. */
  private planHandling(now: number): void {
    const { exit, complete } = this.cycle;
    const useExit = exit && exit.at < complete && !(exit.action === 'returnOrder' && this.o.phase !== 'acknowledged');
    const at = this.sim.instantAt('handling', useExit ? exit.at : complete);
    // A paused clock: the coordinator's resume plans again.
    if (at === null) return;
    // Work that takes days is done in office hours; an emergency's two hours are not.
    const when = at - now > 8 * HOUR ? officeHours(this.rng, at) : Math.max(at, now + MIN);
    if (!useExit) {
      return this.step(when, (t) =>
        this.sim.act('complete', { actor: this.lead(), reply: this.pick(TEXT.completeReply) }, t),
      );
    }
    this.step(when, (t) => {
      this.cycle.exit = null;
      switch (exit.action) {
        case 'requestExtension': {
          const due = this.o.dueAt('handling');
          if (due === null) return false;
          const newDueAt = deadlineFor(
            Math.max(due, t),
            { unit: 'working_days', amount: this.rng.int(3, 10) },
            this.o.calendar,
          );
          return this.sim.act(
            'requestExtension',
            { actor: this.lead(), reason: this.pick(TEXT.extensionReason), newDueAt },
            t,
          );
        }
        case 'returnOrder':
          return this.sim.act('returnOrder', { actor: this.lead(), reason: this.pick(TEXT.returnReason) }, t);
        case 'forceClose':
          return this.sim.act('forceClose', { actor: coordinator(this.rng), reason: this.pick(TEXT.forceClose) }, t);
        case 'withdraw':
          return this.sim.act('withdraw', { actor: operator(this.rng), reason: this.pick(TEXT.withdraw) }, t);
      }
    });
  }

  /** A coordinator rules on the dispute, mostly in time; one not ruled on goes to the backstop unit (兜底). */
  private planRuling(now: number): void {
    const dispute = this.o.snapshot.returns;
    if (!this.unruled.has(dispute)) this.unruled.set(dispute, this.rng.chance(0.08));
    if (this.unruled.get(dispute)) return;
    const at = this.sim.instantAt('ruling', this.rng.between(0.03, 0.8)) ?? now + HOUR;
    const reassign = this.rng.chance(0.65);
    this.step(at, (t) =>
      this.sim.act(
        'rule',
        {
          actor: coordinator(this.rng),
          decision: reassign ? 'reassign' : 'keep',
          ...(reassign ? { leadUnit: this.otherUnit() } : {}),
          reason: this.pick(TEXT.ruling),
        },
        t,
      ),
    );
  }

  private planExtensionDecision(now: number): void {
    const at = now + this.rng.between(0.5, 20) * HOUR;
    const requested = this.o.snapshot.pendingExtension?.newDueAt ?? 0;
    const grant = requested > at + HOUR && this.rng.chance(0.8);
    this.step(at, (t) =>
      this.sim.act(
        'decideExtension',
        { actor: coordinator(this.rng), grant, reason: this.pick(TEXT.extensionReason) },
        t,
      ),
    );
  }

  /** 回访: the citizen is called back; a dissatisfied and unresolved answer reopens the order (重办). */
  private planVisit(now: number): void {
    const first = this.o.phase === 'completed';
    const at = first
      ? this.sim.instantAt(
          'visit',
          share(this.rng, [
            [[0.02, 0.3], 0.85],
            [[0.3, 0.49], 0.08],
            [[0.5, 0.74], 0.05],
            [[0.76, 0.98], 0.02],
          ]),
        )
      : now + this.rng.between(3, 20) * HOUR;
    const when = officeHours(this.rng, at ?? now + HOUR);
    if (!this.rng.chance(this.profile.frequentRater ? 0.97 : 0.86)) {
      return this.step(when, (t) =>
        this.sim.act('recordFailedAttempt', { actor: visitor(this.rng), note: this.pick(TEXT.failedVisit) }, t),
      );
    }
    this.step(when, (t) => this.recordVisit(t));
  }

  private recordVisit(at: number): boolean {
    const actor = visitor(this.rng);
    for (const contact of this.o.snapshot.contacts) {
      if (!contact.visit && this.rng.chance(0.5)) {
        this.sim.act('recordVisit', { actor, ...this.rating(0.1), contactOrderId: contact.orderId }, at);
      }
    }
    const rating = this.rating(this.profile.frequentRater ? 0.6 : this.cycleWasLate() ? 0.25 : 0.08);
    return this.sim.act('recordVisit', { actor, ...rating }, at + MIN);
  }

  /** Whether the handling clock ran out in the cycle being rated: late work is rated worse. */
  private cycleWasLate(): boolean {
    const events = this.sim.events;
    const start = events.findLastIndex(
      (e) => e.type === 'dispatched' || e.type === 'redispatched' || e.type === 'reopened',
    );
    return events.slice(start).some((e) => e.type === 'clock_breached' && e.data.clock === 'handling');
  }

  private rating(dissatisfied: number): Pick<VisitInput, 'satisfaction' | 'resolution' | 'comment'> {
    const satisfaction = this.rng.weighted<(typeof SATISFACTION)[number]>([
      ['satisfied', (1 - dissatisfied) * 0.8],
      ['basically_satisfied', (1 - dissatisfied) * 0.2],
      ['dissatisfied', dissatisfied],
    ]);
    const resolution = this.rng.weighted<VisitInput['resolution']>(
      satisfaction === 'satisfied'
        ? [
            ['resolved', 0.9],
            ['partly', 0.09],
            ['unresolved', 0.01],
          ]
        : satisfaction === 'basically_satisfied'
          ? [
              ['resolved', 0.6],
              ['partly', 0.35],
              ['unresolved', 0.05],
            ]
          : [
              ['resolved', 0.15],
              ['partly', 0.3],
              ['unresolved', 0.55],
            ],
    );
    return { satisfaction, resolution, ...(this.rng.chance(0.2) ? { comment: this.pick(TEXT.visitComment) } : {}) };
  }

  // ---- what happens beside the main line ----------------------------------------------------

  /** A unit is given the order: assisting units sign and contribute, the centre may step in, repeats arrive. */
  private onAssignment(now: number, first: boolean): void {
    this.cycle = this.drawCycle(this.cycle.id + 1, first);
    for (const { unit } of this.o.snapshot.assisting) this.assist(now, unit);
    const rng = this.rng;
    const handling = (from: number, to: number) => this.sim.instantAt('handling', rng.between(from, to));
    // Progress notes (过程记录): about half the cycles have one to three.
    const notes = rng.weighted([
      [0, 0.45],
      [1, 0.3],
      [2, 0.17],
      [3, 0.08],
    ]);
    for (let k = 0; k < notes; k++) {
      this.inCycle(handling(0.05, 0.7), (at) =>
        this.sim.act('addNote', { actor: this.lead(), note: this.pick(TEXT.note) }, at),
      );
    }
    if (rng.chance(0.02)) this.inCycle(handling(0.1, 0.5), (at) => this.pause(at));
    if (rng.chance(0.008)) {
      this.inCycle(handling(0.2, 0.6), (at) =>
        this.sim.act('escalate', { actor: coordinator(rng), level: 2, reason: this.pick(TEXT.coordination) }, at),
      );
    }
    if (rng.chance(0.004)) this.inCycle(handling(0.2, 0.5), (at) => this.moveDeadline(at));
    if (rng.chance(0.01)) {
      this.inCycle(handling(0.1, 0.4), (at) => {
        const unit = this.otherUnit();
        const reason = this.pick(TEXT.addAssisting);
        if (this.sim.act('addAssisting', { actor: coordinator(rng), unit, reason }, at)) this.assist(at, unit);
      });
    }
    if (rng.chance(0.005) && this.o.snapshot.assisting.length) {
      const unit = this.pick(this.o.snapshot.assisting).unit;
      this.inCycle(handling(0.1, 0.4), (at) =>
        this.sim.act('removeAssisting', { actor: coordinator(rng), unit, reason: this.pick(TEXT.removeAssisting) }, at),
      );
    }
    if (!first) return;
    if (rng.chance(0.01)) {
      this.later(now + rng.between(1, 10) * MIN, (at) =>
        this.sim.act(
          'refer',
          { actor: operator(rng), channel: this.pick(REFERRAL_CHANNELS), reply: TEXT.referReply },
          at,
        ),
      );
    }
    if (!this.profile.frequentRater && rng.chance(0.04)) {
      const repeats = rng.weighted([
        [1, 0.6],
        [2, 0.3],
        [3, 0.1],
      ]);
      for (let k = 0; k < repeats; k++) {
        this.later(now + rng.between(15 * MIN, 40 * HOUR), (at) => {
          const contact = this.context.repeatContact(this.sim, at);
          if (contact) this.contacts.push(contact);
        });
      }
    }
  }

  /** An assisting unit (协办) signs for its part and gives its opinion, mostly in time. */
  private assist(now: number, unit: string): void {
    const actor = unitStaff(this.rng, unit);
    this.inCycle(now + this.rng.between(5, 120) * MIN, (at) => this.sim.act('acknowledge', { actor }, at));
    if (this.rng.chance(0.02)) return;
    const p = this.rng.chance(0.95) ? this.rng.between(0.1, 0.7) : this.rng.between(0.76, 0.98);
    this.inCycle(this.sim.instantAt('assist', p, unit), (at) =>
      this.sim.act('contribute', { actor, note: this.pick(TEXT.contribution) }, at),
    );
  }

  /** A coordinator holds every clock (waiting for the citizen, say) and resumes them days later. */
  private pause(at: number): void {
    const reason = this.pick(TEXT.pause);
    if (!this.sim.act('pauseClock', { actor: coordinator(this.rng), reason }, at)) return;
    // Nothing is handled while the clocks are held: the plan waits for the resume.
    this.main = null;
    this.later(at + this.rng.between(1, 4) * DAY, (t) => {
      this.sim.act('resumeClock', { actor: coordinator(this.rng), reason }, t);
      this.main = null;
    });
  }

  private moveDeadline(at: number): void {
    const due = this.o.dueAt('handling');
    if (due === null) return;
    const dueAt = Math.round(Math.max(due, at) + this.rng.between(1, 5) * DAY);
    if (
      this.sim.act(
        'setDeadline',
        { actor: coordinator(this.rng), clock: 'handling', dueAt, reason: this.pick(TEXT.deadline) },
        at,
      )
    ) {
      this.main = null;
    }
  }
}
