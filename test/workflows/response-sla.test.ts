/**
 * The 15-minute response SLA (响应时限) on the time-skipping server: met by the lead unit's signature,
 * warned at 50% and 75% (催办, L1), breached at 100% (督办, one level up) — and written to the audit trail.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail, auditTypes, createTestDatabase, orderRow, orderView, type TestDatabase } from '../../support';
import { updates, TASK_QUEUE } from '../../workflows/messages';
import type { orderWorkflow } from '../../workflows/order';
import { department, makeIntake } from '../helpers/orders';
import { orderWorker, timeSkippingEnv } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let testDb: TestDatabase;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  [env, testDb] = await Promise.all([timeSkippingEnv(), createTestDatabase()]);
  worker = await orderWorker(env, testDb.database.db);
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await testDb?.drop();
});

async function startOrder() {
  const intake = await makeIntake(testDb.database.db, undefined, await env.currentTimeMs());
  const handle = await env.client.workflow.start<typeof orderWorkflow>('orderWorkflow', {
    workflowId: intake.orderId,
    taskQueue: TASK_QUEUE,
    args: [{ intake }],
  });
  return { intake, handle };
}

describe('response SLA', () => {
  it('is met when the lead unit signs for the order within 15 minutes', async () => {
    const { intake, handle } = await startOrder();
    await env.sleep('5 minutes');
    const view = await handle.executeUpdate(updates.acknowledge, { args: [{ actor: department(intake.leadUnit!) }] });
    expect(view.state).toBe('acknowledged');
    await env.sleep('20 minutes');
    const after = await orderView(handle);
    expect(after.escalationLevel).toBe(0);
    const response = after.clocks.find((c) => c.kind === 'response')!;
    expect(response.breachedAt).toBeNull();
    expect(response.stoppedAt).toBe(view.acknowledgedAt);
    await expect
      .poll(() => auditTypes(testDb.database.db, intake.orderId))
      .toEqual(['received', 'dispatched', 'acknowledged']);
  });

  it('warns at 7.5 and 11.25 minutes and breaches at 15, escalating to L2 supervision', async () => {
    const { intake, handle } = await startOrder();
    await env.sleep('8 minutes');
    const warned = await orderView(handle);
    expect(warned.slaState).toBe('at_risk');
    expect(warned.escalationLevel).toBe(1);

    await env.sleep('8 minutes');
    const breached = await orderView(handle);
    expect(breached.slaState).toBe('breached');
    expect(breached.escalationLevel).toBe(2);
    expect(breached.escalations.map((e) => e.level)).toEqual([1, 2]);
    expect(breached.clocks.find((c) => c.kind === 'response')!.breachedAt).toBe(intake.receivedAt + 15 * 60_000);

    const db = testDb.database.db;
    await expect
      .poll(() => auditTypes(db, intake.orderId))
      .toEqual([
        'received',
        'dispatched',
        'clock_warning',
        'escalated',
        'clock_warning',
        'clock_breached',
        'escalated',
      ]);
    const [breach] = (await auditTrail(db, intake.orderId)).filter((r) => r.type === 'clock_breached');
    expect(breach!.data).toMatchObject({ clock: 'response', dueAt: intake.receivedAt + 15 * 60_000 });
    const row = await orderRow(db, intake.orderId);
    expect(row).toMatchObject({ slaState: 'breached', escalationLevel: 2, state: 'dispatched' });

    // Signing late still records the signature, but the breach stays on the record.
    const late = await handle.executeUpdate(updates.acknowledge, { args: [{ actor: department(intake.leadUnit!) }] });
    expect(late.state).toBe('acknowledged');
    expect(late.clocks.find((c) => c.kind === 'response')!.breachedAt).not.toBeNull();
  });
});
