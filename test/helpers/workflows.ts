/**
 * Workflow tests on real servers: a time-skipping Temporal server (or a dev server), a PostgreSQL test
 * database and the real worker, one set per test file; plus the verbs the tests use on orders.
 */
import { Client, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { mkdir, writeFile } from 'node:fs/promises';
import { expect } from 'vitest';
import { createActivities, type ActivityDeps, type OrderActivities } from '../../activities';
import type { CreateOrderBody } from '../../api/intake';
import type { Db } from '../../db/client';
import type { AuditEventRow } from '../../db/schema';
import type { ClockKind } from '../../domain/clock';
import type { ActionName } from '../../domain/lifecycle';
import type { Actor, Intake } from '../../domain/order';
import { updates, TASK_QUEUE, type ClockView, type InputOf, type OrderView } from '../../workflows/messages';
import type { OrderResult, orderWorkflow } from '../../workflows/order';
import { ORDER_PATCHES } from '../../workflows/patches';
import { auditTrail, createTestDatabase, orderRow, orderView } from '../../support';
import { makeIntake, noiseComplaint } from './orders';
import { orderWorker, testDataConverter, timeSkippingEnv } from './temporal';

const HistoryMessage = temporal.api.history.v1.History;
type History = temporal.api.history.v1.IHistory;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const coordinator: Actor = { role: 'coordinator', id: 'coord-test', unit: 'CENTRE' };
export const visitor: Actor = { role: 'visitor', id: 'visitor-test', unit: 'CENTRE' };

export type OrderHandle = WorkflowHandle<typeof orderWorkflow>;

export interface Order {
  intake: Intake;
  handle: OrderHandle;
}

export interface Harness {
  env: TestWorkflowEnvironment;
  db: Db;
  now(): Promise<number>;
  /** Starts an order received now; `patch` changes the intake (calendar, limits, policy). */
  startOrder(body?: CreateOrderBody, patch?: Partial<Intake> | ((intake: Intake) => Partial<Intake>)): Promise<Order>;
  /**
   * The workflow's result, without moving time: awaiting it through the time-skipping client lets the
   * server skip time, and it skips ten years even for a workflow that has already finished.
   */
  result(handle: OrderHandle): Promise<OrderResult>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** The time-skipping server unless told otherwise. */
  env?: () => Promise<TestWorkflowEnvironment>;
  /** Stands between the workflow and the real activities, e.g. to simulate a database outage. */
  activities?: (real: OrderActivities) => OrderActivities;
  /** What the real activities are made with besides the database (the citizens' SMS). */
  deps?: Omit<ActivityDeps, 'db'>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const [env, testDb] = await Promise.all([(options.env ?? timeSkippingEnv)(), createTestDatabase()]);
  const db = testDb.database.db;
  const real = createActivities({ db, ...options.deps });
  const worker: Worker = await orderWorker(env, db, TASK_QUEUE, options.activities?.(real) ?? real);
  const running = worker.run();
  const now = () => env.currentTimeMs();
  const plain = new Client({
    connection: env.connection,
    namespace: env.namespace ?? 'default',
    dataConverter: testDataConverter,
  });
  return {
    env,
    db,
    now,
    async startOrder(body = noiseComplaint, patch = {}) {
      const made = await makeIntake(db, body, await now());
      const intake = { ...made, ...(typeof patch === 'function' ? patch(made) : patch) };
      const handle = await env.client.workflow.start<typeof orderWorkflow>('orderWorkflow', {
        workflowId: intake.orderId,
        taskQueue: TASK_QUEUE,
        // As the API starts orders (api/orders.ts).
        args: [{ intake, localWrites: true, patches: ORDER_PATCHES }],
      });
      return { intake, handle };
    },
    result: (handle) => plain.workflow.getHandle<typeof orderWorkflow>(handle.workflowId).result(),
    async close() {
      worker.shutdown();
      await running;
      await env.teardown();
      await testDb.drop();
    },
  };
}

/** Runs an action as an Update and returns the order's view after it. */
export function act<K extends ActionName>(handle: OrderHandle, name: K, input: InputOf<K>): Promise<OrderView> {
  return handle.executeUpdate(updates[name], { args: [input] });
}

export function clockOf(v: OrderView, kind: ClockKind, subject: string | null = null): ClockView {
  const c = v.clocks.find((x) => x.kind === kind && x.subject === subject);
  if (!c) throw new Error(`order ${v.orderId} has no ${kind} clock${subject ? ` for ${subject}` : ''}`);
  return c;
}

/** Moves the time-skipping server's clock to `at` (epoch ms); timers due on the way fire. */
export async function sleepUntil(env: TestWorkflowEnvironment, at: number): Promise<void> {
  const ms = at - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
}

/** The view without what changes with the passing of time alone (remaining time). */
export function stable(v: OrderView): OrderView {
  return { ...v, clocks: v.clocks.map((c) => ({ ...c, remainingMs: 0 })) };
}

/**
 * Waits until every event the workflow numbered is in the audit table, then checks the trail is
 * complete: seq 1..lastSeq, no gaps, no duplicates.
 */
export async function settledAudit(db: Db, handle: OrderHandle): Promise<AuditEventRow[]> {
  const { lastSeq } = await orderView(handle);
  await expect.poll(async () => (await auditTrail(db, handle.workflowId)).length, { timeout: 15_000 }).toBe(lastSeq);
  const rows = await auditTrail(db, handle.workflowId);
  expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
  return rows;
}

/** Coordinator overrides: every one must say who and why. */
const OVERRIDES = new Set([
  'ruled',
  'assisting_added',
  'assisting_removed',
  'extension_granted',
  'extension_denied',
  'deadline_set',
  'clock_paused',
  'clock_resumed',
  'deescalated',
]);

/**
 * After an order closed: its workflow finished, the audit trail is complete with actor and reason for
 * every override, and the read-model row matches the final view.
 */
export async function expectClosedAndRecorded(h: Harness, handle: OrderHandle): Promise<AuditEventRow[]> {
  const { db } = h;
  const result = await h.result(handle);
  const final = await orderView(handle);
  expect(final.state).toBe('closed');
  expect(result).toEqual({ orderId: handle.workflowId, closureCode: final.closureCode, lastSeq: final.lastSeq });
  const rows = await settledAudit(db, handle);
  expect(rows.at(-1)).toMatchObject({
    type: 'closed',
    data: expect.objectContaining({ closureCode: final.closureCode }),
  });
  for (const r of rows) {
    // A coordinator's plain dispatch of a received order is intake work, not an override.
    if (OVERRIDES.has(r.type) || (r.actorRole === 'coordinator' && r.type !== 'dispatched')) {
      expect(r, `${r.type} #${r.seq}`).toMatchObject({ actorRole: 'coordinator', actorId: coordinator.id });
      expect(r.reason, `${r.type} #${r.seq} needs a reason`).toBeTruthy();
    }
    if (r.actorRole === 'department') expect(r.actorUnit, `${r.type} #${r.seq}`).toMatch(/^[A-Z]+$/);
  }
  const row = await orderRow(db, handle.workflowId);
  expect(row).toMatchObject({
    state: final.state,
    closureCode: final.closureCode,
    leadUnit: final.leadUnit,
    escalationLevel: final.escalationLevel,
    slaState: final.slaState,
    lastSeq: final.lastSeq,
    closedAt: new Date(final.closedAt!),
  });
  expect(stable(row!.snapshot as unknown as OrderView)).toEqual(stable(final));
  return rows;
}

/** For instants the workflow takes from its task time: a timer's task runs a few ms after the timer's instant. */
export function expectSoonAfter(actual: number | null | undefined, instant: number, toleranceMs = 2_000): void {
  expect(actual).toBeGreaterThanOrEqual(instant);
  expect(actual).toBeLessThan(instant + toleranceMs);
}

/** Asserts an Update was rejected by its validator with an ApplicationFailure of `type`. */
export async function expectRejected(update: Promise<unknown>, type: string): Promise<ApplicationFailure> {
  const err = await update.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'the update should have been rejected').toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect((cause as ApplicationFailure).type).toBe(type);
  return cause as ApplicationFailure;
}

export const HISTORIES_DIR = new URL('../histories/', import.meta.url);

/*
 * The SDK's historyToJSON/historyFromJSON (@temporalio/common/lib/proto-utils) throw "type must be a
 * Type" in this install: npm keeps two copies of protobufjs 8 (under @temporalio/common and
 * @temporalio/proto, since grpc pins protobufjs 7 at the top). So histories are stored in protobufjs's
 * own JSON object form, which round-trips through the generated History class exactly.
 */
const JSON_FORM = { longs: String, enums: String, bytes: String } as const;

/** Compact: the files are fixtures read by the replayer, not by people. */
export function historyJson(history: History): string {
  return JSON.stringify(HistoryMessage.toObject(HistoryMessage.fromObject(history), JSON_FORM));
}

export function historyFromJson(json: string): History {
  return HistoryMessage.fromObject(JSON.parse(json));
}

/** Saves a finished workflow's history for the replay test, only when RECORD_HISTORIES=1. */
export async function recordHistory(h: Harness, handle: OrderHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  await h.result(handle);
  const history = await handle.fetchHistory();
  await mkdir(HISTORIES_DIR, { recursive: true });
  await writeFile(new URL(`${name}.json`, HISTORIES_DIR), `${historyJson(history)}\n`);
}
