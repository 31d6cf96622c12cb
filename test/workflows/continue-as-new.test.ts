/**
 * Continue-as-new, on a dev server told to suggest it after a few dozen history events: a busy order
 * continues as new carrying its whole state, its audit trail stays one unbroken sequence across runs,
 * and waiting for a quiet moment to do so never holds its clocks up (e.g. while the database is down).
 */
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderView } from '../../support';
import { department, noiseComplaint, operator } from '../helpers/orders';
import { devServerEnv } from '../helpers/temporal';
import {
  act,
  clockOf,
  expectClosedAndRecorded,
  recordHistory,
  startHarness,
  visitor,
  type Harness,
} from '../helpers/workflows';

const SUGGEST_AFTER_EVENTS = 30;
/** Enough updates (five history events each) to pass the suggestion. */
const NOTES = 6;

/** While true, every write to the database fails, as in an outage. */
let databaseDown = false;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: () =>
      devServerEnv(['--dynamic-config-value', `limit.historyCount.suggestContinueAsNew=${SUGGEST_AFTER_EVENTS}`]),
    activities: (real) => ({
      ...real,
      async recordOrderEvents(input) {
        if (databaseDown) throw ApplicationFailure.retryable('database unavailable (simulated)');
        return real.recordOrderEvents(input);
      },
    }),
  });
});
afterAll(async () => h?.close());

const cgj = department('CGJ');
const notes = (count: number) => Array.from({ length: count }, (_, i) => `第${i + 1}次进展`);

describe('continue-as-new', () => {
  it('carries the order into a new run when the history grows past the suggestion', async () => {
    const { intake, handle } = await h.startOrder(noiseComplaint);
    const firstRunId = (await handle.describe()).runId;
    await act(handle, 'acknowledge', { actor: cgj });
    for (const note of notes(NOTES)) await act(handle, 'addNote', { actor: cgj, note });

    // It continues at the first quiet moment: every audit event written, no update running.
    await expect.poll(async () => (await handle.describe()).runId, { timeout: 10_000 }).not.toBe(firstRunId);
    const firstRun = h.env.client.workflow.getHandle(intake.orderId, firstRunId);
    expect((await firstRun.describe()).status.name).toBe('CONTINUED_AS_NEW');
    const carried = await orderView(handle);
    expect(carried).toMatchObject({ state: 'acknowledged', leadUnit: 'CGJ', lastSeq: 3 + NOTES });
    expect(carried.notes.map((n) => n.text)).toEqual(notes(NOTES));

    await act(handle, 'complete', { actor: cgj, reply: '已处理' });
    await act(handle, 'recordVisit', { actor: visitor, satisfaction: 'satisfied', resolution: 'resolved' });
    const rows = await expectClosedAndRecorded(h, handle);
    expect(rows.filter((r) => r.type === 'note_added')).toHaveLength(NOTES);
    await recordHistory(h, firstRun, 'continue-as-new-first-run');
    await recordHistory(h, handle, 'continue-as-new-last-run');
  });

  it('keeps its clocks running while the database is down and continue-as-new has to wait', async () => {
    databaseDown = true;
    try {
      // A 3-second response clock, so that it breaches in real time on the dev server.
      const { intake, handle } = await h.startOrder(noiseComplaint, ({ policy }) => ({
        policy: { ...policy, responseLimit: { unit: 'minutes', amount: 0.05 } },
      }));
      const firstRunId = (await handle.describe()).runId;
      for (const note of notes(NOTES)) await act(handle, 'addNote', { actor: cgj, note });

      const responseDue = clockOf(await orderView(handle), 'response').dueAt!;
      expect(responseDue).toBe(intake.receivedAt + 3_000);
      await expect
        .poll(async () => clockOf(await orderView(handle), 'response').breachedAt, { timeout: 15_000, interval: 250 })
        .toBe(responseDue);
      expect((await orderView(handle)).escalationLevel).toBe(2);
      // Still the first run: it cannot continue as new with audit events unwritten.
      expect((await handle.describe()).runId).toBe(firstRunId);

      databaseDown = false;
      await expect.poll(async () => (await handle.describe()).runId, { timeout: 20_000 }).not.toBe(firstRunId);
      await act(handle, 'withdraw', { actor: operator, reason: '测试结束' });
      const rows = await expectClosedAndRecorded(h, handle);
      expect(rows.map((r) => r.type)).toContain('clock_breached');
    } finally {
      databaseDown = false;
    }
  });
});
