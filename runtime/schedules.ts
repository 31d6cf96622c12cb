/**
 * The project's Temporal schedules, each a workflow started daily at a China-time hour: created at every
 * worker start, or brought back to their definition if they exist, so a deployment changes one by changing
 * its file; a schedule an operator paused stays paused.
 */
import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type DayOfWeek,
  type ScheduleOptions,
} from '@temporalio/client';
import { TASK_QUEUE } from '../workflows/messages';

type Definition = Omit<ScheduleOptions, 'scheduleId'>;

/**
 * Daily at `hour:minute` China time, or weekly on `dayOfWeek`; the schedule's id is also the runs' workflow id.
 */
export function dailyWorkflow(o: {
  scheduleId: string;
  workflowType: string;
  hour: number;
  minute: number;
  dayOfWeek?: DayOfWeek;
}): Definition {
  const at = `${o.hour}:${String(o.minute).padStart(2, '0')}`;
  const when = o.dayOfWeek ? { dayOfWeek: o.dayOfWeek, comment: `weekly, ${o.dayOfWeek} ${at} China time` } : {};
  return {
    spec: {
      calendars: [{ hour: o.hour, minute: o.minute, comment: `daily, ${at} China time`, ...when }],
      timezone: 'Asia/Shanghai',
    },
    action: { type: 'startWorkflow', workflowType: o.workflowType, workflowId: o.scheduleId, taskQueue: TASK_QUEUE },
    // A run still going the next day goes on alone; a day missed while Temporal was down runs when it is back.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  };
}

export async function ensureSchedule(client: Client, scheduleId: string, definition: Definition): Promise<void> {
  try {
    await client.schedule.create({ scheduleId, ...definition });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((current) => ({ ...current, ...definition }));
  }
}
