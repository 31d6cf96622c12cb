/** 抽查's weekly draw (workflows/inspection.ts): one activity, db/inspection does the work. */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client';
import { drawInspection } from '../db/inspection';
import { currentPolicy } from '../db/reference';
import { previousWeek } from '../domain/inspection';

export function createInspectionActivities({ db }: { db: Db }) {
  return {
    /**
     * Draws the week before `now` (workflow time, so a retried attempt draws the same week) under the policy
     * in force. The seed is random, so no unit can tell in advance which orders will be read; it is recorded
     * with the population, so the draw can be repeated. A week drawn already stays as it was.
     */
    async drawWeeklyInspection({ now }: { now: number }) {
      const { week, from, to } = previousWeek(now);
      const policy = await currentPolicy(db);
      return drawInspection(db, {
        week,
        from,
        to,
        seed: randomBytes(16).toString('hex'),
        sizes: { order: policy.inspection.ordersPerUnit, intake: policy.inspection.intakesPerOperator },
        policyVersion: policy.version,
        drawnAt: Date.now(),
      });
    },
  };
}

export type InspectionActivities = ReturnType<typeof createInspectionActivities>;
