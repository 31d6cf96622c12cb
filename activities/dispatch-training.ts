/** The dispatch suggestion's nightly retraining (workflows/dispatch-training.ts): one activity, db/ does the work. */
import type { Db } from '../db/client';
import { retrainDispatchModel, type TrainingResult } from '../db/dispatch-models';

export function createDispatchTrainingActivities({ db }: { db: Db }) {
  return {
    /** `trainedAt`: the run's instant (workflow time), so a retried attempt records the same one. */
    async retrainDispatchModel({ trainedAt }: { trainedAt: number }): Promise<TrainingResult> {
      return retrainDispatchModel(db, new Date(trainedAt));
    },
  };
}

export type DispatchTrainingActivities = ReturnType<typeof createDispatchTrainingActivities>;
