/**
 * The raw Temporal ceiling the benchmark holds the product against: a minimal order workflow with one
 * search attribute, one timer and one Update, run by a worker of its own on its own task queue
 * (bench/worker-process.ts). Workflow code: deterministic, no Node built-ins.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { condition, defineUpdate, setHandler, upsertSearchAttributes } from '@temporalio/workflow';

export const RAW_TASK_QUEUE = 'bench-raw';
/** The same Keyword the product flips when a clock breaches (registered by the dev server flags). */
export const RAW_SLA_STATE = defineSearchAttributeKey('SlaState', SearchAttributeType.KEYWORD);
export const rawAcknowledge = defineUpdate<{ acknowledgedAt: number }, [{ by: string }]>('acknowledge');

export interface RawOrderInput {
  /** When the one timer fires (epoch ms). */
  dueAt: number;
}

export interface RawOrderResult {
  /** Workflow-task time of the timer firing minus its due instant; null when acknowledged first. */
  latenessMs: number | null;
}

/**
 * Waits for an acknowledgement or its due instant. At the due instant it flips `SlaState` to
 * `breached` and completes with the timer's lateness; once acknowledged it waits for nothing else.
 */
export async function benchRawOrder(input: RawOrderInput): Promise<RawOrderResult> {
  let acknowledgedAt: number | null = null;
  setHandler(rawAcknowledge, () => {
    acknowledgedAt ??= Date.now();
    return { acknowledgedAt };
  });
  const acked = await condition(() => acknowledgedAt !== null, Math.max(input.dueAt - Date.now(), 1));
  if (acked) {
    // Stays open like an acknowledged order does; the benchmark throws the server away afterwards.
    await condition(() => false);
    return { latenessMs: null };
  }
  const latenessMs = Date.now() - input.dueAt;
  upsertSearchAttributes([{ key: RAW_SLA_STATE, value: 'breached' }]);
  return { latenessMs };
}
