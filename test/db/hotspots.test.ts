/**
 * 每月一题 at scale on both databases the product runs on (PostgreSQL, PGlite): 4,000 generated orders over seven months, a few places complained
 * of again and again among many complained of once or twice. The database counts months per category and
 * place and reads only the orders of the places that come back; the candidates are the same as judging
 * every order of the look-back in memory. Rows projected before the read model kept a place get it from the
 * start-up backfill, which runs to completion once: a start stopped mid-fill leaves it to the next.
 */
import { isNotNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillOrderPlaces, complaintFacts, structuralProblems } from '../../db/hotspots';
import { orders } from '../../db/schema';
import { DEMO_UNITS } from '../../db/seed-data/units';
import { lookbackStart, orderPlace, STRUCTURAL_DEFAULTS, structuralCandidates } from '../../domain/hotspots';
import { DATABASE_ENGINES } from '../helpers/engines';

const NOW = Date.parse('2026-12-07T12:00:00+08:00');
const DAY = 86_400_000;
const ROADS = ['滨江路', '望江路', '文昌路', '解放路', '人民路', '中山路', '建设路', '和平路'];
const ESTATES = ['锦绣花园', '阳光小区', '临江新村', '东方家园'];
const CATEGORIES = ['noise_construction', 'road_damage', 'garbage'];
const units = new Map(DEMO_UNITS.map((u) => [u.code, u]));

/** A small deterministic generator (the same orders every run). */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function generated() {
  const next = random(26);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  return Array.from({ length: 4000 }, (_, i) => {
    // A few hot places: the first roads' low numbers, written several ways.
    const hot = next() < 0.15;
    const address =
      next() < 0.1
        ? null
        : hot
          ? pick([`临江区${ROADS[i % 2]}${1 + (i % 3)}号`, `${ROADS[i % 2]}${1 + (i % 3)}号门口`])
          : next() < 0.5
            ? `${pick(ROADS)}${1 + Math.floor(next() * 400)}号`
            : `${pick(ESTATES)}${1 + Math.floor(next() * 40)}栋`;
    const receivedAt = new Date(NOW - Math.floor(next() * 210 * DAY));
    return {
      orderId: `WO${String(i).padStart(6, '0')}`,
      orderType: next() < 0.1 ? 'consultation' : 'complaint',
      channel: 'phone',
      category: hot ? CATEGORIES[i % 2]! : pick(CATEGORIES),
      urgency: 'normal',
      state: 'closed',
      slaState: 'on_track',
      leadUnit: 'CGJ',
      policyVersion: 1,
      snapshot: address ? { incidentAddress: address } : {},
      // A third written before the read model kept the place.
      place: i % 3 === 0 ? null : orderPlace(address),
      receivedAt,
      updatedAt: receivedAt,
      lastSeq: 1,
    };
  });
}

for (const [engine, open] of DATABASE_ENGINES) {
  describe(`structural problems counted by ${engine}`, () => {
    let opened: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      opened = await open();
      const rows = generated();
      for (let i = 0; i < rows.length; i += 500) await opened.database.db.insert(orders).values(rows.slice(i, i + 500));
    });
    afterAll(async () => opened?.close());

    it('fills the places missing, then lists what judging every order in memory lists', async () => {
      const db = opened.database.db;
      const filled = await backfillOrderPlaces(db, 300);
      expect(filled).toBeGreaterThan(1000);
      expect(await backfillOrderPlaces(db)).toBeNull();

      const since = new Date(`${lookbackStart(NOW, STRUCTURAL_DEFAULTS)}T00:00:00+08:00`);
      const everything = await complaintFacts(db, units, since, new Date(NOW + 1));
      expect(everything.length).toBeGreaterThan(2500);
      const expected = structuralCandidates(everything, NOW, STRUCTURAL_DEFAULTS);
      expect(expected.length).toBeGreaterThanOrEqual(4);

      expect(await structuralProblems(db, units, STRUCTURAL_DEFAULTS, NOW)).toEqual(expected);
      // Stricter thresholds: fewer, still the same as in memory.
      const strict = { minMonths: 6, lookbackMonths: 6 };
      expect(await structuralProblems(db, units, strict, NOW)).toEqual(structuralCandidates(everything, NOW, strict));
    });
  });
}

/** Orders written before the read model kept a place: every one placeable, WO000000 to WO000059. */
const [someOrder] = generated();
const unplaced = Array.from({ length: 60 }, (_, i) => ({
  ...someOrder!,
  orderId: `WO${String(i).padStart(6, '0')}`,
  snapshot: { incidentAddress: `${ROADS[i % ROADS.length]}${i + 1}号` },
  place: null,
}));

for (const [engine, open] of DATABASE_ENGINES) {
  describe(`the place backfill on ${engine}`, () => {
    let opened: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      opened = await open();
      await opened.database.db.insert(orders).values(unplaced);
    });
    afterAll(async () => opened?.close());

    const placed = () => opened.database.db.$count(orders, isNotNull(orders.place));

    it('fills again after a start stopped mid-fill, then never again', async () => {
      const db = opened.database.db;
      // The start stops in the fourth batch of ten: the three before it are written.
      await db.execute(sql`create function stop_start() returns trigger language plpgsql as $$
        begin raise exception 'start stopped'; end $$`);
      await db.execute(sql`create trigger stop_start before update on orders
        for each row when (new.order_id = 'WO000035') execute function stop_start()`);
      await expect(backfillOrderPlaces(db, 10)).rejects.toThrow();
      expect(await placed()).toBe(30);

      await db.execute(sql`drop trigger stop_start on orders`);
      expect(await backfillOrderPlaces(db, 10)).toBe(30);
      expect(await placed()).toBe(60);

      // An order without a place written afterwards is not the fill's: later starts read nothing.
      await db.execute(sql`insert into orders (order_id, order_type, channel, urgency, state, sla_state,
        policy_version, snapshot, received_at, updated_at, last_seq)
        values ('WO000060', 'complaint', 'phone', 'normal', 'closed', 'on_track', 1,
        ${JSON.stringify({ incidentAddress: '滨江路1号' })}::jsonb, now(), now(), 1)`);
      expect(await backfillOrderPlaces(db)).toBeNull();
      expect(await placed()).toBe(60);
    });
  });
}
