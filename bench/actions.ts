/**
 * Department action: an Update on the minimal workflow against `POST /orders/:id/acknowledge` (签收:
 * auth, validation, the Update with the workflow's validator, the read-model and audit write it causes),
 * at each concurrency. An order is signed for once, so every operation takes a fresh order (or raw
 * workflow) started beforehand: the intake phase's, topped up here when there are not enough.
 */
import type { Targets } from './intake';
import { mapConcurrent } from '../support';
import { cpuMeter, log, runLoad, summary, type Summary } from './lib';
import { settle, type Stack } from './stack';
import { acknowledgeOrder, acknowledgeRaw, createOrder, startRaw } from './workload';

export interface ActionLevel {
  raw: Summary;
  api: Summary;
  /** CPU time per operation of each process, including the background work it caused until settled. */
  rawCpuMsPerOp: Record<string, number>;
  apiCpuMsPerOp: Record<string, number>;
}

export interface ActionOptions {
  levels: number[];
  durationMs: number;
  maxOps: number;
}

const WARMUP = 20;

export async function benchActions(
  stack: Stack,
  o: ActionOptions,
  targets: Targets,
): Promise<Record<string, ActionLevel>> {
  const needed = o.levels.length * o.maxOps + WARMUP;
  const missingRaw = Math.max(0, needed - targets.raw.length);
  const missingOrders = Math.max(0, needed - targets.orders.length);
  if (missingRaw || missingOrders) {
    log(`action targets: starting ${missingRaw} more raw workflows and ${missingOrders} more orders`);
    await mapConcurrent(Array.from({ length: missingRaw }), 20, async () => {
      targets.raw.push(await startRaw(stack.client, Date.now() + 6 * 3_600_000));
    });
    await mapConcurrent(Array.from({ length: missingOrders }), 20, async (_, i) => {
      targets.orders.push(await createOrder(stack, i % 20));
    });
    await settle(stack, [...targets.raw, ...targets.orders.map((x) => x.orderId)], 300_000);
  }
  const raws = targets.raw.splice(0);
  const orders = targets.orders.splice(0);
  /** The workflows acknowledged so far, in order: what `settle` watches. */
  const done: string[] = [];
  const raw = async () => {
    const id = raws.shift()!;
    done.push(id);
    await acknowledgeRaw(stack.client, id);
  };
  const api = async () => {
    const order = orders.shift()!;
    done.push(order.orderId);
    await acknowledgeOrder(stack, order);
  };

  await runLoad({ concurrency: 5, durationMs: 10_000, maxOps: WARMUP, op: raw });
  await runLoad({ concurrency: 5, durationMs: 10_000, maxOps: WARMUP, op: api });
  await settle(stack, done);

  const out: Record<string, ActionLevel> = {};
  for (const [n, c] of o.levels.entries()) {
    const measure = async (kind: 'raw' | 'api') => {
      const available = kind === 'raw' ? raws.length : orders.length;
      const meter = cpuMeter(stack.pids);
      const r = await runLoad({
        concurrency: c,
        durationMs: o.durationMs,
        maxOps: Math.min(o.maxOps, available),
        op: kind === 'raw' ? raw : api,
      });
      const settleMs = await settle(stack, done);
      const cpu = meter(r.ok);
      log(
        `action c${c} ${kind}: ${r.perSecond.toFixed(1)}/s p50 ${r.p50.toFixed(0)} ms p99 ${r.p99.toFixed(0)} ms ` +
          `(${r.ok} ok, ${r.errors} errors${r.firstError ? `: ${r.firstError}` : ''}), settled in ${settleMs} ms`,
      );
      log(`  CPU ms per op: ${JSON.stringify(cpu)}`);
      return { r, settleMs, cpu };
    };
    const first = n % 2 === 0 ? 'raw' : 'api';
    const a = await measure(first);
    const b = await measure(first === 'raw' ? 'api' : 'raw');
    const [rawRun, apiRun] = first === 'raw' ? [a, b] : [b, a];
    out[`c${c}`] = {
      raw: summary(rawRun.r, rawRun.settleMs),
      api: summary(apiRun.r, apiRun.settleMs),
      rawCpuMsPerOp: rawRun.cpu,
      apiCpuMsPerOp: apiRun.cpu,
    };
  }
  return out;
}
