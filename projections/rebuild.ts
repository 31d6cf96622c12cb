/**
 * One pass over the audit trail that checks or rebuilds projections (npm run recompute): range by range
 * of order ids, each range's trails read once and reduced once, then handed to every projection asked
 * for. Two ranges in flight: one reduced while the other is read or written. A range that is rewritten
 * is written in one transaction that first locks its orders' read-model rows, so an order whose events
 * are being appended meanwhile is re-derived by that write afterwards, never left stale. Safe to run on
 * a live system; after a bulk load, `replace` fills what the COPY left out.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditEvents, orderOutcomes, orders } from '../db/schema';
import { inRange, orderRanges, trailsIn, type OrderRange } from '../db/trail';
import { orderFacts, type OrderFacts } from '../domain/order-facts';
import { kpiOutcomes } from './kpi-outcomes';
import type { CheckMode, Difference, Projection } from './projection';
import { checkable } from './registry';

export interface PassTotals {
  orders: number;
  events: number;
  /** Per projection: the rows the trail gives. */
  derived: Record<string, number>;
}

export interface PassResult extends PassTotals {
  /** Per projection: where it differed from the trail (`verify`, `repair`). */
  differences: Record<string, Difference[]>;
  ms: number;
}

/** Orders per range of a pass over the trail: one read and one write each. */
export const BATCH_ORDERS = 5_000;

export interface PassOptions {
  /** Default: every projection that can be checked (projections/registry). */
  projections?: readonly Projection[];
  /** `verify` (default): compare only; `repair`: rewrite what differs; `replace`: rewrite every range. */
  mode?: CheckMode;
  /** Orders per range; default `BATCH_ORDERS`. */
  batchOrders?: number;
  /** The orders to pass over, range by range; default every order with a trail (`orderRanges`). */
  ranges?: AsyncIterable<OrderRange>;
  /** Called after each range. */
  onProgress?: (done: PassTotals) => void;
  /** Also called with each range's facts, inside its transaction, so another check rides on the same pass. */
  eachRange?: (tx: Db, range: OrderRange, facts: ReadonlyMap<string, OrderFacts>) => Promise<void>;
}

export async function passOverTrail(db: Db, options: PassOptions = {}): Promise<PassResult> {
  const mode = options.mode ?? 'verify';
  const projections = options.projections ?? checkable();
  const started = Date.now();
  const total: PassResult = { orders: 0, events: 0, derived: {}, differences: {}, ms: 0 };
  for (const p of projections) {
    total.derived[p.name] = 0;
    total.differences[p.name] = [];
  }

  const oneRange = async (range: OrderRange) => {
    const work = async (tx: Db) => {
      if (mode !== 'verify') {
        await tx.execute(sql`select 1 from ${orders} where ${inRange(orders.orderId, range)} for share`);
      }
      const facts = new Map<string, OrderFacts>();
      for (const [orderId, trail] of await trailsIn(tx, range)) {
        facts.set(orderId, orderFacts(trail));
        total.events += trail.length;
      }
      for (const p of projections) {
        const checked = await p.check!(tx, range, facts, mode);
        total.derived[p.name]! += checked.derived;
        total.differences[p.name]!.push(...checked.differences);
      }
      await options.eachRange?.(tx, range, facts);
      total.orders += facts.size;
    };
    if (mode === 'verify') await work(db);
    else await db.transaction((tx) => work(tx));
    options.onProgress?.({ orders: total.orders, events: total.events, derived: { ...total.derived } });
  };

  let inFlight: Promise<void> | null = null;
  for await (const range of options.ranges ?? orderRanges(db, options.batchOrders ?? BATCH_ORDERS)) {
    const next = oneRange(range);
    if (inFlight) await inFlight;
    inFlight = next;
  }
  if (inFlight) await inFlight;
  total.ms = Date.now() - started;
  return total;
}

export interface OutcomeRebuild {
  orders: number;
  events: number;
  rows: number;
  /** Orders whose stored rows differed from their trail (`verify`, `repair`). */
  differing: string[];
  ms: number;
}

/** The KPI outcome rows alone: `replace` (default) rewrites them all, `verify`/`repair` compare. */
export async function rebuildOrderOutcomes(
  db: Db,
  options: Omit<PassOptions, 'projections' | 'mode'> & { mode?: CheckMode } = {},
): Promise<OutcomeRebuild> {
  const pass = await passOverTrail(db, { mode: 'replace', ...options, projections: [kpiOutcomes] });
  return {
    orders: pass.orders,
    events: pass.events,
    rows: pass.derived[kpiOutcomes.name]!,
    differing: pass.differences[kpiOutcomes.name]!.map((d) => d.orderId),
    ms: pass.ms,
  };
}

/** Fills the outcome rows of a database that has a trail but none yet (the first start after the table appeared). */
export async function backfillOrderOutcomes(db: Db): Promise<OutcomeRebuild | null> {
  const any = sql<number>`1`;
  const [trail] = await db.select({ any }).from(auditEvents).limit(1);
  const [outcome] = await db.select({ any }).from(orderOutcomes).limit(1);
  return trail && !outcome ? rebuildOrderOutcomes(db) : null;
}
