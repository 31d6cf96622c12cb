/**
 * Scale: open orders created through the API onto one order worker (a child process of its own, so its
 * RSS is the worker's alone), its memory after each checkpoint once the worker is idle (after a full GC),
 * then the latency of signing for orders that have left the worker's cache (their workflow is replayed
 * from history) beside orders still in it.
 */
import { mapConcurrent } from '../support';
import { log, round, runLoad, summary, type Summary } from './lib';
import { settle, type Stack } from './stack';
import { acknowledgeOrder, createOrder, type CreatedOrder } from './workload';

export interface ScaleOptions {
  checkpoints: number[];
  samples: number;
}

export interface ScalePoint {
  open: number;
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
  cached: number | null;
}

export interface ScaleResult {
  cacheBound: number | null;
  points: ScalePoint[];
  createPerSecond: number;
  evicted: Summary;
  cached: Summary;
  /** Worker memory after signing for the evicted orders, then after the cached ones. */
  afterEvicted: ScalePoint;
  afterCached: ScalePoint;
}

export async function benchScale(stack: Stack, o: ScaleOptions): Promise<ScaleResult> {
  const orders: CreatedOrder[] = [];
  const points: ScalePoint[] = [];
  let createMs = 0;
  let cacheBound: number | null = null;
  /** The worker's memory once it is idle again, after a full GC. */
  const snapshot = async (open: number, what: string): Promise<ScalePoint> => {
    await settle(
      stack,
      orders.map((x) => x.orderId),
      300_000,
    );
    const s = await stack.workerStatus(true);
    cacheBound = s.orderCacheBound;
    log(
      `scale: ${what}: worker RSS ${s.rssMb.toFixed(0)} MB, heap ${s.heapUsedMb.toFixed(0)} MB, ${s.orderCached} cached`,
    );
    return {
      open,
      rssMb: round(s.rssMb),
      heapUsedMb: round(s.heapUsedMb),
      externalMb: round(s.externalMb),
      cached: s.orderCached,
    };
  };
  const point = async (open: number) => points.push(await snapshot(open, `${open} open orders`));
  await point(0);
  for (const target of o.checkpoints) {
    const t0 = Date.now();
    const batch = await mapConcurrent(Array.from({ length: target - orders.length }), 20, (_, i) =>
      createOrder(stack, i % 20),
    );
    createMs += Date.now() - t0;
    orders.push(...batch);
    await point(orders.length);
  }
  // The oldest orders have been evicted (LRU) once more than the cache bound were created after them.
  const evictable = Math.max(0, orders.length - (cacheBound ?? 0) - o.samples);
  if (evictable < o.samples) log(`scale: only ${evictable} orders are surely evicted`);
  const evictedOrders = orders.slice(0, Math.min(o.samples, evictable));
  const cachedOrders = orders.slice(-o.samples);
  const sign = (list: CreatedOrder[]) =>
    runLoad({ concurrency: 1, durationMs: 120_000, maxOps: list.length, op: (i) => acknowledgeOrder(stack, list[i]!) });
  const evicted = await sign(evictedOrders);
  const afterEvicted = await snapshot(orders.length, 'after signing for evicted orders');
  const cached = await sign(cachedOrders);
  const afterCached = await snapshot(orders.length, 'after signing for cached orders');
  log(
    `scale: evicted action p50 ${evicted.p50.toFixed(0)} p99 ${evicted.p99.toFixed(0)} ms; cached p99 ${cached.p99.toFixed(0)} ms`,
  );
  return {
    cacheBound,
    points,
    createPerSecond: round((orders.length / createMs) * 1000),
    evicted: summary(evicted),
    cached: summary(cached),
    afterEvicted,
    afterCached,
  };
}
