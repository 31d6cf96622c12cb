/**
 * Small versions of two chaos scenarios (`npm run chaos` runs the full ones), on the harness's own dev
 * server, database and separately started API and worker processes: a few dozen orders through the
 * HTTP API with response clocks falling due during the fault, then the reconciler. Zero orders lost,
 * none duplicated, no audit gap, every clock due during the fault fired.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../chaos/cluster';
import { runScenario, type ScenarioConfig, type ScenarioName, type ScenarioResult } from '../chaos/scenarios';

const lines: string[] = [];
const SMALL: ScenarioConfig = {
  ratePerSecond: 2.5,
  defaultPolicyMs: 1_000,
  warmupMs: 7_000,
  afterMs: 2_000,
  // 12 s: reminders at 6 s and 9 s, breach at 12 s.
  responseLimitMinutes: 0.2,
  lateAckMs: [4_000, 14_000],
  workerDownMs: 5_000,
  temporalDownMs: 5_000,
  dbCutMs: 12_000,
  maxOrders: 40,
  settleTimeoutMs: 90_000,
  log: (line) => lines.push(line),
};

let cluster: Cluster;
const accepted = new Set<string>();

beforeAll(async () => {
  cluster = new Cluster({ dbPrefix: 'hotline_test_chaos', log: (line) => lines.push(line) });
  await cluster.start();
}, 240_000);

afterAll(async () => {
  await cluster?.close();
}, 120_000);

async function run(name: ScenarioName, index: number): Promise<ScenarioResult> {
  const result = await runScenario(cluster, name, SMALL, accepted, `test-${name}`, index * 1_000_000);
  for (const id of result.orderIds) accepted.add(id);
  return result;
}

function expectReliable(r: ScenarioResult): void {
  const context = JSON.stringify({ row: r.row, failures: r.failures, problems: r.problems, log: lines.slice(-20) });
  expect(r.row.accepted, context).toBeGreaterThanOrEqual(20);
  // Nothing lost.
  expect(r.row.in_temporal, context).toBe(r.row.accepted);
  expect(r.row.in_read_model, context).toBe(r.row.accepted);
  expect(r.row.sent - r.row.accepted, context).toBe(0);
  // Nothing doubled.
  expect(r.row.duplicate_orders, context).toBe(0);
  expect(r.row.audit_duplicates, context).toBe(0);
  // A complete audit trail.
  expect(r.row.audit_gaps, context).toBe(0);
  // Every clock due during the fault fired (and some did fall due).
  expect(r.row.clocks_due, context).toBeGreaterThan(0);
  expect(r.row.clocks_fired, context).toBe(r.row.clocks_due);
  expect(r.row.http_5xx_other_than_503, context).toBe(0);
  expect(r.failures, context).toEqual([]);
}

describe('reliability under faults (small versions of npm run chaos)', () => {
  it('survives a worker killed with SIGKILL while it holds work, replaced after 5 s', async () => {
    expectReliable(await run('worker_sigkill', 1));
  }, 180_000);

  it('survives PostgreSQL unreachable for 12 s: intake goes on, /readyz red then green, the read model catches up', async () => {
    const result = await run('db_unreachable', 2);
    expectReliable(result);
    expect(result.fault.notes.acceptedDuringFault).toBeGreaterThan(0);
    expect(result.readyz).toMatchObject({ redDuringFault: true });
    expect(result.readyz.greenAfterS).not.toBeNull();
  }, 180_000);
});
