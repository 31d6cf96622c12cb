/**
 * The Temporal schedule of the retention run (workflows/retention.ts): daily at 03:30 China time, when the
 * hotline is quietest. Created at every worker start, or brought back to this definition if it exists, so
 * a deployment changes it by changing this file; a schedule an operator paused stays paused.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { TASK_QUEUE } from '../workflows/messages';

export const RETENTION_SCHEDULE_ID = 'privacy-retention';

const definition = {
  spec: { calendars: [{ hour: 3, minute: 30, comment: 'daily, 03:30 China time' }], timezone: 'Asia/Shanghai' },
  action: {
    type: 'startWorkflow',
    workflowType: 'retentionWorkflow',
    workflowId: RETENTION_SCHEDULE_ID,
    taskQueue: TASK_QUEUE,
  },
  // A run still going the next day goes on alone; a day missed while Temporal was down runs when it is back.
  policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
} satisfies Omit<ScheduleOptions, 'scheduleId'>;

export async function ensureRetentionSchedule(client: Client): Promise<void> {
  try {
    await client.schedule.create({ scheduleId: RETENTION_SCHEDULE_ID, ...definition });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(RETENTION_SCHEDULE_ID).update((current) => ({ ...current, ...definition }));
  }
}
