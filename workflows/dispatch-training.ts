/**
 * The dispatch suggestion's retraining, started nightly by a Temporal schedule
 * (runtime/dispatch-training-schedule.ts): trains on the seed corpus and the closed orders, and keeps the
 * new model only if it scores at least as well on the held-out set (db/dispatch-models.ts).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { DispatchTrainingActivities } from '../activities/dispatch-training';

const { retrainDispatchModel } = proxyActivities<DispatchTrainingActivities>({
  // A city's year of closed orders trains in seconds; the bound leaves room for a slow database.
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});

export async function dispatchTrainingWorkflow(): Promise<{ version: string; kept: boolean; orders: number }> {
  const result = await retrainDispatchModel({ trainedAt: Date.now() });
  return { version: result.trained.version, kept: result.kept, orders: result.examples.orders };
}
