/** Production entry: the order worker only (TEMPORAL_ADDRESS and DATABASE_URL required). */
import { loadConfig } from '../runtime/config';
import { createLogger } from '../adapters/logger';
import { startDatabase, startTemporal, startWorker, type Stop } from '../runtime/parts';
import { exitWhenWorkerFails, stopOnSignals } from '../runtime/shutdown';

const config = loadConfig();
const log = createLogger(config.logLevel, 'hotline-worker');
if (!config.temporalAddress || !config.databaseUrl)
  throw new Error('start:worker needs TEMPORAL_ADDRESS and DATABASE_URL');
const stops: Stop[] = [];
const shutdown = stopOnSignals(stops, log);
// With TEMPORAL_ADDRESS set this starts nothing: it makes sure the search attributes exist.
const temporal = await startTemporal(config, log);
const database = await startDatabase(config, { seed: false });
stops.push(() => database.close());
const worker = await startWorker(config, temporal.address, database, log);
stops.push(worker.stop);
void exitWhenWorkerFails(worker.running, log, shutdown);
log.info('worker running');
