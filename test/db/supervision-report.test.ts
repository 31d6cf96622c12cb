/**
 * 督查专报's queries (db/supervision-report) on both databases the product runs on — PostgreSQL, and the
 * PGlite `npm start` embeds — over a hand-written trail: whom each breach and escalation counts for (the lead
 * of its moment, an assisting unit's own clock, the centre's clocks for no unit), who won each dispute, what
 * became of each 质检 finding, and the inspections by rubric item.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { auditEvents, inspectionDraws, inspectionItems, orderOutcomes, supervisionCases } from '../../db/schema';
import { supervisionFigures } from '../../db/supervision-report';
import { DATABASE_ENGINES } from '../helpers/engines';

const T0 = Date.parse('2026-11-10T09:00:00+08:00');
const MIN = 60_000;
const PERIOD = { from: new Date('2026-11-01T00:00:00+08:00'), to: new Date('2026-12-01T00:00:00+08:00') };

type Event = [
  orderId: string,
  seq: number,
  type: string,
  data?: Record<string, unknown>,
  who?: [string, string | null],
];
const dispatch = (unit: string) => ({ leadUnit: unit, assistingUnits: [] });
const SYSTEM: [string, string | null] = ['system', null];

/** Each order's trail, in the order it happened (one minute apart). */
const TRAIL: Event[] = [
  // A: CGJ's handling breach, escalated by the system; then a coordinator's own escalation.
  ['WOA', 1, 'dispatched', dispatch('CGJ')],
  ['WOA', 2, 'clock_breached', { clock: 'handling', subject: null }],
  ['WOA', 3, 'escalated', { from: 0, to: 1 }],
  ['WOA', 4, 'escalated', { from: 1, to: 2 }, ['coordinator', 'CENTRE']],
  // B: redispatched from CGJ to ZJJ, then breached: ZJJ's; an assisting CGJ's own clock breached: CGJ's.
  ['WOB', 1, 'dispatched', dispatch('CGJ')],
  ['WOB', 2, 'redispatched', dispatch('ZJJ')],
  ['WOB', 3, 'clock_breached', { clock: 'response', subject: null }],
  ['WOB', 4, 'clock_breached', { clock: 'assist', subject: 'CGJ' }],
  // C: returned by CGJ and kept (the centre won); D: returned and reassigned (CGJ won); E: returned, the
  // ruling clock ran out (the centre's clock) and the backstop took it (CGJ won); F: returned, not ruled yet.
  ['WOC', 1, 'dispatched', dispatch('CGJ')],
  ['WOC', 2, 'returned', { unit: 'CGJ' }, ['department', 'CGJ']],
  ['WOC', 3, 'ruled', { decision: 'keep', leadUnit: 'CGJ' }, ['coordinator', 'CENTRE']],
  ['WOD', 1, 'dispatched', dispatch('CGJ')],
  ['WOD', 2, 'returned', { unit: 'CGJ' }, ['department', 'CGJ']],
  ['WOD', 3, 'ruled', { decision: 'reassign', leadUnit: 'ZJJ' }, ['coordinator', 'CENTRE']],
  ['WOE', 1, 'dispatched', dispatch('CGJ')],
  ['WOE', 2, 'returned', { unit: 'CGJ' }, ['department', 'CGJ']],
  ['WOE', 3, 'clock_breached', { clock: 'ruling', subject: null }],
  ['WOE', 4, 'backstop_assigned', { from: 'CGJ', to: 'LJQ' }],
  ['WOF', 1, 'dispatched', dispatch('CGJ')],
  ['WOF', 2, 'returned', { unit: 'CGJ' }, ['department', 'CGJ']],
  // G: two findings on one reply, the order returned by the reviewer; H: one cleared; I: a warning; J: in review.
  ['WOG', 1, 'quality_finding', { unit: 'CGJ', code: 'template_only', action: 'review' }],
  ['WOG', 2, 'quality_finding', { unit: 'CGJ', code: 'too_short', action: 'warn' }],
  ['WOG', 3, 'quality_returned', { unit: 'CGJ', codes: ['template_only'] }, ['reviewer', 'CENTRE']],
  ['WOH', 1, 'quality_finding', { unit: 'CGJ', code: 'identical', action: 'review' }],
  ['WOH', 2, 'quality_cleared', { unit: 'CGJ', codes: ['identical'] }, ['reviewer', 'CENTRE']],
  ['WOI', 1, 'quality_finding', { unit: 'ZJJ', code: 'too_short', action: 'warn' }],
  ['WOJ', 1, 'quality_finding', { unit: 'ZJJ', code: 'promise_only', action: 'review' }],
];

describe.each(DATABASE_ENGINES)('supervision report queries on %s', (_, open) => {
  let database: Database;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ database, close } = await open());
    const db = database.db;
    await db.insert(auditEvents).values(
      TRAIL.map(([orderId, seq, type, data = {}, [actorRole, actorUnit] = SYSTEM], i) => ({
        orderId,
        seq,
        type,
        at: new Date(T0 + i * MIN),
        actorRole,
        actorId: actorRole,
        actorUnit,
        reason:
          type === 'escalated' && actorRole === 'system'
            ? 'handling clock breached'
            : type === 'escalated'
              ? '领导批示'
              : null,
        data,
      })),
    );
    // An event of the month before counts for nothing.
    await db.insert(auditEvents).values({
      orderId: 'WOA',
      seq: 0,
      type: 'clock_breached',
      at: new Date(PERIOD.from.getTime() - MIN),
      actorRole: 'system',
      actorId: 'system',
      data: { clock: 'response', subject: null },
    });
    const [draw] = await db
      .insert(inspectionDraws)
      .values({
        week: '2026-11-09',
        seed: 's',
        population: { order: {}, intake: {} },
        sizes: { order: 1, intake: 1 },
        policyVersion: 1,
        drawnAt: new Date(T0),
      })
      .returning();
    await db.insert(inspectionItems).values([
      {
        drawId: draw!.id,
        kind: 'order',
        orderId: 'WOC',
        subject: 'CGJ',
        status: 'scored',
        scores: { timeliness: 2, substance: 4, attitude: 5, solved: 1 },
        scoredAt: new Date(T0),
      },
      {
        drawId: draw!.id,
        kind: 'order',
        orderId: 'WOB',
        subject: 'ZJJ',
        status: 'scored',
        scores: { timeliness: 5, substance: 5, attitude: 5, solved: 5 },
        scoredAt: new Date(T0),
      },
      {
        drawId: draw!.id,
        kind: 'intake',
        orderId: 'WOD',
        subject: 'op-001',
        status: 'scored',
        scores: { category: 3, completeness: 2, standardReply: 4 },
        scoredAt: new Date(T0),
      },
      { drawId: draw!.id, kind: 'order', orderId: 'WOF', subject: 'CGJ', status: 'pending' },
    ]);
    await db.insert(supervisionCases).values({
      unit: 'CGJ',
      orderId: 'WOC',
      inspectionItemId: 1,
      reason: '未解决',
      openedBy: 'inspect-001',
      openedAt: new Date(T0),
    });
    await db.insert(orderOutcomes).values([
      { orderId: 'WOA', seq: 1, name: 'handlingJudged', at: new Date(T0), unit: 'CGJ', category: 'noise', value: 1 },
      {
        orderId: 'WOC',
        seq: 1,
        name: 'handlingJudged',
        at: new Date(T0 + MIN),
        unit: 'CGJ',
        category: 'noise',
        value: 1,
      },
      {
        orderId: 'WOC',
        seq: 2,
        name: 'handlingOnTime',
        at: new Date(T0 + MIN),
        unit: 'CGJ',
        category: 'noise',
        value: 1,
      },
      {
        orderId: 'WOB',
        seq: 1,
        name: 'handlingJudged',
        at: new Date(T0 + 2 * MIN),
        unit: 'ZJJ',
        category: 'noise',
        value: 1,
      },
    ]);
  });
  afterAll(() => close?.());

  const ids = (...orderIds: string[]) => ({ total: orderIds.length, orderIds });

  it('counts each breach and escalation for the unit of its moment, and the centre’s clocks for the centre only', async () => {
    const cgj = await supervisionFigures(database.db, { ...PERIOD, unit: 'CGJ' }, ['onTimeHandlingRate']);
    expect(cgj.breaches).toEqual([
      { clock: 'handling', orders: ids('WOA') },
      { clock: 'assist', orders: ids('WOB') },
    ]);
    expect(cgj.escalations).toEqual([
      { level: 2, cause: null, orders: ids('WOA') },
      { level: 1, cause: 'handling clock breached', orders: ids('WOA') },
    ]);
    const zjj = await supervisionFigures(database.db, { ...PERIOD, unit: 'ZJJ' }, []);
    expect(zjj.breaches).toEqual([{ clock: 'response', orders: ids('WOB') }]);
    expect(zjj.escalations).toEqual([]);
    const centre = await supervisionFigures(database.db, PERIOD, []);
    expect(centre.breaches.map((b) => [b.clock, b.orders.orderIds])).toEqual([
      ['handling', ['WOA']],
      ['response', ['WOB']],
      ['assist', ['WOB']],
      ['ruling', ['WOE']],
    ]);
  });

  it('names who won each dispute and what became of each finding', async () => {
    const cgj = await supervisionFigures(database.db, { ...PERIOD, unit: 'CGJ' }, []);
    expect(cgj.disputes).toEqual([
      { outcome: 'centre', orders: ids('WOC') },
      { outcome: 'unit', orders: ids('WOD', 'WOE') },
      { outcome: 'waiting', orders: ids('WOF') },
    ]);
    expect(cgj.quality).toEqual(
      expect.arrayContaining([
        { code: 'template_only', outcome: 'returned', orders: ids('WOG') },
        { code: 'too_short', outcome: 'returned', orders: ids('WOG') },
        { code: 'identical', outcome: 'cleared', orders: ids('WOH') },
      ]),
    );
    expect(cgj.quality).toHaveLength(3);
    const zjj = await supervisionFigures(database.db, { ...PERIOD, unit: 'ZJJ' }, []);
    expect(zjj.quality).toEqual(
      expect.arrayContaining([
        { code: 'too_short', outcome: 'warned', orders: ids('WOI') },
        { code: 'promise_only', outcome: 'pending', orders: ids('WOJ') },
      ]),
    );
    expect(zjj.disputes).toEqual([]);
  });

  it('scores by rubric item with the low-scored orders, the cases, and the orders behind a rate', async () => {
    const cgj = await supervisionFigures(database.db, { ...PERIOD, unit: 'CGJ' }, ['onTimeHandlingRate']);
    expect(cgj.inspection.map((i) => [i.kind, i.item, i.mean, i.low.orderIds])).toEqual([
      ['order', 'timeliness', 2, ['WOC']],
      ['order', 'substance', 4, []],
      ['order', 'attitude', 5, []],
      ['order', 'solved', 1, ['WOC']],
    ]);
    expect(cgj.cases).toEqual(ids('WOC'));
    expect(cgj.kpiOrders).toEqual([{ rate: 'onTimeHandlingRate', numerator: ['WOC'], denominator: ['WOA', 'WOC'] }]);
    const centre = await supervisionFigures(database.db, PERIOD, ['onTimeHandlingRate']);
    expect(centre.inspection.filter((i) => i.kind === 'intake').map((i) => [i.item, i.mean])).toEqual([
      ['category', 3],
      ['completeness', 2],
      ['standardReply', 4],
    ]);
    expect(centre.inspection.find((i) => i.item === 'solved')).toMatchObject({ mean: 3, orders: { total: 2 } });
    expect(centre.kpiOrders[0]!.denominator).toEqual(['WOA', 'WOC', 'WOB']);
  });
});
