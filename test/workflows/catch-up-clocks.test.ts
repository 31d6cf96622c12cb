/**
 * A worker that was down comes back to a response clock that fell due meanwhile and to a unit's
 * sign-for (签收) sent during the outage, both in the same workflow task. The reminders and the breach
 * fire first: they are in the audit trail, before the signature, and the signature counts as late.
 * (Found by the chaos harness, scenario worker_sigkill.) Real time on the dev server: no time skipping.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail, createTestDatabase, orderView, sleep, type TestDatabase } from '../../support';
import { updates, TASK_QUEUE } from '../../workflows/messages';
import type { orderWorkflow } from '../../workflows/order';
import { department, makeIntake } from '../helpers/orders';
import { devServerEnv, orderWorker } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let testDb: TestDatabase;
const workers: { worker: Worker; running: Promise<void> }[] = [];

async function startWorker() {
  const worker = await orderWorker(env, testDb.database.db);
  const entry = { worker, running: worker.run() };
  workers.push(entry);
  return entry;
}

beforeAll(async () => {
  [env, testDb] = await Promise.all([devServerEnv(), createTestDatabase()]);
});

afterAll(async () => {
  for (const w of workers) {
    if (w.worker.getState() === 'RUNNING') w.worker.shutdown();
    await w.running.catch(() => {});
  }
  await env?.teardown();
  await testDb?.drop();
});

describe('clocks due while no worker ran', () => {
  it('fire before an action that reaches the workflow in the same task', async () => {
    const first = await startWorker();
    const made = await makeIntake(testDb.database.db);
    // A 6-second response limit: reminders at 3 s and 4.5 s, breach at 6 s.
    const intake = { ...made, policy: { ...made.policy, responseLimit: { unit: 'minutes' as const, amount: 0.1 } } };
    const handle = await env.client.workflow.start<typeof orderWorkflow>('orderWorkflow', {
      workflowId: intake.orderId,
      taskQueue: TASK_QUEUE,
      args: [{ intake }],
    });
    expect((await orderView(handle)).state).toBe('dispatched');
    first.worker.shutdown();
    await first.running;

    // No worker: the timers fall due at the server; the unit signs meanwhile (the update waits).
    await sleep(8_000);
    const signed = handle.executeUpdate(updates.acknowledge, { args: [{ actor: department(intake.leadUnit!) }] });
    await sleep(500);
    await startWorker();
    const view = await signed;

    expect(view.state).toBe('acknowledged');
    const response = view.clocks.find((c) => c.kind === 'response')!;
    expect(response.breachedAt).toBe(intake.receivedAt + 6_000);
    expect(view.escalationLevel).toBe(2);
    await expect
      .poll(async () => (await auditTrail(testDb.database.db, intake.orderId)).length, { timeout: 30_000 })
      .toBe(view.lastSeq);
    const trail = await auditTrail(testDb.database.db, intake.orderId);
    const types = trail.map((r) => r.type);
    expect(types.indexOf('clock_breached')).toBeGreaterThan(-1);
    expect(types.indexOf('clock_breached')).toBeLessThan(types.indexOf('acknowledged'));
    expect(trail.filter((r) => r.type === 'clock_warning').map((r) => r.data.threshold)).toEqual([0.5, 0.75]);
    const breach = trail.find((r) => r.type === 'clock_breached')!;
    expect(breach.data.latenessMs).toBeGreaterThan(2_000);
    expect(trail.find((r) => r.type === 'acknowledged')!.data.responseMet).toBe(false);
  });
});
