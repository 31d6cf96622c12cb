/**
 * The city generator (npm run seed:city) writes what the system itself would have written: a trail
 * without holes in the workflow's vocabulary, read-model rows the recompute finds equal to their trails,
 * a review queue the fairness rule would have filled, and open orders that run on as real workflows.
 */
import { Worker } from '@temporalio/worker';
import { and, eq, gte, isNotNull, lt, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, orderOutcomes, orders, ratingReviews } from '../../db/schema';
import { isAuditEventType } from '../../domain/events';
import { reviewableRatings } from '../../domain/fairness';
import { orderFacts } from '../../domain/order-facts';
import { recompute, verifyAgainstTemporal } from '../../jobs/recompute';
import { City, loadCityReference } from '../../scripts/city/city';
import { loadCity, type LoadResult } from '../../scripts/city/load';
import { startOpenOrders } from '../../scripts/city/open-orders';
import { requesterFlagOf } from '../../db/fairness';
import { auditTrail, createTestDatabase, eventually, type TestDatabase } from '../../support';
import { devServerEnv, orderWorker } from '../helpers/temporal';

const END = Date.parse('2026-11-20T04:00:00Z');
const PLAN = { orders: 2_000, days: 240, end: END, seed: 7, hashKey: 'city-test-key' };

let t: TestDatabase;
let loaded: LoadResult;

beforeAll(async () => {
  t = await createTestDatabase({ prefix: 'hotline_city_test' });
  loaded = await loadCity({ kind: 'postgres', url: t.url }, { ...PLAN, workers: 2, open: 5 }, () => {});
});
afterAll(async () => {
  await t?.drop();
});

const count = async (table: typeof orders | typeof auditEvents | typeof ratingReviews) => {
  const [row] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table);
  return row!.n;
};

describe('a generated city', () => {
  it('writes every order and event it reports, numbered 1..n without holes, in the workflow vocabulary', async () => {
    expect(loaded.orders).toBeGreaterThan(PLAN.orders * 0.95);
    expect(await count(orders)).toBe(loaded.orders);
    expect(await count(auditEvents)).toBe(loaded.events);
    const holes = await t.database.db
      .select({ orderId: auditEvents.orderId })
      .from(auditEvents)
      .groupBy(auditEvents.orderId)
      .having(sql`min(${auditEvents.seq}) <> 1 or max(${auditEvents.seq}) <> count(*)`);
    expect(holes).toEqual([]);
    const types = await t.database.db.selectDistinct({ type: auditEvents.type }).from(auditEvents);
    expect(types.filter((r) => !isAuditEventType(r.type))).toEqual([]);
  });

  it('has read-model rows, outcome rows and KPIs the recompute finds equal to their trails', async () => {
    const { policy } = (await loadCityReference(t.database.db)).ref;
    const r = await recompute(t.database.db, {
      kpis: { groupBy: 'unit', from: new Date(END - 30 * 86_400_000), to: new Date(END), weights: policy.kpiWeights },
      everyOrder: true,
    });
    expect(r.readModel.checked).toBe(loaded.orders);
    const { mismatches, gaps, missingRows } = r.readModel;
    expect({ mismatches, gaps, missingRows }).toEqual({ mismatches: [], gaps: [], missingRows: [] });
    expect(r.outcomes).toMatchObject({ orders: loaded.orders, rows: loaded.outcomes, differing: [] });
    expect(r.kpis?.equal).toBe(true);
    expect(r.kpis?.fromOutcomes.length).toBeGreaterThan(10);
  });

  it("recomputes a month over that month's orders alone, and finds a stray outcome row dated in it", async () => {
    const { policy } = (await loadCityReference(t.database.db)).ref;
    const month = { from: new Date(END - 30 * 86_400_000), to: new Date(END) };
    const kpis = { groupBy: 'unit' as const, ...month, weights: policy.kpiWeights };
    const db = t.database.db;
    const [active] = await db
      .select({ n: sql<number>`count(distinct ${auditEvents.orderId})::int` })
      .from(auditEvents)
      .where(and(gte(auditEvents.at, month.from), lt(auditEvents.at, month.to)));
    const r = await recompute(db, { kpis, batchOrders: 97 });
    expect(r.readModel.checked).toBe(active!.n);
    expect(r.readModel.checked).toBeLessThan(loaded.orders / 2);
    expect(r.outcomes.differing).toEqual([]);
    expect(r.kpis?.equal).toBe(true);

    // An order whose trail ended before the month, with one outcome row moved into it: the pass finds it.
    const [old] = await db
      .select({
        orderId: orderOutcomes.orderId,
        seq: orderOutcomes.seq,
        name: orderOutcomes.name,
        at: orderOutcomes.at,
      })
      .from(orderOutcomes)
      .innerJoin(orders, eq(orders.orderId, orderOutcomes.orderId))
      .where(and(lt(orders.updatedAt, new Date(month.from.getTime() - 86_400_000)), isNotNull(orderOutcomes.unit)))
      .limit(1);
    const row = and(
      eq(orderOutcomes.orderId, old!.orderId),
      eq(orderOutcomes.seq, old!.seq),
      eq(orderOutcomes.name, old!.name),
    );
    await db
      .update(orderOutcomes)
      .set({ at: new Date(END - 86_400_000) })
      .where(row);
    try {
      const tampered = await recompute(db, { kpis });
      expect(tampered.outcomes.differing).toEqual([old!.orderId]);
      expect(tampered.kpis?.equal).toBe(false);
    } finally {
      await db.update(orderOutcomes).set({ at: old!.at }).where(row);
    }
  });

  it('has the mix of a centre: mostly direct answers, and every kind of trouble', async () => {
    const closures = await t.database.db
      .select({ code: orders.closureCode, n: sql<number>`count(*)::int` })
      .from(orders)
      .groupBy(orders.closureCode);
    const answered = closures.find((r) => r.code === 'answered')?.n ?? 0;
    expect(answered / loaded.orders).toBeGreaterThan(0.6);
    expect(answered / loaded.orders).toBeLessThan(0.8);
    const types = new Set(
      (await t.database.db.selectDistinct({ type: auditEvents.type }).from(auditEvents)).map((r) => r.type),
    );
    for (const type of [
      'dispatched',
      'acknowledged',
      'completed',
      'visit_recorded',
      'clock_breached',
      'escalated',
      'returned',
      'ruled',
      'reopened',
      'extension_requested',
      'contact_merged',
    ]) {
      expect(types, type).toContain(type);
    }
  });

  it('queues for review only what the fairness rule sends there: dissatisfied, on time, flagged requester', async () => {
    const reviews = await t.database.db.select().from(ratingReviews);
    expect(reviews.length).toBe(loaded.reviews);
    expect(reviews.length).toBeGreaterThan(0);
    const { policy } = (await loadCityReference(t.database.db)).ref;
    for (const r of reviews) {
      const trail = (await auditTrail(t.database.db, r.orderId)).map((e) => ({ ...e, at: e.at.getTime() }));
      expect(reviewableRatings(orderFacts(trail), [r.visitSeq])).toEqual([r.visitSeq]);
      const visitAt = trail.find((e) => e.seq === r.visitSeq)!.at;
      expect((await requesterFlagOf(t.database.db, policy, r.requesterHash, visitAt)).flagged).toBe(true);
    }
  });

  it('has forgotten the contacts the retention rule would have anonymised by the end of the period', async () => {
    const cutOff = new Date(END - 180 * 86_400_000);
    const [kept] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(orders)
      .where(and(lt(orders.closedAt, cutOff), isNotNull(orders.citizen)));
    expect(loaded.anonymised).toBeGreaterThan(0);
    expect(kept!.n).toBe(0);
  });

  it('is the same city whichever process generates it', async () => {
    const reference = await loadCityReference(t.database.db);
    const [a, b] = [new City(PLAN, reference).live(1234), new City(PLAN, reference).live(1234)];
    expect(a.sim.events).toEqual(b.sim.events);
    const [row] = await t.database.db
      .select()
      .from(orders)
      .where(sql`${orders.orderId} = ${a.sim.id}`);
    expect(row?.lastSeq).toBe(a.sim.events.length);
  });

  it('keeps open orders that run on as workflows from the state they were left in', async () => {
    expect(loaded.open).toHaveLength(5);
    const env = await devServerEnv();
    try {
      await startOpenOrders(env.client, loaded.open);
      const worker: Worker = await orderWorker(env, t.database.db);
      await worker.runUntil(async () => {
        const ids = loaded.open.map((o) => o.orderId);
        // The workflows fire what fell due since the period ended and write it after the loaded trail.
        await eventually(
          () => verifyAgainstTemporal(t.database.db, env.client, ids),
          (m) => m.length === 0,
          { timeoutMs: 60_000 },
        );
      });
    } finally {
      await env.teardown();
    }
  });
});
