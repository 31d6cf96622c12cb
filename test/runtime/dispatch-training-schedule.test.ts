/**
 * The dispatch suggestion's retraining on a real dev server and PostgreSQL: the worker creates its nightly
 * schedule; a run trains on the seed corpus and the closed orders' final labels and keeps the model, with
 * its held-out figures; a model that scores worse on the held-out set is not kept.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedOrderExamples, currentDispatchModelVersion, retrainDispatchModel } from '../../db/dispatch-models';
import { ANONYMISED_DESCRIPTION } from '../../db/privacy';
import { dispatchModels, orders } from '../../db/schema';
import { SEED_DISPATCH_CORPUS } from '../../db/seed-data/dispatch-corpus';
import { DISPATCH_TRAINING_SCHEDULE_ID } from '../../runtime/dispatch-training-schedule';
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
/** A closed order as the read model holds it: its final category, closure and request text. */
async function closedOrder(o: {
  category: string | null;
  closureCode: string;
  description: string;
  referredTo?: string;
}) {
  const orderId = `WO00000000TRAIN${String(++serial).padStart(3, '0')}`;
  const at = new Date();
  await testDb.database.db.insert(orders).values({
    orderId,
    orderType: 'complaint',
    channel: 'phone',
    category: o.category,
    urgency: 'normal',
    state: 'closed',
    closureCode: o.closureCode,
    slaState: 'on_track',
    policyVersion: 1,
    citizen: {},
    snapshot: {
      orderId,
      description: o.description,
      incidentAddress: null,
      closure: o.referredTo ? { code: 'referred', referredTo: o.referredTo } : null,
    },
    receivedAt: at,
    closedAt: at,
    updatedAt: at,
    lastSeq: 4,
  });
}

describe('the dispatch training schedule', () => {
  it('exists once the worker has started: nightly at 02:30 China time, the training workflow on the orders queue', async () => {
    const d = await env.client.schedule.getHandle(DISPATCH_TRAINING_SCHEDULE_ID).describe();
    expect(d.spec.timezone).toBe('Asia/Shanghai');
    expect(d.spec.calendars).toMatchObject([{ hour: [{ start: 2, end: 2 }], minute: [{ start: 30, end: 30 }] }]);
    expect(d.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'dispatchTrainingWorkflow',
      taskQueue: TASK_QUEUE,
    });
  });

  it('starts a run that trains on the closed orders final labels and keeps the model with its figures', async () => {
    await closedOrder({ category: 'water_outage', closureCode: 'resolved', description: '水龙头干了一整天' });
    await closedOrder({ category: null, closureCode: 'referred', description: '想告开发商', referredTo: 'litigation' });
    await closedOrder({ category: null, closureCode: 'answered', description: '公积金怎么取' });
    await closedOrder({ category: 'gas_leak', closureCode: 'withdrawn', description: '打错了' });
    await closedOrder({ category: 'road_damage', closureCode: 'resolved', description: ANONYMISED_DESCRIPTION });
    expect(await closedOrderExamples(testDb.database.db)).toEqual([
      { label: 'water_outage', description: '水龙头干了一整天', address: undefined },
      { label: 'refer:litigation', description: '想告开发商', address: undefined },
      { label: 'consult', description: '公积金怎么取', address: undefined },
    ]);
    await env.client.schedule.getHandle(DISPATCH_TRAINING_SCHEDULE_ID).trigger();
    const [row] = await eventually(
      () => testDb.database.db.select().from(dispatchModels).orderBy(desc(dispatchModels.trainedAt)),
      (rows) => rows.length > 0,
      { timeoutMs: 30_000 },
    );
    expect(row!.examples).toBe(SEED_DISPATCH_CORPUS.length + 3);
    expect(row!.metrics.top3).toBeGreaterThan(0.9);
    expect(row!.model.version).toBe(row!.version);
  });

  it('does not keep a model that scores worse on the held-out set than the one in use', async () => {
    const db = testDb.database.db;
    const inUse = await currentDispatchModelVersion(db);
    // A unit that mislabelled its water outages as dog complaints for months.
    for (let i = 0; i < 80; i++) {
      await closedOrder({
        category: 'dog_management',
        closureCode: 'resolved',
        description: `停水第${i}天，家里一滴水都没有`,
      });
    }
    const result = await retrainDispatchModel(db, new Date());
    expect(result.kept).toBe(false);
    expect(result.trained.metrics.top1).toBeLessThan(result.previous.metrics.top1);
    expect(await currentDispatchModelVersion(db)).toBe(inUse);
  });
});
