/**
 * `npm run recompute -- [--from ISO] [--to ISO] [--group unit|category|centre] [--all] [--rebuild]
 *   [--only read-model,kpi-outcomes] [--temporal]`
 * Re-derives from the audit trail, in one pass, every projection that can be (projections/registry.ts;
 * `--only` names some) for the orders active in a period (default the last 30 days; `--all`: every
 * order), and the period's KPIs order by order, which must equal the figures the API sums from the
 * outcome rows. Reports any difference (and, with --temporal, any difference from the workflows
 * themselves); with --rebuild rewrites what differs. Exits 1 when something does not match.
 */
import { Client, Connection } from '@temporalio/client';
import { parseArgs } from 'node:util';
import { loadConfig } from '../runtime/config';
import { startDatabase } from '../runtime/parts';
import { temporalDataConverter } from '../adapters/payload-codec';
import { recompute, verifyAgainstTemporal } from '../jobs/recompute';
import { startReferenceCache } from '../db/reference-cache';

const { values: args } = parseArgs({
  options: {
    from: { type: 'string', default: new Date(Date.now() - 30 * 86_400_000).toISOString() },
    to: { type: 'string', default: new Date().toISOString() },
    group: { type: 'string', default: 'unit' },
    all: { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
    temporal: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});

const config = loadConfig();
const database = await startDatabase(config, { seed: false });
const reference = await startReferenceCache(database.db);
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
try {
  const result = await recompute(database.db, {
    rebuild: args.rebuild,
    everyOrder: args.all,
    ...(args.only ? { projections: args.only.split(',') } : {}),
    kpis: {
      groupBy: args.group as 'unit' | 'category' | 'centre',
      from: new Date(args.from),
      to: new Date(args.to),
      weights: reference.get().policy.kpiWeights,
    },
  });
  const kpis = result.kpis!;
  console.log(`KPIs ${args.from} → ${args.to}, by ${args.group} (raw / review-adjusted)\n`);
  console.log(
    '| group | orders | on-time response | on-time handling | direct answer | satisfaction | resolution | reopen | return | composite |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of kpis.fromOutcomes) {
    const both = (
      k:
        | 'onTimeResponseRate'
        | 'onTimeHandlingRate'
        | 'directAnswerRate'
        | 'satisfactionRate'
        | 'resolutionRate'
        | 'reopenRate'
        | 'returnRate'
        | 'composite',
    ) => `${pct(r.raw[k])} / ${pct(r.adjusted[k])}`;
    console.log(
      `| ${r.group} | ${r.raw.orders} | ${both('onTimeResponseRate')} | ${both('onTimeHandlingRate')} | ${both('directAnswerRate')} | ${both('satisfactionRate')} | ${both('resolutionRate')} | ${both('reopenRate')} | ${both('returnRate')} | ${both('composite')} |`,
    );
  }
  const verification = result.readModel;
  const { outcomes } = result;
  console.log(
    `\nKPIs from the trail, order by order, vs summed from the outcome rows: ${kpis.equal ? 'equal' : 'DIFFERENT'}` +
      `\nOutcome rows vs audit trail: ${outcomes.orders} orders, ${outcomes.rows} rows, ${outcomes.differing.length} orders differ` +
      `${args.rebuild && outcomes.differing.length ? ' (rebuilt)' : ''}` +
      `\nRead model vs audit trail: ${verification.checked} orders, ${verification.mismatches.length} differences` +
      `${args.rebuild && verification.mismatches.length ? ' (rebuilt)' : ''}, ${verification.gaps.length} trails with holes, ${verification.missingRows.length} orders missing from the read model` +
      `\n(${(result.ms / 1000).toFixed(1)} s)`,
  );
  for (const id of outcomes.differing.slice(0, 20)) console.log(`  ${id}: outcome rows differ from its trail`);
  for (const m of verification.mismatches.slice(0, 20))
    console.log(`  ${m.orderId} ${m.field}: read model ${String(m.readModel)} ≠ trail ${String(m.trail)}`);
  let temporalMismatches = 0;
  if (args.temporal) {
    if (!config.temporalAddress)
      throw new Error('--temporal needs TEMPORAL_ADDRESS (and a worker running, to answer queries)');
    const connection = await Connection.connect({ address: config.temporalAddress });
    const found = await verifyAgainstTemporal(
      database.db,
      new Client({
        connection,
        namespace: config.temporalNamespace,
        dataConverter: temporalDataConverter(config.payloadKeys),
      }),
    );
    temporalMismatches = found.length;
    console.log(`Audit trail vs workflows: ${found.length} differences`);
    for (const m of found.slice(0, 20))
      console.log(`  ${m.orderId} ${m.field}: workflow ${String(m.readModel)} ≠ trail ${String(m.trail)}`);
    await connection.close();
  }
  const clean =
    !verification.gaps.length &&
    !verification.missingRows.length &&
    !temporalMismatches &&
    kpis.equal &&
    (args.rebuild || (!verification.mismatches.length && !outcomes.differing.length));
  process.exitCode = clean ? 0 : 1;
} finally {
  reference.stop();
  await database.close();
}
