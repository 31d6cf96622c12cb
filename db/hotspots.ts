/** 热点 and 每月一题 from the order read model, and the topics (专项治理) taken on from them. */
import { and, asc, gt, gte, inArray, isNotNull, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { once } from './data-migrations';
import { orders, topicOrders, topics } from './schema';
import { DEMO_DISTRICT_MAP } from './seed-data/district-map';
import {
  districtOf,
  lookbackStart,
  orderPlace,
  structuralCandidates,
  type ComplaintFact,
  type StructuralCandidate,
  type StructuralPolicy,
} from '../domain/hotspots';
import type { Unit } from '../domain/types';

/** The city's districts (区划图): where orders placed only by their coordinates lie, and what the hotspot map draws. */
export const DISTRICT_MAP = DEMO_DISTRICT_MAP;

/** Complaints, not consultations: answered at intake, they name no place's problem. */
const complaints = and(isNotNull(orders.category), ne(orders.orderType, 'consultation'));

/** The orders with a category received in [since, to), consultations left out, and `where` if given. */
export async function complaintFacts(
  db: Db,
  units: Map<string, Unit>,
  since: Date,
  to: Date,
  where?: SQL,
): Promise<ComplaintFact[]> {
  const rows = await db
    .select({
      orderId: orders.orderId,
      category: orders.category,
      receivedAt: orders.receivedAt,
      leadUnit: orders.leadUnit,
      lat: orders.lat,
      lng: orders.lng,
      address: sql<string | null>`${orders.snapshot}->>'incidentAddress'`,
    })
    .from(orders)
    .where(and(complaints, gte(orders.receivedAt, since), lt(orders.receivedAt, to), where));
  return rows.map((r) => ({
    orderId: r.orderId,
    category: r.category!,
    district: districtOf(
      {
        address: r.address,
        location: r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng } : null,
        leadUnit: r.leadUnit,
      },
      units,
      DISTRICT_MAP,
    ),
    receivedAt: r.receivedAt.getTime(),
    address: r.address,
  }));
}

/**
 * 每月一题: the structural problem candidates as of `now` (the supervision report lists them too). The
 * database counts the China-time months each category and place (its community or road) were complained
 * of in; only the orders of the pairs seen in enough months are read, and judged house by house
 * (domain/hotspots structuralCandidates) — a candidate's orders all share its category and place, so
 * none is missed.
 */
export async function structuralProblems(
  db: Db,
  units: Map<string, Unit>,
  policy: StructuralPolicy,
  now: number,
): Promise<StructuralCandidate[]> {
  const since = new Date(`${lookbackStart(now, policy)}T00:00:00+08:00`);
  const to = new Date(now + 1);
  const month = sql`to_char(${orders.receivedAt} at time zone 'UTC' + interval '8 hours', 'YYYY-MM')`;
  const repeated = await db
    .select({ category: orders.category, place: orders.place })
    .from(orders)
    .where(and(complaints, isNotNull(orders.place), gte(orders.receivedAt, since), lt(orders.receivedAt, to)))
    .groupBy(orders.category, orders.place)
    .having(sql`count(distinct ${month}) >= ${policy.minMonths}`);
  if (repeated.length === 0) return [];
  const pairs = repeated.map((r) => sql`(${r.category}, ${r.place})`);
  const facts = await complaintFacts(
    db,
    units,
    since,
    to,
    sql`(${orders.category}, ${orders.place}) in (${sql.join(pairs, sql`, `)})`,
  );
  return structuralCandidates(facts, now, policy);
}

/**
 * The place of each order projected before the read model kept one, read from its address of the matter, a
 * batch at a time: once (db/data-migrations), since the orders whose address names no place stay without
 * and would otherwise be read again at every start. The number filled; null when done before.
 */
export const backfillOrderPlaces = (db: Db, batch = 2000): Promise<number | null> =>
  once(db, 'order_places', () => fillOrderPlaces(db, batch));

async function fillOrderPlaces(db: Db, batch: number): Promise<number> {
  let filled = 0;
  let after = '';
  for (;;) {
    const rows = await db
      .select({ orderId: orders.orderId, address: sql<string>`${orders.snapshot}->>'incidentAddress'` })
      .from(orders)
      .where(
        and(isNull(orders.place), sql`${orders.snapshot}->>'incidentAddress' is not null`, gt(orders.orderId, after)),
      )
      .orderBy(asc(orders.orderId))
      .limit(batch);
    if (rows.length === 0) return filled;
    after = rows.at(-1)!.orderId;
    const placed = rows.flatMap((r) => {
      const place = orderPlace(r.address);
      return place ? [sql`(${r.orderId}, ${place})`] : [];
    });
    if (placed.length === 0) continue;
    await db.execute(
      sql`update ${orders} set place = v.place from (values ${sql.join(placed, sql`, `)}) as v(order_id, place) where ${orders.orderId} = v.order_id`,
    );
    filled += placed.length;
  }
}

/** The topic each of these orders belongs to, if any. */
export async function topicsOfOrders(db: Db, orderIds: string[]): Promise<Map<string, number>> {
  if (orderIds.length === 0) return new Map();
  const rows = await db.select().from(topicOrders).where(inArray(topicOrders.orderId, orderIds));
  return new Map(rows.map((r) => [r.orderId, r.topicId]));
}

export interface NewTopic {
  category: string;
  district: string;
  address: string;
  ownerUnit: string;
  targetDate: string;
  reason: string;
  openedBy: string;
  openedAt: Date;
  orderIds: string[];
}

export type Topic = Omit<NewTopic, 'openedAt'> & { id: number; openedAt: string };

/** A new topic with its orders, or null when one of them already belongs to a topic. */
export function createTopic(db: Db, topic: NewTopic): Promise<Topic | null> {
  return db.transaction(async (tx) => {
    const { orderIds, ...fields } = topic;
    // Serialised, so two coordinators taking on the same problem at once make one topic, not a unique-index error.
    await tx.execute(sql`lock table ${topicOrders} in share row exclusive mode`);
    const taken = await tx.select().from(topicOrders).where(inArray(topicOrders.orderId, orderIds)).limit(1);
    if (taken.length > 0) return null;
    const [row] = await tx.insert(topics).values(fields).returning();
    await tx.insert(topicOrders).values(orderIds.map((orderId) => ({ topicId: row!.id, orderId })));
    return { ...row!, openedAt: row!.openedAt.toISOString(), orderIds };
  });
}

/** All topics, newest first, each with its orders. */
export async function listTopics(db: Db): Promise<Topic[]> {
  const rows = await db
    .select()
    .from(topics)
    .orderBy(sql`${topics.id} desc`);
  const links = await db.select().from(topicOrders).orderBy(asc(topicOrders.orderId));
  return rows.map((t) => ({
    ...t,
    openedAt: t.openedAt.toISOString(),
    orderIds: links.filter((l) => l.topicId === t.id).map((l) => l.orderId),
  }));
}
