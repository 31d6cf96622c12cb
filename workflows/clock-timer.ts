/**
 * The one timer the order's main loop sleeps on until its next clock event. It is kept across wake-ups
 * while that instant stands, so an action that moves no deadline costs no timer cancel and restart (two
 * commands and two history events, and the server's timer tasks), and waiting costs one plain condition
 * instead of `condition(fn, timeout)`, which builds a cancellation scope, a race and a timer each time:
 * the SDK captures a stack trace for every promise a workflow creates (sdk-typescript#1587).
 */
import { CancellationScope, isCancellation, sleep } from '@temporalio/workflow';

export class ClockTimer {
  #scope: CancellationScope | null = null;
  #at: number | null = null;
  #fired = false;

  /** True once the timer for the instant last set has fired. */
  get fired(): boolean {
    return this.#fired;
  }

  /** Runs a timer for `at` (none for null): keeps the running one when it is for `at`, else sets it anew. */
  setFor(at: number | null, now: number): void {
    if (this.#scope !== null && !this.#fired && this.#at === at) return;
    this.cancel();
    if (at === null) return;
    const scope = new CancellationScope();
    this.#scope = scope;
    this.#at = at;
    void scope
      .run(() => sleep(Math.max(at - now, 1)))
      .then(
        () => {
          if (this.#scope === scope) this.#fired = true;
        },
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
  }

  /** Cancels the running timer; one that has fired needs no command. */
  cancel(): void {
    if (this.#scope !== null && !this.#fired) this.#scope.cancel();
    this.#scope = null;
    this.#at = null;
    this.#fired = false;
  }
}
