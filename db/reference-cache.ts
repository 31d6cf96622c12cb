/**
 * Reference data held in memory and refreshed in the background, so that intake keeps working (on the
 * last known rules) while the database is unreachable, and a create costs no database round trip.
 */
import type { Db } from './client';
import { loadReferenceData, type ReferenceData } from './reference';

export interface ReferenceCache {
  get(): ReferenceData;
  /** Reloads now (e.g. after an admin changed the catalogue). */
  refresh(): Promise<void>;
  stop(): void;
}

export async function startReferenceCache(
  db: Db,
  refreshMs = 30_000,
  onError?: (err: unknown) => void,
): Promise<ReferenceCache> {
  let current = await loadReferenceData(db);
  const refresh = async () => {
    current = await loadReferenceData(db);
  };
  const timer = setInterval(() => void refresh().catch((err: unknown) => onError?.(err)), refreshMs);
  timer.unref();
  return { get: () => current, refresh, stop: () => clearInterval(timer) };
}
