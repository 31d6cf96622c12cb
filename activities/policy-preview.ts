/** 政策预演's parts (workflows/policy-preview.ts): the plan and each range, db/ does the work. */
import type { Db } from '../db/client';
import { planPreview, previewRange } from '../db/policy-preview';
import type { PreviewInput, PreviewPart, PreviewPlan } from '../domain/policy-preview';

export function createPolicyPreviewActivities({ db }: { db: Db }) {
  return {
    async planPolicyPreview(period: PreviewInput['period']): Promise<PreviewPlan> {
      return planPreview(db, period);
    },
    async previewPolicyRange(input: PreviewInput, range: PreviewPlan['ranges'][number]): Promise<PreviewPart> {
      return previewRange(db, input, range);
    },
  };
}

export type PolicyPreviewActivities = ReturnType<typeof createPolicyPreviewActivities>;
