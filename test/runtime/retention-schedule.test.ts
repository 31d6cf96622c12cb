/**
 * The retention schedule on a real dev server: the order worker creates it at start, brings it back to its
 * definition at every start (a pause stays), and a run it starts on that worker anonymises an order closed
 * long ago in PostgreSQL.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPrivacyLog } from '../../db/privacy';
import { orders } from '../../db/schema';
import { ensureRetentionSchedule, RETENTION_SCHEDULE_ID } from '../../runtime/retention-schedule';
import { eventually, orderRow, type TestDatabase } from '../../support';
import { TASK_QUEUE } from '../../workflows/messages';
import { productWorkerHarness } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let testDb: TestDatabase;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ env, testDb, close } = await productWorkerHarness());
});
afterAll(async () => close?.());

const schedule = () => env.client.schedule.getHandle(RETENTION_SCHEDULE_ID);

describe('the retention schedule', () => {
  it('exists once the worker has started: daily at 03:30 China time, the retention workflow on the orders queue', async () => {
    const d = await schedule().describe();
    expect(d.spec.timezone).toBe('Asia/Shanghai');
    expect(d.spec.calendars).toMatchObject([{ hour: [{ start: 3, end: 3 }], minute: [{ start: 30, end: 30 }] }]);
    expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'retentionWorkflow', taskQueue: TASK_QUEUE });
    expect(d.state.paused).toBe(false);
  });

  it('is brought back to its definition at the next start, and a pause stays', async () => {
    // Each change reaches the schedule as a signal of its own: wait until it shows before the next, or a
    // later one is applied over a state read before it.
    await schedule().update((d) => ({ ...d, spec: { calendars: [{ hour: 12 }], timezone: 'UTC' } }));
    await eventually(
      () => schedule().describe(),
      (d) => d.spec.timezone === 'UTC',
    );
    await schedule().pause('maintenance');
    await eventually(
      () => schedule().describe(),
      (d) => d.state.paused,
    );
    await ensureRetentionSchedule(env.client);
    const d = await eventually(
      () => schedule().describe(),
      (x) => x.spec.timezone === 'Asia/Shanghai',
    );
    expect(d.spec.calendars).toMatchObject([{ hour: [{ start: 3, end: 3 }] }]);
    expect(d.state.paused).toBe(true);
    await schedule().unpause();
  });

  it('starts a run that anonymises an order closed 200 days ago', async () => {
    const db = testDb.database.db;
    const closedAt = new Date(Date.now() - 200 * 86_400_000);
    const orderId = 'WO0000000000RETN';
    const citizen = { name: '王五', phone: '13700137000' };
    await db.insert(orders).values({
      orderId,
      orderType: 'complaint',
      channel: 'phone',
      urgency: 'normal',
      state: 'closed',
      closureCode: 'resolved',
      slaState: 'on_track',
      policyVersion: 1,
      requesterHash: 'f'.repeat(64),
      citizen,
      snapshot: { orderId, citizen, description: '楼下烧烤油烟', state: 'closed' },
      receivedAt: closedAt,
      closedAt,
      updatedAt: closedAt,
      lastSeq: 3,
    });
    await schedule().trigger();
    const row = await eventually(
      () => orderRow(db, orderId),
      (r) => r?.citizen === null,
      { timeoutMs: 30_000 },
    );
    expect(row!.requesterHash).toBe('f'.repeat(64));
    const { items } = await listPrivacyLog(db, { kind: 'anonymised', orderId }, { limit: 10 });
    expect(items).toHaveLength(1);
    expect(items[0]!.data.run).toMatch(new RegExp(`^${RETENTION_SCHEDULE_ID}`));
  });
});
