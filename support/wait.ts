/** Waiting: for an instant, or until something holds (polling with a deadline rather than sleeping). */
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/** Sleeps until the wall-clock instant `at` (epoch ms); at once if it has passed. */
export const sleepUntil = (at: number): Promise<void> => sleep(Math.max(0, at - Date.now()));

export interface PollOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Calls `check` until it returns a value other than undefined/false and returns that value; a throw
 * counts as not yet. After `timeoutMs` it throws, naming `what` and the last error.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 60_000, intervalMs = 250 }: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`,
      );
    }
    await sleep(intervalMs);
  }
}

/**
 * Reads `read` until `accept` takes its value, and returns it: for what is written a moment after the
 * action (the read model, the audit trail). Ten seconds unless told otherwise.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 10_000, intervalMs = 100 }: PollOptions = {},
): Promise<T> {
  const found = await waitFor(
    'the value expected',
    async () => {
      const value = await read();
      return accept(value) && { value };
    },
    { timeoutMs, intervalMs },
  );
  return found.value;
}
