/** Production entry: the API only (TEMPORAL_ADDRESS and DATABASE_URL required). */
import { loadConfig } from '../runtime/config';
import { createLogger } from '../adapters/logger';
import { startApi, startDatabase, startTemporal, type Stop } from '../runtime/parts';
import { stopOnSignals } from '../runtime/shutdown';

const config = loadConfig();
const log = createLogger(config.logLevel, 'hotline-api');
if (!config.temporalAddress || !config.databaseUrl)
  throw new Error('start:api needs TEMPORAL_ADDRESS and DATABASE_URL');
const stops: Stop[] = [];
stopOnSignals(stops, log);
// With TEMPORAL_ADDRESS set this starts nothing: it makes sure the search attributes exist.
const temporal = await startTemporal(config, log);
const database = await startDatabase(config, { seed: false });
stops.push(() => database.close());
const api = await startApi(config, temporal.address, database, log);
stops.push(api.stop);
log.info({ port: config.apiPort }, 'API listening');
