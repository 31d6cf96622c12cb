/**
 * 抽查: the week's random sample of each unit's closed orders and each operator's intakes, drawn every
 * Monday by a Temporal schedule (runtime/inspection-schedule.ts) into the inspectors' queue.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { InspectionActivities } from '../activities/inspection';

const { drawWeeklyInspection } = proxyActivities<InspectionActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});

export async function inspectionDrawWorkflow(): Promise<{ drawId: number; items: number; fresh: boolean }> {
  return drawWeeklyInspection({ now: Date.now() });
}
