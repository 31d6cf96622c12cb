/**
 * What a projection is: a view of the audit trail kept in the same transaction as the events it follows,
 * and (when it can be) re-derived from the trail alone. The registry (projections/registry.ts) lists them;
 * README "How it works" says how to add one.
 */
import type { Db } from '../db/client';
import type { OrderRange } from '../db/trail';
import { trailOf } from '../db/trail';
import type { AuditEventType } from '../domain/events';
import { orderFacts, type OrderFacts } from '../domain/order-facts';
import type { OrderReadModel } from '../domain/order-view';

/** An event as the batch appended it. */
export interface WrittenEvent {
  seq: number;
  type: AuditEventType;
  at: number;
  data: Record<string, unknown>;
}

/** One batch of an order's events as it is written: the order after it, and what was new. */
export interface TrailChange {
  /** The order as the workflow sees it after the batch. */
  order: OrderReadModel;
  /** The events this batch appended; none when it is a retry of a batch already written. */
  written: readonly WrittenEvent[];
  /** The order's whole trail, reduced; read once, on first use, inside the batch's transaction. */
  facts(): Promise<OrderFacts>;
  /** Set by the review queue, read by the live notice (which runs after it in the registry). */
  reviewQueued: boolean;
  /** The outbox subscribers a reactor wrote entries for: their delivery is woken once this commits. */
  wake: Set<string>;
}

/** How a pass over the trail treats what a projection holds. */
export type CheckMode = 'verify' | 'repair' | 'replace';

export interface Checked {
  differences: Difference[];
  /** The rows (or records) the trail gives for the range. */
  derived: number;
}

/** Where a projection differs from its order's trail: a field when it can name one. */
export interface Difference {
  orderId: string;
  field: string;
  stored: unknown;
  trail: unknown;
}

export interface Projection {
  name: string;
  /**
   * The batches it follows: `every batch` (also a retried one that wrote nothing new), `any new event`,
   * or the event types whose arrival it reacts to.
   */
  follows: 'every batch' | 'any new event' | readonly AuditEventType[];
  apply(tx: Db, change: TrailChange): Promise<void>;
  /**
   * Compares what it holds for a range of orders with their trails (`verify`), rewrites the orders that
   * differ (`repair`) or rewrites the range outright (`replace`, which reports no difference); what
   * differed, and how many rows the trail gives.
   * Absent for what the trail alone cannot re-derive (a queue decided at the time, a message sent).
   */
  check?(tx: Db, range: OrderRange, facts: ReadonlyMap<string, OrderFacts>, mode: CheckMode): Promise<Checked>;
}

/** Whether a projection follows this batch. */
export function follows(p: Projection, change: TrailChange): boolean {
  if (p.follows === 'every batch') return true;
  if (p.follows === 'any new event') return change.written.length > 0;
  const types = p.follows;
  return change.written.some((e) => types.includes(e.type));
}

/** A change whose facts are read from the trail the first time a projection asks. */
export function trailChange(tx: Db, order: OrderReadModel, written: TrailChange['written']): TrailChange {
  let facts: Promise<OrderFacts> | null = null;
  return {
    order,
    written,
    facts: () => (facts ??= trailOf(tx, order.orderId).then(orderFacts)),
    reviewQueued: false,
    wake: new Set(),
  };
}
