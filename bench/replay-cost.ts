/**
 * What one recorded history costs the workflow side, without a server: replays it `--times` times in
 * this thread (the SDK's replayer runs workflows in the calling thread) and prints, per replay, the CPU
 * time of this process, the calls into the workflow's V8 context and the promises workflow code created
 * (each one pays the SDK's stack capture, sdk-typescript#1587). A replay runs the same activations as a
 * worker that picks up an evicted order, so it measures the workflow code of a change on its own.
 *
 *   npx tsx bench/replay-cost.ts [--times=300] [--workflows=bench/raw-workflow.ts] <history.json>…
 *
 * Histories are in the replay test's form (test/histories). Order histories decode with the tests'
 * payload key. Compare histories in one run: the figures move with the machine's load.
 */
import proto from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { testDataConverter } from '../test/helpers/temporal';
import { workflowsPath as orderWorkflows } from '../runtime/worker';

const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const times = Number(option('times') ?? 300);
const files = args.filter((a) => !a.startsWith('--'));
if (!files.length)
  throw new Error('usage: npx tsx bench/replay-cost.ts [--times=N] [--workflows=FILE] <history.json>…');

Runtime.install({ logger: new DefaultLogger('WARN') });
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const workflowBundle = await bundleWorkflowCode({
  workflowsPath: option('workflows') ? resolve(option('workflows')!) : orderWorkflows,
  logger: quiet,
});

// Calls into the context: every activation is several (activate, tryUnblockConditions, conclude…).
let vmCalls = 0;
const runInContext = vm.Script.prototype.runInContext;
vm.Script.prototype.runInContext = function (this: vm.Script, ...a: Parameters<typeof runInContext>) {
  vmCalls += 1;
  return runInContext.apply(this, a);
};
// The SDK's own promise hook tags each promise made in workflow code with its run id, after ours has
// seen it: keep them all, count the tagged ones afterwards.
let seen: Promise<unknown>[] = [];
v8.promiseHooks.createHook({ init: (p) => void seen.push(p) });
const workflowPromises = () => {
  const n = seen.filter((p) => (p as { runId?: string }).runId !== undefined).length;
  seen = [];
  return n;
};

async function replay(file: string, count: number) {
  const history = proto.temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(file, 'utf8')));
  const items = Array.from({ length: count }, (_, i) => ({ workflowId: `replay-${i}`, history }));
  workflowPromises();
  const calls = vmCalls;
  const cpu = process.cpuUsage();
  for await (const r of Worker.runReplayHistories({ workflowBundle, dataConverter: testDataConverter }, items)) {
    if (r.error) throw r.error;
  }
  const used = process.cpuUsage(cpu);
  return {
    cpuMs: (used.user + used.system) / 1000 / count,
    vmCalls: (vmCalls - calls) / count,
    promises: workflowPromises() / count,
  };
}

for (const file of files) await replay(file, 20); // warm-up
for (const file of files) {
  const r = await replay(file, times);
  const calls = Math.round(r.vmCalls);
  console.log(
    `${file}: ${r.cpuMs.toFixed(1)} CPU-ms, ${calls} calls into the context, ${r.promises} promises per replay`,
  );
}
