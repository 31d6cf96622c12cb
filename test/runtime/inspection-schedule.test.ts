/**
 * 抽查's weekly draw on a real dev server and PostgreSQL: the worker creates its schedule (Mondays 01:00
 * China time); a run draws last week's closed orders per unit and intakes per operator into the queue,
 * with its seed and population recorded so the sample can be drawn again; a second run of the same week
 * keeps the first draw.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, inspectionDraws, inspectionItems, orders } from '../../db/schema';
import { drawSample, previousWeek } from '../../domain/inspection';
import { INSPECTION_SCHEDULE_ID } from '../../runtime/inspection-schedule';
import { eventually, type TestDatabase } from '../../support';
import { TASK_QUEUE } from '../../workflows/messages';
import { productWorkerHarness } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let testDb: TestDatabase;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ env, testDb, close } = await productWorkerHarness());
});
afterAll(async () => close?.());

let serial = 0;
/** A closed order of `unit` as the read model and trail hold it, taken by `operator` at `at`. */
async function closedOrder(unit: string, operator: string, at: Date) {
  const orderId = `WO00000000INSP${String(++serial).padStart(4, '0')}`;
  const db = testDb.database.db;
  await db.insert(orders).values({
    orderId,
    orderType: 'complaint',
    channel: 'phone',
    category: 'noise_construction',
    urgency: 'normal',
    state: 'closed',
    closureCode: 'resolved',
    slaState: 'on_track',
    leadUnit: unit,
    policyVersion: 1,
    citizen: {},
    snapshot: { orderId, description: '夜间施工噪音', reply: '已责令停工' },
    receivedAt: at,
    closedAt: at,
    updatedAt: at,
    lastSeq: 1,
  });
  await db.insert(auditEvents).values({
    orderId,
    seq: 1,
    type: 'received',
    at,
    actorRole: 'operator',
    actorId: operator,
    actorUnit: 'CENTRE',
    data: {},
  });
  return orderId;
}

describe('the inspection schedule (抽查)', () => {
  it('exists once the worker has started: Mondays at 01:00 China time, the draw workflow on the orders queue', async () => {
    const d = await env.client.schedule.getHandle(INSPECTION_SCHEDULE_ID).describe();
    expect(d.spec.timezone).toBe('Asia/Shanghai');
    expect(d.spec.calendars).toMatchObject([
      { hour: [{ start: 1, end: 1 }], minute: [{ start: 0, end: 0 }], dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY' }] },
    ]);
    expect(d.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'inspectionDrawWorkflow',
      taskQueue: TASK_QUEUE,
    });
  });

  it('draws last week’s sample per unit and per operator, reproducible from the recorded seed and population', async () => {
    const { from, week } = previousWeek(Date.now());
    const lastWeek = new Date(from + 86_400_000);
    const thisWeek = new Date();
    for (let i = 0; i < 5; i++) await closedOrder('CGJ', 'op-001', lastWeek);
    await closedOrder('WATER', 'op-002', lastWeek);
    await closedOrder('CGJ', 'op-001', thisWeek);

    await env.client.schedule.getHandle(INSPECTION_SCHEDULE_ID).trigger();
    const [draw] = await eventually(
      () => testDb.database.db.select().from(inspectionDraws),
      (rows) => rows.length > 0,
      { timeoutMs: 30_000 },
    );
    expect(draw).toMatchObject({ week, sizes: { order: 3, intake: 2 } });
    // This week's order is not in last week's population.
    expect(draw!.population.order.CGJ).toHaveLength(5);
    expect(draw!.population.order.WATER).toHaveLength(1);
    expect(draw!.population.intake['op-001']).toHaveLength(5);

    const items = await testDb.database.db.select().from(inspectionItems);
    const drawn = (kind: 'order' | 'intake', subject: string) =>
      items
        .filter((i) => i.kind === kind && i.subject === subject)
        .map((i) => i.orderId)
        .sort();
    expect(drawn('order', 'CGJ')).toEqual(drawSample(`${draw!.seed}/order`, draw!.population.order, 3).CGJ!.sort());
    expect(drawn('order', 'WATER')).toHaveLength(1);
    expect(drawn('intake', 'op-001')).toEqual(
      drawSample(`${draw!.seed}/intake`, draw!.population.intake, 2)['op-001']!.sort(),
    );
    expect(drawn('intake', 'op-002')).toHaveLength(1);

    // The same week drawn again keeps its first sample.
    await env.client.schedule.getHandle(INSPECTION_SCHEDULE_ID).trigger();
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await testDb.database.db.select().from(inspectionDraws)).toHaveLength(1);
    expect(await testDb.database.db.select().from(inspectionItems)).toHaveLength(items.length);
  }, 60_000);
});
