/** Runs the stops in reverse order of start on SIGINT/SIGTERM, once, then exits 0 (1 if a stop failed). */
import type { Logger } from './logger';
import type { Stop } from './parts';

export function stopOnSignals(stops: Stop[], log: Logger): void {
  let stopping = false;
  const stopAll = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    let failed = false;
    for (const stop of [...stops].reverse()) {
      await stop().catch((err: unknown) => {
        failed = true;
        log.error({ err }, 'error while shutting down');
      });
    }
    log.info('stopped');
    process.exit(failed ? 1 : 0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(signal));
}
