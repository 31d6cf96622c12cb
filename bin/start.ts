/**
 * `npm start`: the whole system on one machine. Embedded Temporal dev server (unless TEMPORAL_ADDRESS)
 * and embedded PGlite (unless DATABASE_URL), migrations, the demo city, the worker and the API.
 */
import { issueToken } from '../api/http/auth';
import { DEMO_USERS } from '../api/dev-signin';
import { DEMO_PARTNER, demoPartnerKey } from '../api/open311/partners';
import { savePartner } from '../db/open311';
import { ensureConsoleBuilt } from '../runtime/console-build';
import { loadConfig } from '../runtime/config';
import { createLogger } from '../adapters/logger';
import { startApi, startCodecServer, startDatabase, startTemporal, startWorker, type Stop } from '../runtime/parts';
import { stopOnSignals } from '../runtime/shutdown';

const started = Date.now();
const config = loadConfig();
const log = createLogger(config.logLevel, 'hotline');
const stops: Stop[] = [];
stopOnSignals(stops, log);

try {
  // The console builds (first start, or after its sources changed) while the servers start.
  const consoleBuilt = ensureConsoleBuilt((message) => log.info(message));
  // Awaited below; until then a failed build must not count as an unhandled rejection.
  consoleBuilt.catch(() => {});
  const temporal = await startTemporal(config, log);
  stops.push(temporal.stop);
  const database = await startDatabase(config, { seed: process.env.SEED_DEMO_DATA !== 'false' });
  stops.push(() => database.close());
  // A partner system to try an Open311 client with, beside the demo users (embedded defaults only).
  const partnerKey = config.demoSignIn ? demoPartnerKey(config.authSecret) : null;
  if (partnerKey) await savePartner(database.db, { ...DEMO_PARTNER, apiKey: partnerKey, by: 'npm start' });
  const worker = await startWorker(config, temporal.address, database, log);
  stops.push(worker.stop);
  const api = await startApi(config, temporal.address, database, log, true);
  stops.push(api.stop);
  const codec = await startCodecServer(config, log);
  stops.push(codec.stop);
  await consoleBuilt;

  const base = `http://${config.apiHost}:${config.apiPort}`;
  const tokens = await Promise.all(
    DEMO_USERS.map(
      async (id) =>
        `  ${(id.unit ? `${id.role}@${id.unit}` : id.role).padEnd(22)} ${await issueToken(config.authSecret, id)}`,
    ),
  );
  const ui = config.temporalAddress
    ? '(external Temporal: see its own UI)'
    : `http://127.0.0.1:${config.temporalUiPort}`;
  console.log(
    [
      '',
      `12345 hotline ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `  Console      ${base}/console  (open it in a browser; pick a demo user to sign in)`,
      `  API          ${base}`,
      `  API docs     ${base}/docs  (OpenAPI: ${base}/openapi.json)`,
      `  Metrics      ${base}/metrics`,
      `  Health       ${base}/healthz  ${base}/readyz`,
      `  Temporal UI  ${ui}`,
      `  Codec server ${codec.url}  (decodes citizen data for the UI and temporal --codec-endpoint)`,
      `  Database     ${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)'}`,
      `  Demo sign-in ${config.demoSignIn ? 'on, for a browser on this machine only (DEMO_SIGN_IN=false turns it off)' : 'off (DEMO_SIGN_IN=true turns it on outside production)'}`,
      '',
      'Dev tokens (Authorization: Bearer <token>), valid 12 h:',
      ...tokens,
      '',
      ...(partnerKey
        ? [`Open311 (${base}/open311/v2, docs/integration.md): demo partner api_key ${partnerKey}`, '']
        : []),
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
} catch (err) {
  log.error({ err }, 'start failed');
  process.kill(process.pid, 'SIGTERM');
}
