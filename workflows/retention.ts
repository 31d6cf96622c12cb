/**
 * The retention run, started daily by a Temporal schedule (runtime/retention-schedule.ts): anonymises in
 * batches until none is left, or until the run's bound, where the next day's run goes on. Deterministic:
 * the cut-off is the run's own start time, so every batch of a run applies the same one.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { RetentionActivities } from '../activities/retention';

const { anonymiseClosedOrders } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '1 minute',
  // The database may be down for a while: the batch is retried, and a new run the next day in any case.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});

/** Orders per batch: one transaction each, short enough to hold no lock for long. */
export const RETENTION_BATCH = 500;
/** Batches per run: bounds the run's history (3 events a batch); 100,000 orders a day is far above a city's closures. */
const MAX_BATCHES = 200;

export async function retentionWorkflow(): Promise<{ anonymised: number }> {
  const now = Date.now();
  const run = workflowInfo().workflowId;
  let anonymised = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const done = await anonymiseClosedOrders({ now, limit: RETENTION_BATCH, run });
    anonymised += done;
    if (done < RETENTION_BATCH) break;
  }
  return { anonymised };
}
