/**
 * The Temporal schedule of the dispatch suggestion's retraining (workflows/dispatch-training.ts): nightly
 * at 02:30 China time, after the day's orders have closed and before the retention run (03:30) anonymises
 * any (runtime/schedules.ts keeps it in line with this file at every worker start).
 */
import type { Client } from '@temporalio/client';
import { dailyWorkflow, ensureSchedule } from './schedules';

export const DISPATCH_TRAINING_SCHEDULE_ID = 'dispatch-training';

export async function ensureDispatchTrainingSchedule(client: Client): Promise<void> {
  await ensureSchedule(
    client,
    DISPATCH_TRAINING_SCHEDULE_ID,
    dailyWorkflow({
      scheduleId: DISPATCH_TRAINING_SCHEDULE_ID,
      workflowType: 'dispatchTrainingWorkflow',
      hour: 2,
      minute: 30,
    }),
  );
}
