/**
 * The read model's lists (db/queries listOrders) on both databases the product runs on: every filter,
 * both sorts, walked page by page with the cursor, against the same selection done by hand. Each shape
 * of query is built once and reused with other values, so a shape asked twice with different values
 * must answer for the second values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { listOrders, type OrderFilters, type Sort } from '../../db/queries';
import { orders } from '../../db/schema';
import { DATABASE_ENGINES } from '../helpers/engines';

const T0 = Date.parse('2026-11-02T00:00:00+08:00');
const MIN = 60_000;
const UNITS = ['CGJ', 'ZJJ', 'SCJG'];
const STATES = ['received', 'dispatched', 'in_progress', 'closed'];

interface Row {
  orderId: string;
  state: string;
  slaState: string;
  leadUnit: string | null;
  assistingUnits: string[];
  category: string | null;
  urgency: string;
  escalationLevel: number;
  requesterHash: string | null;
  receivedAt: Date;
  responseDueAt: Date | null;
  handlingDueAt: Date | null;
}

/** 80 orders: every state, unit, urgency and level; some received in the same minute, some with no due instant. */
const ROWS: Row[] = Array.from({ length: 80 }, (_, i) => ({
  orderId: `WO2026110200${String(i).padStart(4, '0')}`,
  state: STATES[i % 4]!,
  slaState: i % 5 === 0 ? 'breached' : 'on_track',
  leadUnit: i % 7 === 0 ? null : UNITS[i % 3]!,
  assistingUnits: i % 6 === 0 ? [UNITS[(i + 1) % 3]!] : [],
  category: i % 3 === 0 ? 'noise' : 'roads',
  urgency: i % 4 === 1 ? 'urgent' : 'normal',
  escalationLevel: i % 4,
  requesterHash: i % 10 === 0 ? 'h-frequent' : `h-${i}`,
  receivedAt: new Date(T0 + Math.floor(i / 2) * MIN),
  responseDueAt: i % 8 === 0 ? null : new Date(T0 + ((i * 37) % 50) * MIN),
  handlingDueAt: i % 3 === 0 ? new Date(T0 + ((i * 11) % 40) * MIN) : null,
}));

/** The same selection and order, by hand. */
function expected(f: OrderFilters, sort: Sort): string[] {
  const due = (r: Row) => {
    const dues = [r.responseDueAt, r.handlingDueAt].filter((d): d is Date => d !== null).map((d) => d.getTime());
    return dues.length ? Math.min(...dues) : Infinity;
  };
  return ROWS.filter(
    (r) =>
      (!f.states?.length || f.states.includes(r.state)) &&
      (!f.openOnly || r.state !== 'closed') &&
      (!f.slaState || r.slaState === f.slaState) &&
      (!f.leadUnit || r.leadUnit === f.leadUnit) &&
      (!f.category || r.category === f.category) &&
      (!f.urgency || r.urgency === f.urgency) &&
      (!f.requesterHash || r.requesterHash === f.requesterHash) &&
      (f.minEscalationLevel === undefined || r.escalationLevel >= f.minEscalationLevel) &&
      (f.maxEscalationLevel === undefined || r.escalationLevel <= f.maxEscalationLevel) &&
      (!f.unassigned || r.leadUnit === null) &&
      (!f.text || r.orderId === f.text.toUpperCase()) &&
      (!f.receivedFrom || r.receivedAt >= f.receivedFrom) &&
      (!f.receivedTo || r.receivedAt < f.receivedTo) &&
      (!f.unit || r.leadUnit === f.unit || r.assistingUnits.includes(f.unit)),
  )
    .sort((a, b) =>
      sort === 'received'
        ? b.receivedAt.getTime() - a.receivedAt.getTime() || b.orderId.localeCompare(a.orderId)
        : (due(a) === due(b) ? 0 : due(a) - due(b)) || a.orderId.localeCompare(b.orderId),
    )
    .map((r) => r.orderId);
}

const CASES: [string, OrderFilters][] = [
  ['everything', {}],
  ['two states', { states: ['dispatched', 'in_progress'] }],
  ['three states', { states: ['received', 'dispatched', 'closed'] }],
  ['open only', { openOnly: true }],
  ['breached', { slaState: 'breached' }],
  ['lead unit CGJ', { leadUnit: 'CGJ' }],
  ['lead unit ZJJ (the same shape, other values)', { leadUnit: 'ZJJ' }],
  ['category and urgency', { category: 'noise', urgency: 'normal' }],
  ['category and urgency, other values', { category: 'roads', urgency: 'urgent' }],
  ['level 2 and up', { minEscalationLevel: 2 }],
  ['level 0 and up', { minEscalationLevel: 0 }],
  ['received in a window', { receivedFrom: new Date(T0 + 5 * MIN), receivedTo: new Date(T0 + 25 * MIN) }],
  ['a unit as lead or assisting, open', { unit: 'ZJJ', openOnly: true }],
  ['another unit, open', { unit: 'SCJG', openOnly: true }],
  ['one requester', { requesterHash: 'h-frequent' }],
  ['nothing matches', { leadUnit: 'NOBODY' }],
  ['held: received and no lead unit', { states: ['received'], unassigned: true }],
  ['overdue, not yet under supervision', { slaState: 'breached', maxEscalationLevel: 1, openOnly: true }],
  ['an order number, as typed', { text: 'wo20261102000012' }],
  ['words of the request (the snapshots here hold none)', { text: '噪音' }],
];

async function walk(db: Database['db'], f: OrderFilters, sort: Sort, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let page = await listOrders(db, f, { sort, limit });
  seen.push(...page.items.map((r) => r.orderId));
  for (let guard = 0; page.nextCursor && guard < 100; guard++) {
    const [ms, id] = page.nextCursor.split('_');
    const cursor = { ms: ms === 'inf' ? null : Number(ms), id: id! };
    page = await listOrders(db, f, { sort, limit, cursor });
    seen.push(...page.items.map((r) => r.orderId));
  }
  return seen;
}

for (const [engine, open] of DATABASE_ENGINES) {
  describe(`order lists on ${engine}`, () => {
    let opened: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      opened = await open();
      await opened.database.db.insert(orders).values(
        ROWS.map((r) => ({
          ...r,
          orderType: 'complaint',
          channel: 'phone',
          policyVersion: 1,
          snapshot: {},
          updatedAt: r.receivedAt,
          lastSeq: 1,
        })),
      );
    });
    afterAll(async () => opened?.close());

    for (const sort of ['received', 'due'] as const) {
      for (const [name, f] of CASES) {
        it(`${name}, ${sort === 'received' ? 'newest' : 'nearest due'} first, in pages of 7: each order once, in order`, async () => {
          const want = expected(f, sort);
          expect(await walk(opened.database.db, f, sort, 7)).toEqual(want);
          // The same shape in one page: the first rows again.
          const first = await listOrders(opened.database.db, f, { sort, limit: 3 });
          expect(first.items.map((r) => r.orderId)).toEqual(want.slice(0, 3));
        });
      }
    }
  });
}
