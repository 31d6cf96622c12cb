/**
 * The delivery of one subscriber's outbox entries (activities/outbox.ts), running for as long as the
 * system does. It delivers when woken by a signal that new entries were written, and every minute in
 * any case (a wake-up can be lost: it is sent after the write commits, best effort). A receiver that is
 * down fails the activity, which Temporal retries with backoff up to a minute apart, for as long as it
 * takes: what waits is delivered, in order, once the receiver is back.
 */
import {
  ActivityFailure,
  condition,
  continueAsNew,
  defineSignal,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { OrderActivities } from '../activities';
import { OUTBOX_PENDING_SIGNAL } from '../domain/outbox';

const { deliverOutbox } = proxyActivities<OrderActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export const outboxPending = defineSignal(OUTBOX_PENDING_SIGNAL);

/** How long the delivery waits for a wake-up before it looks anyway. */
const SWEEP = '1 minute';
/** Rounds per run before continuing as new: each is a handful of history events. */
const ROUNDS_PER_RUN = 500;

export async function outboxDeliveryWorkflow(input: { subscriber: string }): Promise<void> {
  // Entries may be waiting from before this run (a restart, a sweep missed): look at once.
  let pending = true;
  setHandler(outboxPending, () => {
    pending = true;
  });
  for (let round = 0; round < ROUNDS_PER_RUN && !workflowInfo().continueAsNewSuggested; round++) {
    await condition(() => pending, SWEEP);
    pending = false;
    try {
      const { more } = await deliverOutbox(input);
      if (more) pending = true;
    } catch (err) {
      // Only an entry the receiver refuses for good ends up here (a retryable failure is retried for ever):
      // it stays undelivered with its error recorded, and is tried again after a pause.
      if (!(err instanceof ActivityFailure)) throw err;
      await sleep(SWEEP);
      pending = true;
    }
  }
  await continueAsNew<typeof outboxDeliveryWorkflow>(input);
}
