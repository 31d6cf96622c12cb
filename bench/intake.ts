/**
 * Intake: `client.workflow.start` of the minimal workflow against `POST /orders` (auth, validation,
 * idempotency, workflow start with the order's search attributes, repeat detection on the read model),
 * at each concurrency, for the same time. The orders and raw workflows started here are the targets of
 * the action phase.
 */
import { cpuMeter, log, runLoad, summary, type Summary } from './lib';
import { settle, type Stack } from './stack';
import { createOrder, startRaw, type CreatedOrder } from './workload';

export interface Targets {
  raw: string[];
  orders: CreatedOrder[];
}

export interface IntakeLevel {
  raw: Summary;
  api: Summary;
  ratio: number;
  /** CPU time per operation of each process, including the background work it caused until settled. */
  rawCpuMsPerOp: Record<string, number>;
  apiCpuMsPerOp: Record<string, number>;
}

export interface IntakeOptions {
  levels: number[];
  durationMs: number;
  maxOps: number;
}

/** Raw timers are set far beyond the run: no raw clock fires outside the clock phase. */
const FAR = 6 * 3_600_000;

export async function benchIntake(
  stack: Stack,
  o: IntakeOptions,
  targets: Targets,
): Promise<Record<string, IntakeLevel>> {
  const raw = async () => {
    targets.raw.push(await startRaw(stack.client, Date.now() + FAR));
  };
  const api = async (slot: number) => {
    targets.orders.push(await createOrder(stack, slot));
  };
  // Warm-up: connections, JIT, the workers' first tasks.
  await runLoad({ concurrency: 5, durationMs: 10_000, maxOps: 20, op: raw });
  await runLoad({ concurrency: 5, durationMs: 10_000, maxOps: 20, op: (i) => api(i % 5) });
  await settle(stack, [...targets.raw, ...targets.orders.map((x) => x.orderId)]);

  const out: Record<string, IntakeLevel> = {};
  for (const [n, c] of o.levels.entries()) {
    const measure = async (kind: 'raw' | 'api') => {
      const meter = cpuMeter(stack.pids);
      const r = await runLoad({
        concurrency: c,
        durationMs: o.durationMs,
        maxOps: o.maxOps,
        op: kind === 'raw' ? raw : (i) => api(i % c),
      });
      const settleMs = await settle(stack, kind === 'raw' ? targets.raw : targets.orders.map((x) => x.orderId));
      const cpu = meter(r.ok);
      log(
        `intake c${c} ${kind}: ${r.perSecond.toFixed(1)}/s p99 ${r.p99.toFixed(0)} ms (${r.errors} errors), settled in ${settleMs} ms`,
      );
      log(`  CPU ms per op: ${JSON.stringify(cpu)}`);
      return { r, settleMs, cpu };
    };
    // Alternate which goes first, so neither always runs on the fresher server.
    const first = n % 2 === 0 ? 'raw' : 'api';
    const a = await measure(first);
    const b = await measure(first === 'raw' ? 'api' : 'raw');
    const [rawRun, apiRun] = first === 'raw' ? [a, b] : [b, a];
    const rawSummary = summary(rawRun.r, rawRun.settleMs);
    const apiSummary = summary(apiRun.r, apiRun.settleMs);
    out[`c${c}`] = {
      raw: rawSummary,
      api: apiSummary,
      ratio: Math.round((apiSummary.perSecond / rawSummary.perSecond) * 100) / 100,
      rawCpuMsPerOp: rawRun.cpu,
      apiCpuMsPerOp: apiRun.cpu,
    };
  }
  return out;
}
