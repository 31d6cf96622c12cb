/**
 * Text the database cannot store, started straight through a Temporal client (past the API and its text
 * schema): the order's write is refused once, not retried forever; the text is withheld and the order
 * still reaches the read model and a complete audit trail, with the failure recorded in the trail, the
 * Temporal UI's details and the worker's Prometheus metrics. And the workflow's own validators refuse
 * such text in an action.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOrders } from '../../db/queries';
import { INVALID_ORDER_DATA } from '../../domain/record-failure';
import { WITHHELD_TEXT } from '../../domain/text';
import { createLogger } from '../../adapters/logger';
import { installWorkerRuntime } from '../../runtime/worker';
import { auditTrail, auditTypes, freePort, orderRow, orderView, sleep } from '../../support';
import { department, noiseComplaint } from '../helpers/orders';
import {
  act,
  expectClosedAndRecorded,
  expectRejected,
  settledAudit,
  startHarness,
  visitor,
  type Harness,
  type OrderHandle,
} from '../helpers/workflows';

/** A stand-in refuses every write of orders at this address, as a constraint would: withholding text cannot help. */
const REFUSED_ADDRESS = '江滨市拒收路1号';

let h: Harness;
let metricsUrl: string;
beforeAll(async () => {
  const address = `127.0.0.1:${await freePort()}`;
  metricsUrl = `http://${address}/metrics`;
  // Before any connection: the worker's metrics go to this exporter, as in production.
  installWorkerRuntime(createLogger('silent', 'test'), address);
  h = await startHarness({
    activities: (real) => ({
      ...real,
      recordOrderEvents: async (input) => {
        if (input.order.citizen.address !== REFUSED_ADDRESS) return real.recordOrderEvents(input);
        throw ApplicationFailure.create({
          type: INVALID_ORDER_DATA,
          message: 'database error 23514 (table orders)',
          details: [{ sqlState: '23514', table: 'orders' }],
          nonRetryable: true,
        });
      },
    }),
  });
});
afterAll(async () => h?.close());

const cgj = department('CGJ');

const currentDetails = async (handle: OrderHandle) =>
  (await handle.query<temporal.api.sdk.v1.IWorkflowMetadata>('__temporal_workflow_metadata')).currentDetails ?? '';

describe('an order holding text the database cannot store', () => {
  let handle: OrderHandle;

  it('is written with the text withheld, the failure recorded, and every seq in the trail', async () => {
    ({ handle } = await h.startOrder({
      ...noiseComplaint,
      description: '夜间施工\u0000噪音扰民',
      citizen: { ...noiseComplaint.citizen, name: '张\ud800' },
    }));
    await expect.poll(() => auditTypes(h.db, handle.workflowId), { timeout: 15_000 }).toContain('record_failed');
    const rows = await settledAudit(h.db, handle);
    expect(rows.map((r) => r.type)).toEqual(['received', 'dispatched', 'record_failed']);
    expect(rows[2]).toMatchObject({ actorRole: 'system', reason: null });
    // The range and the error class, nothing of the refused data.
    expect(rows[2]!.data).toEqual({
      fromSeq: 1,
      toSeq: 2,
      sqlState: expect.stringMatching(/^22/),
      withheld: 2,
      written: true,
    });

    const row = await orderRow(h.db, handle.workflowId);
    expect(row).toMatchObject({ state: 'dispatched', leadUnit: 'CGJ', lastSeq: 3 });
    expect(row!.citizen).toMatchObject({ name: WITHHELD_TEXT, phone: noiseComplaint.citizen.phone });
    expect(row!.snapshot).toMatchObject({ description: WITHHELD_TEXT });
    // What /inbox reads: the unit's open orders.
    const inbox = await listOrders(h.db, { unit: 'CGJ', openOnly: true }, { sort: 'due', limit: 100 });
    expect(inbox.items.map((o) => o.orderId)).toContain(handle.workflowId);
    // The workflow no longer holds the text either: the next writes go through.
    expect((await orderView(handle)).description).toBe(WITHHELD_TEXT);
  });

  it('shows the failure in the Temporal UI and counts it on the worker’s metrics', async () => {
    expect(await currentDetails(handle)).toMatch(/Record failed\*\* ×1: the database refused events 1–2 \(SQLSTATE 22/);
    const metrics = await (await fetch(metricsUrl)).text();
    // Refused once: the write without the text went through.
    const counted = metrics.split('\n').filter((l) => l.startsWith('hotline_record_failures_total{'));
    expect(counted, metrics).toEqual([expect.stringMatching(/sqlstate="22[0-9A-Z]{3}".* 1$/)]);
  });

  it('goes on to its return visit and closes with the whole trail written', async () => {
    await act(handle, 'acknowledge', { actor: cgj });
    await act(handle, 'complete', { actor: cgj, reply: '已责令停止夜间施工' });
    await settledAudit(h.db, handle);
    const visits = await listOrders(h.db, { states: ['completed', 'return_visit'] }, { sort: 'received', limit: 100 });
    expect(visits.items.map((o) => o.orderId)).toContain(handle.workflowId);
    await act(handle, 'recordVisit', { actor: visitor, satisfaction: 'satisfied', resolution: 'resolved' });
    const rows = await expectClosedAndRecorded(h, handle);
    expect(rows.filter((r) => r.type === 'record_failed')).toHaveLength(1);
  });

  it('refuses such text in an action with a rule violation naming the field, and records nothing', async () => {
    const { handle: other } = await h.startOrder();
    await settledAudit(h.db, other);
    const before = (await orderView(other)).lastSeq;
    const failure = await expectRejected(act(other, 'addNote', { actor: cgj, note: '已到场\u0000' }), 'RuleViolation');
    expect(failure.details).toEqual([{ code: 'unstorable_text', field: 'note' }]);
    await expectRejected(act(other, 'acknowledge', { actor: cgj, note: '\udc00' }), 'RuleViolation');
    expect((await orderView(other)).lastSeq).toBe(before);
  });
});

describe('an order whose writes are refused whatever its text', () => {
  it('records the loss, keeps answering, and does not write forever', async () => {
    const { handle } = await h.startOrder({
      ...noiseComplaint,
      citizen: { ...noiseComplaint.citizen, address: REFUSED_ADDRESS },
    });
    await expect.poll(() => currentDetails(handle), { timeout: 15_000 }).toMatch(/Record failed\*\* ×2/);
    const view = await act(handle, 'acknowledge', { actor: cgj });
    expect(view.state).toBe('acknowledged');
    // The acknowledgement's batch and the record of its loss, refused in turn; then the order rests.
    await expect.poll(() => currentDetails(handle), { timeout: 15_000 }).toMatch(/Record failed\*\* ×4/);
    expect(await auditTrail(h.db, handle.workflowId)).toEqual([]);
    const events = async () => (await handle.fetchHistory()).events!.length;
    const settled = await events();
    await sleep(1500);
    expect(await events()).toBe(settled);
  });
});
