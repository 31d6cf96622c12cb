/**
 * 政策预演: a candidate policy replayed over a period's orders (domain/policy-preview.ts), range by range,
 * so the manager sees its progress (the `progress` query) and a long month survives a worker restart.
 * It only reads: no stored figure changes.
 */
import { defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { PolicyPreviewActivities } from '../activities/policy-preview';
import { finishPreview, type PreviewInput, type PreviewPart, type PreviewResult } from '../domain/policy-preview';

const { planPolicyPreview, previewPolicyRange } = proxyActivities<PolicyPreviewActivities>({
  // A range of 20,000 orders is read and counted in seconds; the bound leaves room for a slow database.
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

export interface PreviewProgress {
  done: number;
  total: number | null;
}

export const previewProgressQuery = defineQuery<PreviewProgress>('progress');

export async function policyPreviewWorkflow(input: PreviewInput): Promise<PreviewResult> {
  const progress: PreviewProgress = { done: 0, total: null };
  setHandler(previewProgressQuery, () => progress);
  const plan = await planPolicyPreview(input.period);
  progress.total = plan.orders;
  const parts: PreviewPart[] = [];
  for (const range of plan.ranges) {
    parts.push(await previewPolicyRange(input, range));
    progress.done += range.orders;
  }
  return finishPreview(input, plan, parts);
}
