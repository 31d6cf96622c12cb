/**
 * The Temporal schedule of 抽查's weekly draw (workflows/inspection.ts): Mondays at 01:00 China time, once
 * the week before has ended (runtime/schedules.ts keeps it in line with this file at every worker start).
 */
import type { Client } from '@temporalio/client';
import { dailyWorkflow, ensureSchedule } from './schedules';

export const INSPECTION_SCHEDULE_ID = 'inspection-draw';

export async function ensureInspectionSchedule(client: Client): Promise<void> {
  await ensureSchedule(
    client,
    INSPECTION_SCHEDULE_ID,
    dailyWorkflow({
      scheduleId: INSPECTION_SCHEDULE_ID,
      workflowType: 'inspectionDrawWorkflow',
      hour: 1,
      minute: 0,
      dayOfWeek: 'MONDAY',
    }),
  );
}
