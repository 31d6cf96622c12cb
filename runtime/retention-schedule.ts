/**
 * The Temporal schedule of the retention run (workflows/retention.ts): daily at 03:30 China time, when the
 * hotline is quietest (runtime/schedules.ts keeps it in line with this file at every worker start).
 */
import type { Client } from '@temporalio/client';
import { dailyWorkflow, ensureSchedule } from './schedules';

export const RETENTION_SCHEDULE_ID = 'privacy-retention';

export async function ensureRetentionSchedule(client: Client): Promise<void> {
  await ensureSchedule(
    client,
    RETENTION_SCHEDULE_ID,
    dailyWorkflow({ scheduleId: RETENTION_SCHEDULE_ID, workflowType: 'retentionWorkflow', hour: 3, minute: 30 }),
  );
}
