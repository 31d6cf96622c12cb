/**
 * `npm run chaos`: the whole system under faults, one scenario at a time, on its own dev server, its own
 * database (through a proxy it can cut) and separately started API and worker processes. Loopback only;
 * stops by itself; leaves nothing running. Writes chaos/results/latest.json and prints it as a table.
 *
 *   npm run chaos                                   # all five scenarios
 *   npm run chaos -- worker_sigkill db_unreachable  # some of them
 *   CHAOS_RATE=1 npm run chaos                      # new orders per second (default 1.5)
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cluster } from './cluster';
import { resultsJson, table, writeJson } from './report';
import { FULL_CONFIG, runScenario, SCENARIOS, type ScenarioName, type ScenarioResult } from './scenarios';

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
/** The whole run stops (and fails) after this long, whatever happens. */
const RUN_LIMIT_MS = Number(process.env.CHAOS_TIME_LIMIT_S ?? 40 * 60) * 1000;

const t0 = Date.now();
const log = (line: string) => console.log(`[chaos +${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`);

const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = requested.filter((a) => !SCENARIOS.includes(a as ScenarioName));
if (unknown.length) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
  process.exit(2);
}
const chosen = requested.length ? SCENARIOS.filter((s) => requested.includes(s)) : SCENARIOS;
const cfg = {
  ...FULL_CONFIG,
  ratePerSecond: Number(process.env.CHAOS_RATE ?? FULL_CONFIG.ratePerSecond),
  log,
};

rmSync(join(RESULTS, 'logs'), { recursive: true, force: true });
const cluster = new Cluster({ logDir: join(RESULTS, 'logs'), log });
let exiting = false;
const abort = async (why: string, code: number) => {
  if (exiting) return;
  exiting = true;
  log(`${why}: stopping everything`);
  await cluster.close();
  process.exit(code);
};
process.on('SIGINT', () => void abort('interrupted', 130));
process.on('SIGTERM', () => void abort('terminated', 143));
// Should the harness itself die abruptly, kill what it started rather than leave it running.
process.on('exit', () => cluster.killAllNow());
const limit = setTimeout(() => void abort(`time limit of ${RUN_LIMIT_MS / 1000} s reached`, 1), RUN_LIMIT_MS);
limit.unref();

const results: ScenarioResult[] = [];
let failed = false;
try {
  log(`starting: dev server, database ${'(fresh)'}, proxy, worker, API`);
  await cluster.start();
  log(`up: API ${cluster.baseUrl}, Temporal ${cluster.temporal!.address}, proxy :${cluster.proxy!.port}`);
  const earlier = new Set<string>();
  for (const [i, name] of chosen.entries()) {
    log(`scenario ${i + 1}/${chosen.length}: ${name}`);
    const label = `${name}-${t0.toString(36)}`;
    const result = await runScenario(cluster, name, cfg, earlier, label, (i + 1) * 1_000_000);
    results.push(result);
    for (const id of result.orderIds) earlier.add(id);
    log(
      `${name}: ${result.failures.length ? `FAIL\n  - ${result.failures.join('\n  - ')}` : 'all targets hold'} ` +
        `(${result.durationS} s, settled after ${result.settleWaitS} s)`,
    );
    writeJson(join(RESULTS, 'latest.json'), resultsJson(results));
    writeJson(
      join(RESULTS, 'latest-details.json'),
      results.map(({ orderIds: _ids, ...r }) => r),
    );
    if (result.failures.length) failed = true;
  }
} catch (err) {
  failed = true;
  log(`run failed: ${(err as Error).stack ?? String(err)}`);
} finally {
  clearTimeout(limit);
  if (!exiting) {
    log('stopping everything');
    await cluster.close();
  }
}

if (results.length) {
  console.log(`\n${table(results)}\n`);
  console.log(`Results: ${join(RESULTS, 'latest.json')} (details: latest-details.json, logs: logs/)`);
}
console.log(failed ? 'CHAOS: FAIL' : `CHAOS: all ${results.length} scenario(s) pass`);
process.exit(failed ? 1 : 0);
