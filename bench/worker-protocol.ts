/** What the benchmark and its worker process (bench/worker-process.ts) say to each other. */
export interface WorkerProcessOptions {
  address: string;
  namespace: string;
  /** Runs the order worker on this PostgreSQL database; no order worker when absent. */
  databaseUrl?: string;
  raw: boolean;
  /** Overrides the cache bound of both workers (the product default when absent). */
  maxCachedWorkflows?: number;
  metricsAddress?: string;
}

export interface WorkerStatus {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  orderCached: number | null;
  /** The order worker's `maxCachedWorkflows`. */
  orderCacheBound: number | null;
  rawCached: number | null;
  inFlightActivations: number;
  inFlightActivities: number;
}

export type ParentMessage = { type: 'status'; gc?: boolean } | { type: 'stop' };
export type ChildMessage =
  { type: 'ready' } | { type: 'status'; status: WorkerStatus } | { type: 'error'; message: string };
