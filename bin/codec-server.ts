/**
 * Production entry: the codec server of the Temporal UI and CLI only (PAYLOAD_KEYS and AUTH_SECRET
 * required; under NODE_ENV=production every request needs a bearer token of a role that sees citizen data).
 */
import { loadConfig } from '../runtime/config';
import { createLogger } from '../adapters/logger';
import { startCodecServer, type Stop } from '../runtime/parts';
import { stopOnSignals } from '../runtime/shutdown';

const config = loadConfig();
const log = createLogger(config.logLevel, 'hotline-codec');
const stops: Stop[] = [];
stopOnSignals(stops, log);
const codec = await startCodecServer(config, log);
stops.push(codec.stop);
log.info({ url: codec.url, allowedOrigins: config.codec.allowedOrigins }, 'codec server listening');
