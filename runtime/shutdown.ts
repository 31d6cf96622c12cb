/** Runs the stops in reverse order of start on SIGINT/SIGTERM, once, then exits 0 (1 if a stop failed). */
import type { Logger } from '../adapters/logger';
import type { Stop } from './parts';

export interface Shutdown {
  /** Stops everything, once, then exits with `code` (1 if a stop failed). */
  stopAll(reason: string, code?: number): Promise<void>;
}

export function stopOnSignals(
  stops: Stop[],
  log: Logger,
  exit: (code: number) => void = (code) => process.exit(code),
): Shutdown {
  let stopping = false;
  const stopAll = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    let failed = false;
    for (const stop of [...stops].reverse()) {
      await stop().catch((err: unknown) => {
        failed = true;
        log.error({ err }, 'error while shutting down');
      });
    }
    log.info('stopped');
    exit(failed ? 1 : code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(signal));
  return { stopAll };
}

/**
 * A worker whose run() failed polls no more: the process must not stay alive looking healthy. Its failure
 * stops everything else and exits non-zero, so the supervisor (systemd, Kubernetes) restarts it.
 */
export function exitWhenWorkerFails(running: Promise<void>, log: Logger, shutdown: Shutdown): Promise<void> {
  return running.catch(async (err: unknown) => {
    log.error({ err }, 'worker failed');
    await shutdown.stopAll('worker failed', 1);
  });
}
