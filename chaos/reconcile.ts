/**
 * The reconciler: compares what callers were told (every 2xx with its order number) with Temporal and
 * the read model, and checks that every response clock that fell due fired. Used after each chaos
 * scenario, by the reliability tests, and on any installation (`npm run reconcile`, ./reconcile-cli.ts).
 * It reads each order's trail as the product does (db/trail) and reduces it with the product's reducer
 * (domain/order-facts): the check is of the system, not of a second reading of it.
 *
 * For every order: a workflow exists; a read-model row exists and shows the workflow's state and last
 * sequence number; the audit trail is exactly 1..n with n the workflow's lastSeq (from its query, or
 * its result once closed); no two workflows answer for one request (same Idempotency-Key, or same
 * request fingerprint in the workflow memo). For every response clock (the clocks short enough to fall
 * due in a run): each reminder (催办) and the breach due before the clock stopped is in the audit trail,
 * with its lateness.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { inArray } from 'drizzle-orm';
import { setTimeout as sleep } from 'node:timers/promises';
import { mapConcurrent } from '../adapters/concurrency';
import { workflowView } from '../api/order-reads';
import type { Db } from '../db/client';
import { orders as orderRows, slaPolicies } from '../db/schema';
import { trailsIn } from '../db/trail';
import { limitMeasure, limitMs } from '../domain/calendar';
import type { AuditRow } from '../domain/events';
import { orderFacts } from '../domain/order-facts';
import type { Limit } from '../domain/types';
import type { OrderResult } from '../workflows/order';

export interface ReconcileInput {
  client: Client;
  db: Db;
  /** The orders to check. */
  orderIds: string[];
  /** What each Idempotency-Key was answered with (more than one order number is a duplicate). */
  keyIds?: Map<string, Set<string>>;
  /** Clock events due after this instant are not expected yet (default: now minus 3 s). */
  asOf?: number;
  /** Parallel Temporal calls. */
  concurrency?: number;
}

/** One expected clock event (a reminder or the breach of a response clock). */
export interface ClockExpectation {
  orderId: string;
  kind: 'warning' | 'breach';
  threshold: number | null;
  dueAt: number;
  fired: boolean;
  latenessMs: number | null;
}

/** What the reconciler found of one order. */
export interface OrderCheck {
  orderId: string;
  inTemporal: boolean;
  status: string | null;
  workflowState: string | null;
  workflowLastSeq: number | null;
  rowState: string | null;
  rowLastSeq: number | null;
  /** Row exists and shows the workflow's state and lastSeq. */
  inReadModel: boolean;
  auditGaps: number;
  auditDuplicates: number;
  /** Audit events numbered past the workflow's lastSeq. */
  auditBeyond: number;
  error?: string;
}

export interface Reconciliation {
  at: number;
  orders: Map<string, OrderCheck>;
  clocks: ClockExpectation[];
  /** Extra orders: a key answered with several order numbers, or several workflows for one request. */
  duplicates: { orderIds: string[]; why: string }[];
  /** Orders whose response clock could not be checked (re-dispatched, unknown policy, working-time limit). */
  clocksUnchecked: string[];
}

export interface Summary {
  accepted: number;
  in_temporal: number;
  in_read_model: number;
  audit_gaps: number;
  audit_duplicates: number;
  duplicate_orders: number;
  clocks_due: number;
  clocks_fired: number;
  max_clock_lateness_s: number;
}

/** The workflow's state and lastSeq: its query while it runs, its result once it has completed. */
async function workflowFacts(
  client: Client,
  orderId: string,
): Promise<Pick<OrderCheck, 'inTemporal' | 'status' | 'workflowState' | 'workflowLastSeq' | 'error'>> {
  const handle = client.workflow.getHandle(orderId);
  try {
    const { status } = await handle.describe();
    if (status.name === 'RUNNING') {
      const view = await workflowView(client, orderId);
      return { inTemporal: true, status: status.name, workflowState: view.state, workflowLastSeq: view.lastSeq };
    }
    if (status.name === 'COMPLETED') {
      const result = (await handle.result()) as OrderResult;
      return { inTemporal: true, status: status.name, workflowState: 'closed', workflowLastSeq: result.lastSeq };
    }
    return { inTemporal: true, status: status.name, workflowState: null, workflowLastSeq: null };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      return { inTemporal: false, status: null, workflowState: null, workflowLastSeq: null };
    }
    return { inTemporal: true, status: 'UNKNOWN', workflowState: null, workflowLastSeq: null, error: String(err) };
  }
}

/** Wall-clock limits only: working-time clocks are not modelled here (they skip nights and holidays). */
function wallLimitMs(limit: Limit | undefined): number | null {
  return limit && limitMeasure(limit) === 'wall' ? limitMs(limit) : null;
}

/**
 * The response clock's reminders and breach due before it stopped (signed for, returned, closed) or,
 * while it runs, before `asOf`; each must be in the trail as `clock_warning`/`clock_breached`.
 */
function responseClock(
  orderId: string,
  trail: readonly AuditRow[],
  policies: Map<number, { warningThresholds: number[]; responseLimit: Limit }>,
  asOf: number,
): ClockExpectation[] | null {
  const received = trail.find((e) => e.type === 'received');
  if (!received) return [];
  if (trail.some((e) => e.type === 'redispatched' || e.type === 'clock_paused' || e.type === 'deadline_set')) {
    return null;
  }
  const policy = policies.get(Number(received.data.policyVersion));
  const budget = wallLimitMs(policy?.responseLimit);
  const dueAt = received.data.responseDueAt;
  if (!policy || budget === null || typeof dueAt !== 'number') return null;
  const start = received.at;
  if (dueAt - start !== budget) return null;
  const stop = trail.find((e) => ['acknowledged', 'returned', 'closed'].includes(e.type));
  const until = stop ? stop.at : asOf;
  const fired = trail.filter(
    (e) => (e.type === 'clock_warning' || e.type === 'clock_breached') && e.data.clock === 'response',
  );
  const expected: ClockExpectation[] = [];
  const points = [
    ...policy.warningThresholds.map((f) => ({ kind: 'warning' as const, threshold: f, at: Math.round(f * budget) })),
    { kind: 'breach' as const, threshold: null, at: budget },
  ];
  for (const p of points) {
    const due = start + p.at;
    if (due > until) continue;
    const event = fired.find((e) =>
      p.kind === 'warning'
        ? e.type === 'clock_warning' && e.data.threshold === p.threshold
        : e.type === 'clock_breached',
    );
    expected.push({
      orderId,
      kind: p.kind,
      threshold: p.threshold,
      dueAt: due,
      fired: !!event,
      latenessMs: event ? Number(event.data.latenessMs) : null,
    });
  }
  return expected;
}

export async function reconcile(input: ReconcileInput): Promise<Reconciliation> {
  const { client, db } = input;
  const asOf = input.asOf ?? Date.now() - 3_000;
  const ids = [...new Set(input.orderIds)];
  const facts = await mapConcurrent(ids, input.concurrency ?? 8, async (orderId) => ({
    orderId,
    ...(await workflowFacts(client, orderId)),
  }));

  const rows = ids.length
    ? await db
        .select({ orderId: orderRows.orderId, state: orderRows.state, lastSeq: orderRows.lastSeq })
        .from(orderRows)
        .where(inArray(orderRows.orderId, ids))
    : [];
  const trails = ids.length
    ? await trailsIn(db, { after: null, upTo: ids.at(-1)!, ids })
    : new Map<string, AuditRow[]>();
  const policies = new Map((await db.select().from(slaPolicies)).map((p) => [p.version, p.policy]));
  const rowOf = new Map(rows.map((r) => [r.orderId, r]));

  const orders = new Map<string, OrderCheck>();
  const clocks: ClockExpectation[] = [];
  const clocksUnchecked: string[] = [];
  for (const f of facts) {
    const row = rowOf.get(f.orderId);
    const trail = trails.get(f.orderId) ?? [];
    // The reducer names the holes up to the trail's last event; the workflow's lastSeq may be further on.
    const { lastSeq, missing } = orderFacts(trail);
    const n = f.workflowLastSeq ?? lastSeq;
    const seqs = trail.map((e) => e.seq);
    const distinct = new Set(seqs);
    orders.set(f.orderId, {
      ...f,
      rowState: row?.state ?? null,
      rowLastSeq: row?.lastSeq ?? null,
      inReadModel: !!row && row.state === f.workflowState && row.lastSeq === f.workflowLastSeq,
      auditGaps: missing.filter((s) => s <= n).length + Math.max(0, n - lastSeq),
      auditDuplicates: seqs.length - distinct.size,
      auditBeyond: [...distinct].filter((s) => s > n).length,
    });
    const expected = responseClock(f.orderId, trail, policies, asOf);
    if (expected) clocks.push(...expected);
    else clocksUnchecked.push(f.orderId);
  }

  // Duplicates: what the callers were told, and what Temporal holds (one fingerprint, several workflows).
  const duplicates: Reconciliation['duplicates'] = [];
  for (const [key, set] of input.keyIds ?? []) {
    if (set.size > 1) duplicates.push({ orderIds: [...set], why: `Idempotency-Key ${key} answered with ${set.size}` });
  }
  const byFingerprint = new Map<string, Set<string>>();
  const wanted = new Set(ids);
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'orderWorkflow'` })) {
    const fp = wf.memo?.fingerprint;
    if (typeof fp !== 'string') continue;
    const set = byFingerprint.get(fp) ?? new Set<string>();
    set.add(wf.workflowId);
    byFingerprint.set(fp, set);
  }
  for (const set of byFingerprint.values()) {
    if (set.size > 1 && [...set].some((id) => wanted.has(id))) {
      duplicates.push({ orderIds: [...set], why: 'several workflows for one request fingerprint' });
    }
  }
  return { at: Date.now(), orders, clocks, duplicates, clocksUnchecked };
}

/** Whether anything is still wrong (a lagging read model looks like this for a moment). */
export function problems(r: Reconciliation, subset?: Iterable<string>): string[] {
  const ids = subset ? [...subset] : [...r.orders.keys()];
  const out: string[] = [];
  for (const id of ids) {
    const f = r.orders.get(id);
    if (!f) {
      out.push(`${id}: not reconciled`);
      continue;
    }
    if (!f.inTemporal) out.push(`${id}: no workflow in Temporal`);
    else if (f.workflowState === null) out.push(`${id}: workflow ${f.status} ${f.error ?? ''}`.trim());
    if (f.rowState === null) out.push(`${id}: no read-model row`);
    else if (!f.inReadModel) {
      out.push(`${id}: read model ${f.rowState}#${f.rowLastSeq} vs workflow ${f.workflowState}#${f.workflowLastSeq}`);
    }
    if (f.auditGaps) out.push(`${id}: ${f.auditGaps} audit gap(s)`);
    if (f.auditDuplicates) out.push(`${id}: ${f.auditDuplicates} duplicate audit seq(s)`);
    if (f.auditBeyond) out.push(`${id}: ${f.auditBeyond} audit event(s) past lastSeq`);
  }
  const wanted = new Set(ids);
  for (const c of r.clocks) {
    if (wanted.has(c.orderId) && !c.fired) {
      out.push(
        `${c.orderId}: response ${c.kind}${c.threshold ? ` ${c.threshold}` : ''} due ${iso(c.dueAt)} never fired`,
      );
    }
  }
  for (const d of r.duplicates) out.push(`duplicate: ${d.why}: ${d.orderIds.join(', ')}`);
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The figures of one scenario: order counts over `subset` (its accepted orders), clock figures over
 * every clock event due within `window` (the fault), whichever order it belongs to.
 */
export function summarize(r: Reconciliation, subset: Iterable<string>, window?: { from: number; to: number }): Summary {
  const ids = [...new Set(subset)];
  const facts = ids.map((id) => r.orders.get(id)).filter((f): f is OrderCheck => !!f);
  const due = window ? r.clocks.filter((c) => c.dueAt >= window.from && c.dueAt <= window.to) : r.clocks;
  const fired = due.filter((c) => c.fired);
  const inSubset = new Set(ids);
  return {
    accepted: ids.length,
    in_temporal: facts.filter((f) => f.inTemporal).length,
    in_read_model: facts.filter((f) => f.inReadModel).length,
    audit_gaps: facts.reduce((s, f) => s + f.auditGaps + f.auditBeyond, 0),
    audit_duplicates: facts.reduce((s, f) => s + f.auditDuplicates, 0),
    duplicate_orders: r.duplicates
      .filter((d) => d.orderIds.some((id) => inSubset.has(id)))
      .reduce((s, d) => s + d.orderIds.length - 1, 0),
    clocks_due: due.length,
    clocks_fired: fired.length,
    max_clock_lateness_s: Math.round(Math.max(0, ...fired.map((c) => c.latenessMs ?? 0)) / 100) / 10,
  };
}

/**
 * Reconciles until nothing is wrong or `timeoutMs` has passed (the read model and the clocks may lag
 * a fault by a few seconds); returns the last reconciliation.
 */
export async function reconcileSettled(
  input: ReconcileInput,
  { timeoutMs = 120_000, intervalMs = 2_000 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<{ reconciliation: Reconciliation; problems: string[]; waitedMs: number }> {
  const started = Date.now();
  for (;;) {
    const reconciliation = await reconcile(input);
    const found = problems(reconciliation);
    if (!found.length || Date.now() - started > timeoutMs) {
      return { reconciliation, problems: found, waitedMs: Date.now() - started };
    }
    await sleep(intervalMs);
  }
}
