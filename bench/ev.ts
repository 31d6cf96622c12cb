// TEMPORARY eviction experiment
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapConcurrent, runLoad, summary } from './lib';
import { createBenchDatabase, settle, startStack } from './stack';
import { acknowledgeOrder, createOrder } from './workload';
const cache = Number(process.argv[2] ?? 50);
const n = Number(process.argv[3] ?? 300);
const db = await createBenchDatabase();
let stop: () => Promise<void> = async () => {};
const metrics = async (label: string) => {
  const text = await (await fetch(`http://${process.env.BENCH_WORKER_METRICS}/metrics`)).text();
  const lines = text
    .split('\n')
    .filter(
      (l) =>
        /sticky_cache|replay|workflow_task_execution_latency_(sum|count)|schedule_to_start_latency_(sum|count)|full_history|workflow_task_execution_failed|sticky/.test(
          l,
        ) && !l.startsWith('#'),
    );
  console.log('--', label);
  for (const l of lines)
    console.log(
      '  ',
      l.replace(/\{[^}]*\}/, (m) => (m.length > 80 ? '{…' + m.slice(-60) : m)),
    );
};
try {
  const stack = await startStack(
    {
      dir: mkdtempSync(join(tmpdir(), 'ev-')),
      databaseUrl: db.url,
      orderWorker: true,
      rawWorker: false,
      maxCachedWorkflows: cache,
    },
    (s) => (stop = s),
  );
  await stack.publishPolicy({ unit: 'hours', amount: 8 });
  const orders = await mapConcurrent(Array.from({ length: n }), 20, (_, i) => createOrder(stack, i % 20));
  await settle(stack);
  await metrics('after create');
  const ev = await runLoad({
    concurrency: 1,
    durationMs: 60_000,
    maxOps: 50,
    op: (i) => acknowledgeOrder(stack, orders[i]!),
  });
  console.log('evicted', JSON.stringify(summary(ev)), ev.latencies.slice(0, 15).map(Math.round));
  await settle(stack);
  await metrics('after evicted acks');
  const ca = await runLoad({
    concurrency: 1,
    durationMs: 60_000,
    maxOps: 20,
    op: (i) => acknowledgeOrder(stack, orders[n - 1 - i]!),
  });
  console.log('cached', JSON.stringify(summary(ca)));
} finally {
  await stop();
  await db.drop();
}
process.exit(0);
