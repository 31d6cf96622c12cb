/**
 * Retention on the time-skipping server with PostgreSQL: orders closed longer ago than the policy's
 * `retention.anonymiseAfterDays` lose their contact and request text in the read model, recent ones keep
 * theirs, the requester hash stays, and the privacy log names each anonymised order.
 */
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRetentionActivities } from '../../activities/retention';
import { publishPolicy } from '../../db/admin';
import { ANONYMISED_DESCRIPTION, listPrivacyLog } from '../../db/privacy';
import { currentPolicy } from '../../db/reference';
import { eventually, orderRow } from '../../support';
import { operator } from '../helpers/orders';
import { testDataConverter, workflowBundle } from '../helpers/temporal';
import { act, DAY, startHarness, type Harness, type Order } from '../helpers/workflows';

const QUEUE = 'retention-test';
let h: Harness;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  h = await startHarness();
  worker = await Worker.create({
    connection: h.env.nativeConnection,
    namespace: h.env.namespace ?? 'default',
    taskQueue: QUEUE,
    workflowBundle: workflowBundle(),
    activities: createRetentionActivities({ db: h.db }),
    dataConverter: testDataConverter,
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await h?.close();
});

/** An order received and withdrawn now (workflow time), once its closure is in the read model. */
async function closedOrder(): Promise<Order> {
  const order = await h.startOrder();
  await act(order.handle, 'withdraw', { actor: operator, reason: '市民撤回' });
  await eventually(
    () => orderRow(h.db, order.intake.orderId),
    (row) => row?.closedAt != null,
  );
  return order;
}

/**
 * Runs the retention workflow now. Its result is awaited through a plain client: awaiting it through the
 * time-skipping client would let the server skip ahead, and move every closure further into the past.
 */
async function retentionRun(id: string): Promise<{ anonymised: number }> {
  await h.env.client.workflow.start('retentionWorkflow', { workflowId: id, taskQueue: QUEUE, args: [] });
  const plain = new Client({
    connection: h.env.connection,
    namespace: h.env.namespace ?? 'default',
    dataConverter: testDataConverter,
  });
  return plain.workflow.getHandle(id).result();
}

const anonymisations = async (orderId: string) =>
  (await listPrivacyLog(h.db, { kind: 'anonymised', orderId }, { limit: 10 })).items;

describe('retention', () => {
  let old: Order;
  let recent: Order;

  beforeAll(async () => {
    old = await closedOrder();
    await h.env.sleep(100 * DAY);
    recent = await closedOrder();
    await h.env.sleep(90 * DAY);
  });

  it('anonymises an order closed more than 180 days ago, keeps one closed 90 days ago, and logs it', async () => {
    expect((await currentPolicy(h.db)).retention.anonymiseAfterDays).toBe(180);
    const hashBefore = (await orderRow(h.db, old.intake.orderId))!.requesterHash;
    expect(await retentionRun('retention-run-1')).toEqual({ anonymised: 1 });

    const gone = (await orderRow(h.db, old.intake.orderId))!;
    expect(gone.citizen).toBeNull();
    expect(gone.snapshot).toMatchObject({ citizen: {}, description: ANONYMISED_DESCRIPTION, state: 'closed' });
    for (const secret of ['13800138000', '张三', '幸福路', '打桩']) expect(JSON.stringify(gone)).not.toContain(secret);
    // The fairness rule and repeat detection still count the requester; the KPIs still count the order.
    expect(gone.requesterHash).toBe(hashBefore);
    expect(gone.requesterHash).toMatch(/^[0-9a-f]{64}$/);
    expect(gone).toMatchObject({ state: 'closed', closureCode: 'withdrawn', category: 'noise_construction' });

    const kept = (await orderRow(h.db, recent.intake.orderId))!;
    expect(kept.citizen).toEqual(recent.intake.citizen);
    expect(kept.snapshot).toMatchObject({ citizen: recent.intake.citizen, description: recent.intake.description });

    const [entry, ...more] = await anonymisations(old.intake.orderId);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      kind: 'anonymised',
      actorRole: 'system',
      actorId: 'retention',
      data: { afterDays: 180, run: 'retention-run-1', closedAt: gone.closedAt!.toISOString() },
    });
    expect(await anonymisations(recent.intake.orderId)).toEqual([]);
  });

  it('a second run finds nothing more to do and logs nothing twice', async () => {
    expect(await retentionRun('retention-run-2')).toEqual({ anonymised: 0 });
    expect(await anonymisations(old.intake.orderId)).toHaveLength(1);
  });

  it('follows the policy in force: a shorter period anonymises the recent order too', async () => {
    const { version: _v, ...policy } = await currentPolicy(h.db);
    const version = await publishPolicy(h.db, { ...policy, retention: { anonymiseAfterDays: 30 } }, 'admin-test');
    expect(await retentionRun('retention-run-3')).toEqual({ anonymised: 1 });
    expect((await orderRow(h.db, recent.intake.orderId))!.citizen).toBeNull();
    expect(await anonymisations(recent.intake.orderId)).toMatchObject([
      { data: { afterDays: 30, policyVersion: version, run: 'retention-run-3' } },
    ]);
  });
});
