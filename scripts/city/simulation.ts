/**
 * One order driven through the order workflow's own state class and action handlers at simulated
 * instants, exactly as the workflow drives them: clock events fire at their due instants (a timer is a
 * little late), an action is judged by the lifecycle table and its validator first and changes nothing
 * when refused, and each change leaves its audit events in the outbox. So a generated trail has the
 * workflow's vocabulary, data shapes and sequence numbers, and the read-model row is the workflow's own.
 */
import { ApplicationFailure } from '@temporalio/common';
import { advanceMs } from '../../domain/calendar';
import type { ClockKind } from '../../domain/clock';
import type { AuditEvent } from '../../domain/events';
import type { ActionName } from '../../domain/lifecycle';
import type { Intake } from '../../domain/order';
import { applyAction, validateAction } from '../../workflows/actions';
import type { InputOf } from '../../workflows/messages';
import { OrderState } from '../../workflows/order-state';
import type { Random } from './random';

/** From a change to its read-model and audit write (the local activity in the same workflow task). */
export const WRITE_DELAY_MS = 35;

/** The workflow's instants are whole milliseconds (Date.now()); anything else is a generator bug. */
function requireInstant(at: number): void {
  if (!Number.isInteger(at)) throw new Error(`not an instant in whole milliseconds: ${at}`);
}

export class OrderSimulation {
  /** Every audit event of the order so far, in sequence. */
  readonly events: AuditEvent[] = [];
  /** When the last change was written: the read-model row's `updatedAt`. */
  writtenAt: number;

  private constructor(
    readonly order: OrderState,
    private readonly rng: Random,
  ) {
    this.writtenAt = order.snapshot.intake.receivedAt;
    this.flush(this.writtenAt);
  }

  /** A new order as the workflow's first task creates it. */
  static receive(intake: Intake, rng: Random): OrderSimulation {
    return new OrderSimulation(OrderState.receive(intake), rng);
  }

  get id(): string {
    return this.order.snapshot.intake.orderId;
  }

  /** Fires every clock event due by `until` at its own instant, as the workflow's timer would. */
  runClocksUntil(until: number): void {
    for (;;) {
      const next = this.order.nextClockEventAt();
      if (next === null || next > until) return;
      // A timer fires a little after its instant; the order records how late.
      const at = Math.min(until, next + Math.round(this.rng.between(20, 400)));
      if (!this.order.fireDueClocks(at).length) return;
      this.flush(at);
    }
  }

  /**
   * Applies an action at `at` as its Update would (clocks due before it fire first); false, with nothing
   * changed, when the workflow would reject it.
   */
  act<K extends ActionName>(name: K, input: InputOf<K>, at: number): boolean {
    requireInstant(at);
    this.runClocksUntil(at);
    if (this.order.isClosed) return false;
    try {
      validateAction(this.order, name, input, at);
    } catch (err) {
      if (err instanceof ApplicationFailure) return false;
      throw err;
    }
    applyAction(this.order, name, input, at);
    this.flush(at);
    return true;
  }

  /** Changes made outside the action handlers (a merged contact's signal), written like any other. */
  change(at: number, apply: (order: OrderState) => void): void {
    requireInstant(at);
    this.runClocksUntil(at);
    apply(this.order);
    this.flush(at);
  }

  /** The instant the clock will have used `fraction` of its budget if it keeps running; null if it is not running. */
  instantAt(kind: ClockKind, fraction: number, subject: string | null = null): number | null {
    const c = this.order.clock(kind, subject);
    if (!c || c.runningSince === null) return null;
    const target = Math.max(0, fraction * c.budgetMs - c.consumedMs);
    return advanceMs(c.runningSince, target, c.measure, this.order.calendar);
  }

  /** The outbox, written: its events join the trail. */
  private flush(at: number): void {
    const { outbox } = this.order;
    if (!outbox.length) return;
    this.events.push(...outbox);
    this.order.written(outbox.length);
    this.writtenAt = at + WRITE_DELAY_MS;
  }
}
