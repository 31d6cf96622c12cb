/**
 * KPIs as SQL over the outcome rows, on real PostgreSQL: equal to the pure computation over the same
 * trail, kept equal by the activity batch by batch, verified and repaired by the rebuild, and at a scale
 * that once broke the query (more orders than PostgreSQL allows bind parameters).
 */
import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { kpisFor } from '../../api/kpis';
import type { Db } from '../../db/client';
import { kpisFromOutcomes } from '../../db/kpi';
import { outcomeRowsOf, sameOutcomes, type OutcomeRow } from '../../db/outcomes';
import { rebuildOrderOutcomes } from '../../projections/rebuild';
import { auditEvents, orderOutcomes, ratingReviews } from '../../db/schema';
import { trailOf } from '../../db/trail';
import type { Actor } from '../../domain/order';
import { computeKpis, DEFAULT_KPI_WEIGHTS, type KpiEvent, type KpiGroupBy, type RatingReview } from '../../domain/kpi';
import { orderFacts } from '../../domain/order-facts';
import { recompute } from '../../jobs/recompute';
import { startReferenceCache } from '../../db/reference-cache';
import { createTestDatabase, type TestDatabase } from '../../support';
import { applyAction, validateAction } from '../../workflows/actions';
import type { InputOf } from '../../workflows/messages';
import { OrderState } from '../../workflows/order-state';
import { readModelOf } from '../../workflows/order-view';
import type { ActionName } from '../../domain/lifecycle';
import { HOUR, scenarioArb, T0 } from '../fixtures/kpi-trails';
import { department, noiseComplaint, operator } from '../helpers/orders';
import { intakeOf } from '../helpers/reference';

const DAY = 24 * HOUR;
/** The random samples' windows start here, a year after the fixture's T0, clear of the driven order. */
const SAMPLES_FROM = T0 + 365 * DAY;
/** The order driven through the activity: a Tuesday, 10:00 China time. */
const TA = Date.parse('2026-12-01T02:00:00Z');
const GROUPINGS: KpiGroupBy[] = ['unit', 'category', 'centre'];
const W = DEFAULT_KPI_WEIGHTS;

let t: TestDatabase;
let db: Db;
beforeAll(async () => {
  t = await createTestDatabase({ prefix: 'hotline_kpi' });
  db = t.database.db;
});
afterAll(() => t?.drop());

async function insertTrail(events: KpiEvent[]): Promise<void> {
  if (!events.length) return;
  await db.insert(auditEvents).values(
    events.map((e) => ({
      orderId: e.orderId,
      seq: e.seq,
      type: e.type,
      at: new Date(e.at),
      actorRole: 'system',
      actorId: 'test',
      actorUnit: e.actorUnit,
      data: e.data,
    })),
  );
}

async function insertReviews(reviews: RatingReview[]): Promise<void> {
  if (!reviews.length) return;
  await db
    .insert(ratingReviews)
    .values(reviews.map((r) => ({ orderId: r.orderId, visitSeq: r.seq, requesterHash: 'h', status: r.outcome })));
}

const stored = async (orderId: string): Promise<OutcomeRow[]> =>
  (await db.select().from(orderOutcomes).where(eq(orderOutcomes.orderId, orderId))).map((r) => ({
    ...r,
    at: r.at.getTime(),
  }));

describe('KPIs summed in SQL from the outcome rows', () => {
  it('equal the pure computation over the same trail: random trails and reviews, every grouping, whole and part periods', async () => {
    // Each sample gets order ids and a 100-day window of its own, so one database holds them all.
    const samples = fc.sample(fc.tuple(scenarioArb, fc.integer({ min: 0, max: 40 * DAY })), { numRuns: 40, seed: 17 });
    const cases = samples.map(([{ events, reviews }, split], k) => {
      const shift = SAMPLES_FROM - T0 + k * 100 * DAY;
      const id = (orderId: string) => `S${k}-${orderId}`;
      // The table keeps one review per rating; the pure computation lets the later one win, so keep that one.
      const decided = new Map(reviews.map((r) => [`${r.orderId}#${r.seq}`, { ...r, orderId: id(r.orderId) }]));
      return {
        events: events.map((e) => ({ ...e, orderId: id(e.orderId), at: e.at + shift })),
        reviews: [...decided.values()],
        from: T0 + shift,
        split: T0 + shift + split,
        to: T0 + shift + 100 * DAY,
      };
    });
    // Names the array literal must quote: a comma, braces, quotes, a backslash, the word NULL.
    const odd = cases[0]!;
    const oddUnit = 'NULL';
    odd.events.push(
      ...(
        [
          ['received', { orderType: 'complaint', category: 'a "b", {c} \\d' }],
          ['dispatched', { leadUnit: oddUnit }],
          ['acknowledged', { unit: oddUnit, responseMet: true }],
        ] as const
      ).map(([type, data], i) => ({ orderId: 'S0-odd', seq: i + 1, type, at: odd.from + i, actorUnit: null, data })),
    );
    for (const c of cases) {
      await insertTrail(c.events);
      await insertReviews(c.reviews);
    }
    const rebuilt = await rebuildOrderOutcomes(db, { batchOrders: 37 });
    expect(rebuilt.events).toBe(cases.reduce((n, c) => n + c.events.length, 0));
    expect(rebuilt.rows).toBeGreaterThan(0);

    for (const c of cases) {
      for (const groupBy of GROUPINGS) {
        for (const [from, to] of [
          [c.from, c.to],
          [c.from, c.split],
          [c.split, c.to],
        ] as const) {
          const pure = computeKpis(c.events, { groupBy, weights: W, reviews: c.reviews, period: { from, to } });
          const summed = await kpisFromOutcomes(db, { groupBy, from: new Date(from), to: new Date(to), weights: W });
          expect(summed).toEqual(pure);
        }
      }
    }
  });

  it('are verified against the trail, and a row that drifted is found and repaired', async () => {
    expect((await rebuildOrderOutcomes(db, { mode: 'verify' })).differing).toEqual([]);
    const [victim] = await db.select().from(orderOutcomes).limit(1);
    await db
      .update(orderOutcomes)
      .set({ value: sql`${orderOutcomes.value} + 1` })
      .where(
        and(
          eq(orderOutcomes.orderId, victim!.orderId),
          eq(orderOutcomes.seq, victim!.seq),
          eq(orderOutcomes.name, victim!.name),
        ),
      );
    expect((await rebuildOrderOutcomes(db, { mode: 'verify' })).differing).toEqual([victim!.orderId]);
    expect((await rebuildOrderOutcomes(db, { mode: 'repair' })).differing).toEqual([victim!.orderId]);
    expect((await rebuildOrderOutcomes(db, { mode: 'verify' })).differing).toEqual([]);
  });
});

describe('the record activity', () => {
  const CGJ = department('CGJ');
  const visitor: Actor = { role: 'visitor', id: 'visit-1', unit: 'CENTRE' };

  it('keeps the order’s outcome rows equal to its whole trail’s, batch by batch; a retried batch changes nothing', async () => {
    const { recordOrderEvents } = createActivities({ db });
    const order = OrderState.receive(intakeOf(noiseComplaint, TA, { actor: operator }));
    const orderId = order.snapshot.intake.orderId;
    const batches: Parameters<typeof recordOrderEvents>[0][] = [];
    const flush = async (now: number) => {
      const batch = { order: readModelOf(order, now), events: [...order.outbox] };
      order.written(batch.events.length);
      batches.push(batch);
      await recordOrderEvents(batch);
      const trail = await trailOf(db, orderId);
      expect(sameOutcomes(await stored(orderId), outcomeRowsOf(orderId, orderFacts(trail)))).toBe(true);
    };
    const take = async <K extends ActionName>(name: K, input: InputOf<K>, at: number) => {
      validateAction(order, name, input, at);
      order.fireDueClocks(at);
      applyAction(order, name, input, at);
      await flush(at);
    };
    await flush(TA);
    await take('acknowledge', { actor: CGJ }, TA + 20 * 60_000); // after the 15-minute breach
    await take('complete', { actor: CGJ, reply: '已处理' }, TA + 2 * HOUR);
    await take('recordVisit', { actor: visitor, satisfaction: 'dissatisfied', resolution: 'unresolved' }, TA + DAY);
    await take('complete', { actor: CGJ, reply: '已再次处理' }, TA + 2 * DAY);
    await take('recordVisit', { actor: visitor, satisfaction: 'satisfied', resolution: 'resolved' }, TA + 3 * DAY);
    expect(order.isClosed).toBe(true);

    const before = await stored(orderId);
    await recordOrderEvents(batches[1]!);
    expect(await stored(orderId)).toEqual(before);

    // The dissatisfied rating reviewed not attributable: the SQL figures follow the review like the pure ones.
    const trail = (await trailOf(db, orderId)).map((e) => ({ ...e, orderId }));
    const rating = trail.find((e) => e.type === 'visit_recorded')!.seq;
    const reviews: RatingReview[] = [{ orderId, seq: rating, outcome: 'not_attributable' }];
    await insertReviews(reviews);
    const period = { from: TA, to: TA + 10 * DAY };
    for (const groupBy of GROUPINGS) {
      const summed = await kpisFromOutcomes(db, {
        groupBy,
        from: new Date(period.from),
        to: new Date(period.to),
        weights: W,
      });
      const pure = computeKpis(trail, { groupBy, weights: W, reviews, period });
      expect(summed).toEqual(pure);
    }
  });

  it('leaves a database that `recompute` finds equal to its trail: read model, outcome rows and KPIs', async () => {
    const result = await recompute(db, {
      kpis: { groupBy: 'unit', from: new Date(TA - DAY), to: new Date(TA + 10 * DAY), weights: W },
      batchOrders: 50,
    });
    expect(result.outcomes.differing).toEqual([]);
    expect(result.kpis!.equal).toBe(true);
    expect(result.kpis!.fromOutcomes.length).toBeGreaterThan(0);
  });
});

describe('a city-sized week', () => {
  const ORDERS = 70_000; // above the 65,535 bind parameters one statement may carry
  const week = Date.parse('2026-11-02T00:00:00+08:00');

  it('computes KPIs over more than 65,535 orders, with every count', async () => {
    // Three events per order, written in one statement: received, dispatched to one of three units, signed
    // (every tenth late). What a bulk load does, then it derives the outcome rows.
    await db.execute(sql`
      insert into ${auditEvents} (order_id, seq, type, at, actor_role, actor_id, actor_unit, data)
      select 'CITY' || lpad(n::text, 6, '0'), s.seq, s.type,
        ${new Date(week).toISOString()}::timestamptz + n * interval '8 seconds' + s.offset_s * interval '1 second',
        'system', 'bulk', case when s.seq = 3 then u.unit end,
        case s.seq
          when 1 then jsonb_build_object('orderType', 'complaint', 'category', u.category, 'channel', 'phone')
          when 2 then jsonb_build_object('leadUnit', u.unit, 'assistingUnits', '[]'::jsonb)
          else jsonb_build_object('unit', u.unit, 'responseMet', n % 10 <> 0)
        end
      from generate_series(1, ${ORDERS}) n
      cross join lateral (select (array['CGJ', 'ZJJ', 'STHJ'])[1 + n % 3] as unit,
                                 (array['noise_construction', 'road_damage'])[1 + n % 2] as category) u
      cross join (values (1, 'received', 0), (2, 'dispatched', 0), (3, 'acknowledged', 300)) s(seq, type, offset_s)`);
    const started = Date.now();
    const rebuilt = await rebuildOrderOutcomes(db, { batchOrders: 10_000 });
    const rebuildMs = Date.now() - started;
    expect(rebuilt.orders).toBeGreaterThanOrEqual(ORDERS);
    const [city] = await db
      .select({ rows: sql<number>`count(*)::int` })
      .from(orderOutcomes)
      .where(sql`${orderOutcomes.orderId} like 'CITY%'`);
    // received, dispatches, assignments, responseJudged, and responseOnTime for the nine in ten signed in time
    expect(city!.rows).toBe(5 * ORDERS - ORDERS / 10);

    const reference = await startReferenceCache(db);
    try {
      const query = { from: new Date(week).toISOString(), to: new Date(week + 7 * DAY).toISOString() };
      const kpiStarted = Date.now();
      const [centre] = await kpisFor(db, reference, { ...query, groupBy: 'centre' });
      const kpiMs = Date.now() - kpiStarted;
      expect(centre!.raw.orders).toBe(ORDERS);
      expect(centre!.raw.counts).toMatchObject({
        received: ORDERS,
        dispatches: ORDERS,
        assignments: ORDERS,
        responseJudged: ORDERS,
        responseOnTime: ORDERS - ORDERS / 10,
      });
      expect(centre!.raw.onTimeResponseRate).toBeCloseTo(0.9, 12);
      const byUnit = await kpisFor(db, reference, { ...query, groupBy: 'unit' });
      expect(byUnit.map((r) => [r.group, r.raw.orders])).toEqual([
        ['CGJ', 23_333],
        ['STHJ', 23_333],
        ['ZJJ', 23_334],
      ]);
      const byCategory = await kpisFor(db, reference, { ...query, groupBy: 'category' });
      expect(byCategory.map((r) => r.raw.counts.received)).toEqual([ORDERS / 2, ORDERS / 2]);
      console.log(
        `${ORDERS} orders, ${3 * ORDERS} events: outcome rows derived in ${rebuildMs} ms, centre KPIs for the week in ${kpiMs} ms`,
      );
    } finally {
      reference.stop();
    }
  });
});
