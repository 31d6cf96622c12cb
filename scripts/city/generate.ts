/**
 * One process's share of a city: its orders lived (./city) and written as the workflow's activity would
 * write them — the read-model row, the audit events and the KPI outcome rows — plus the review queue of
 * its frequent raters.
 * Orders still open when the period ends are kept, up to a quota, to run on as real workflows; the
 * others are left out, so that everything written is either closed history or a running order.
 */
import type { AuditEvent } from '../../domain/events';
import { ratingsForReview, requesterFlag, reviewableRatings } from '../../domain/fairness';
import { orderFacts } from '../../domain/order-facts';
import type { OrderSnapshot } from '../../workflows/order-state';
import { readModelOf } from '../../workflows/order-view';
import { outcomeRowsOf } from '../../db/outcomes';
import { auditRows } from '../../db/trail';
import { orderRowOf } from '../../projections/read-model';
import type { City, FrequentRater } from './city';
import { CopyWriter, type CopySink } from './copy';
import { reviewerId, TEXT } from './people';
import { Random } from './random';
import { WRITE_DELAY_MS, type OrderSimulation } from './simulation';

const DAY = 86_400_000;

export interface Partition {
  index: number;
  count: number;
  /** How many orders open at the end this share keeps. */
  openQuota: number;
}

/** An order open at the end of the period, to be started as a workflow that carries its state on. */
export interface OpenOrder {
  orderId: string;
  snapshot: OrderSnapshot;
}

export interface PartitionResult {
  orders: number;
  events: number;
  /** KPI outcome rows (order_outcomes), derived from each trail by the reducer the activity uses. */
  outcomes: number;
  reviews: number;
  /** Open at the end of the period beyond the quota: not written. */
  leftOut: number;
  open: OpenOrder[];
}

/** Which share generates order `index`: a frequent rater's orders all in one share (its review queue needs them). */
export function shareOf(city: City, index: number, count: number): number {
  const rater = city.raterOf.get(index);
  return (rater ? rater.index : index) % count;
}

export async function generatePartition(
  city: City,
  part: Partition,
  sink: CopySink,
  onProgress: (done: number) => void = () => {},
): Promise<PartitionResult> {
  const writer = new CopyWriter(sink);
  const result: PartitionResult = { orders: 0, events: 0, outcomes: 0, reviews: 0, leftOut: 0, open: [] };
  const raterOrders = new Map<FrequentRater, OrderSimulation[]>();
  // What the record activity writes: the read-model row, the events (recorded a moment after they
  // happened) and the order's outcome rows.
  const write = (sim: OrderSimulation) => {
    writer.add('orders', orderRowOf(readModelOf(sim.order, sim.writtenAt)));
    for (const row of auditRows(sim.id, sim.events)) {
      writer.add('audit_events', { ...row, recordedAt: new Date(row.at.getTime() + WRITE_DELAY_MS) });
    }
    const outcomes = outcomeRowsOf(sim.id, orderFacts(sim.events.map(trailRow)));
    for (const o of outcomes) writer.add('order_outcomes', { ...o, at: new Date(o.at) });
    result.orders += 1;
    result.events += sim.events.length;
    result.outcomes += outcomes.length;
  };
  let done = 0;
  for (let i = 0; i < city.plan.orders; i++) {
    if (shareOf(city, i, part.count) !== part.index) continue;
    const life = city.live(i);
    if (life.open) {
      if (result.open.length >= part.openQuota) {
        result.leftOut += 1;
        continue;
      }
      result.open.push({ orderId: life.sim.id, snapshot: structuredClone(life.sim.order.snapshot) });
    }
    for (const sim of [life.sim, ...life.contacts]) write(sim);
    const rater = city.raterOf.get(i);
    if (rater) raterOrders.set(rater, [...(raterOrders.get(rater) ?? []), life.sim]);
    if (++done % 500 === 0) {
      await writer.drain();
      onProgress(done);
    }
  }
  for (const [rater, sims] of raterOrders) {
    const queue = reviewQueue(city, rater, sims);
    for (const review of queue) writer.add('rating_reviews', review);
    result.reviews += queue.length;
  }
  await writer.close();
  onProgress(done);
  return result;
}

/**
 * The ratings of one frequent rater that the record activity sends to third-party review (the rule in
 * domain/fairness), as it would have judged each at the time: the requester's contacts and dissatisfied
 * ratings in the window before it, among what was written. Decided a few days later, unless still pending.
 */
function reviewQueue(city: City, rater: FrequentRater, sims: OrderSimulation[]) {
  const { policy } = city.reference.ref;
  const window = policy.fairness.windowDays * DAY;
  const received = sims.map((s) => s.order.snapshot.intake.receivedAt);
  const trails = sims.map((s) => ({ sim: s, facts: orderFacts(s.events.map(trailRow)) }));
  const dissatisfiedAt = trails.flatMap(({ facts }) =>
    facts.visits.filter((v) => v.satisfaction === 'dissatisfied').map((v) => v.at),
  );
  const rng = new Random(city.plan.seed, 0x7e71e3, rater.index);
  return trails.flatMap(({ sim, facts }) =>
    reviewableRatings(
      facts,
      facts.visits.map((v) => v.seq),
    ).flatMap((seq) => {
      const visit = facts.visits.find((v) => v.seq === seq)!;
      const inWindow = (t: number) => t >= visit.at - window && t <= visit.at;
      const flag = requesterFlag(
        { contacts: received.filter(inWindow).length, dissatisfied: dissatisfiedAt.filter(inWindow).length },
        policy,
      );
      if (!ratingsForReview(flag, facts, [seq]).length) return [];
      const decidedAt = visit.at + rng.between(1, 6) * DAY;
      const decided = decidedAt <= city.plan.end;
      const upheld = rng.chance(0.4);
      return [
        {
          orderId: sim.id,
          visitSeq: seq,
          requesterHash: sim.order.snapshot.intake.requesterHash!,
          unit: visit.unit,
          status: decided ? (upheld ? 'upheld' : 'not_attributable') : 'pending',
          reason: decided ? TEXT.review[upheld ? 1 : 0] : null,
          reviewerId: decided ? reviewerId(rng) : null,
          createdAt: new Date(visit.at + 35),
          decidedAt: decided ? new Date(decidedAt) : null,
        },
      ];
    }),
  );
}

/** An event as the trail's readers see a stored row. */
const trailRow = (e: AuditEvent) => ({ seq: e.seq, type: e.type, at: e.at, actorUnit: e.actor.unit, data: e.data });
