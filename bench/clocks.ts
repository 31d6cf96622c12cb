/**
 * Clock accuracy: `count` clocks falling due within one window while other orders are open.
 *
 * Raw: minimal workflows whose one timer is due at evenly spaced instants of the window; the figure is
 * the timer's lateness (workflow-task time of the firing minus the due instant).
 *
 * Product: a policy version with a short response limit is published through the API, orders are
 * created through the API paced evenly over the window (so their response clocks fall due evenly over
 * a window of the same length, after the 50 % and 75 % reminders), and the default is restored. For
 * each order, from its due instant to
 *   (a) the breach handled in the workflow — the `clock_breached` audit event's `latenessMs`;
 *   (b) `SlaState = "breached"` visible in a Temporal list query, polled every POLL_MS (an upper bound:
 *       the time the poll that first showed it returned);
 *   (c) the audit row in PostgreSQL — its `recorded_at` (the writing transaction's start).
 */
import type { Client } from '@temporalio/client';
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents } from '../db/schema';
import type { Limit } from '../domain/types';
import { mapConcurrent, sleep, sleepUntil } from '../support';
import { log, percentile, round } from './lib';
import type { Stack } from './stack';
import { createOrder, startRaw } from './workload';

export interface ClockOptions {
  count: number;
  windowMs: number;
  /** The response limit of the short policy, in minutes; due = created + this. */
  responseMinutes: number;
  /** The response limit every other order of the run starts under. */
  background: Limit;
}

export interface Delays {
  count: number;
  missing: number;
  p50: number;
  p99: number;
  max: number;
}

export interface ClockResult {
  raw: Delays & { windowMs: number; openWorkflows: number };
  product: {
    workflow: Delays;
    visible: Delays;
    audit: Delays;
    windowMs: number;
    openWorkflows: number;
    createPerSecond: number;
    pollMs: number;
  };
}

const POLL_MS = 250;
const iso = (ms: number) => new Date(ms).toISOString();

function delays(values: number[], expected: number): Delays {
  return {
    count: values.length,
    missing: expected - values.length,
    p50: round(percentile(values, 50)),
    p99: round(percentile(values, 99)),
    max: round(percentile(values, 100)),
  };
}

const running = async (client: Client) => (await client.workflow.count('ExecutionStatus = "Running"')).count;

export async function benchRawClocks(stack: Stack, o: ClockOptions): Promise<ClockResult['raw']> {
  const openWorkflows = await running(stack.client);
  // Start them all well before the first is due (raw starts run at 50–100/s).
  const t0 = Date.now() + 5_000 + (o.count / 40) * 1000;
  const step = o.windowMs / o.count;
  const ids = await mapConcurrent(Array.from({ length: o.count }), 20, (_, i) =>
    startRaw(stack.client, Math.round(t0 + i * step)),
  );
  if (Date.now() > t0) log('raw clocks: starting took longer than planned; early timers were already due');
  log(`raw clocks: ${o.count} timers due ${iso(t0)} + ${o.windowMs / 1000} s, ${openWorkflows} other workflows open`);
  await sleepUntil(t0 + o.windowMs + 2_000);
  const lateness = await mapConcurrent(ids, 20, async (id) => {
    const result = await Promise.race([
      stack.client.workflow.getHandle(id).result() as Promise<{ latenessMs: number | null }>,
      sleep(60_000).then(() => null),
    ]);
    return result?.latenessMs ?? null;
  });
  const values = lateness.filter((v): v is number => v !== null);
  return { ...delays(values, o.count), windowMs: Math.round(step * (o.count - 1)), openWorkflows };
}

export async function benchProductClocks(stack: Stack, o: ClockOptions): Promise<ClockResult['product']> {
  const openWorkflows = await running(stack.client);
  await stack.publishPolicy({ unit: 'minutes', amount: o.responseMinutes });
  const step = o.windowMs / o.count;
  const start = Date.now() + 500;
  const created = await mapConcurrent(Array.from({ length: o.count }), 40, async (_, i) => {
    await sleepUntil(start + i * step);
    return createOrder(stack, i % 20);
  });
  const createPerSecond = (o.count / (Date.now() - start)) * 1000;
  await stack.publishPolicy(o.background);
  const due = new Map(created.map((c) => [c.orderId, c.responseDueAt]));
  const firstDue = Math.min(...due.values());
  const lastDue = Math.max(...due.values());
  log(
    `product clocks: ${o.count} orders created at ${createPerSecond.toFixed(1)}/s, response due ` +
      `${iso(firstDue)} + ${((lastDue - firstDue) / 1000).toFixed(1)} s, ${openWorkflows} other workflows open`,
  );

  // (b) visible in a list query. Each poll asks only from the earliest order not yet seen (at most 30 s
  // back): answers stay small, so the poll neither loads the server nor inflates the figure it takes.
  const seen = new Map<string, number>();
  const byDue = [...due].sort((a, b) => a[1] - b[1]);
  let unseen = 0;
  const note = async (query: string) => {
    const found: string[] = [];
    for await (const wf of stack.client.workflow.list({ query, pageSize: 1000 })) found.push(wf.workflowId);
    const at = Date.now();
    for (const id of found) if (due.has(id) && !seen.has(id)) seen.set(id, at);
  };
  await sleepUntil(firstDue - 2_000);
  while (Date.now() < lastDue + 30_000 && seen.size < o.count) {
    const t = Date.now();
    while (unseen < byDue.length && seen.has(byDue[unseen]![0])) unseen++;
    const from = Math.max(byDue[unseen]?.[1] ?? t, t - 30_000) - 1;
    await note(`SlaState = "breached" AND ResponseDueAt >= "${iso(from)}" AND ResponseDueAt <= "${iso(t + 1_000)}"`);
    await sleep(Math.max(0, POLL_MS - (Date.now() - t)));
  }
  if (seen.size < o.count) {
    // Later than the sliding window: seen now at the latest (an upper bound).
    await note(
      `SlaState = "breached" AND ResponseDueAt >= "${iso(firstDue - 1)}" AND ResponseDueAt <= "${iso(lastDue + 1)}"`,
    );
  }
  const visible = [...seen].map(([id, at]) => at - due.get(id)!);

  // (a) and (c) from the audit trail, once every breach is recorded (or a minute has passed).
  const ids = [...due.keys()];
  const breaches = async () =>
    (
      await stack.database.db
        .select({ data: auditEvents.data, recordedAt: auditEvents.recordedAt })
        .from(auditEvents)
        .where(and(eq(auditEvents.type, 'clock_breached'), inArray(auditEvents.orderId, ids)))
    ).filter((r) => r.data.clock === 'response');
  let rows = await breaches();
  for (let i = 0; i < 60 && rows.length < o.count; i++) {
    await sleep(1_000);
    rows = await breaches();
  }
  const workflow = rows.map((r) => Number(r.data.latenessMs));
  const audit = rows.map((r) => r.recordedAt.getTime() - Number(r.data.dueAt));
  return {
    workflow: delays(workflow, o.count),
    visible: delays(visible, o.count),
    audit: delays(audit, o.count),
    windowMs: lastDue - firstDue,
    openWorkflows,
    createPerSecond: round(createPerSecond),
    pollMs: POLL_MS,
  };
}
