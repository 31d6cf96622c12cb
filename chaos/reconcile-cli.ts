/**
 * `npm run reconcile`: checks the read model and the audit trail against Temporal, order by order
 * (./reconcile.ts, which the chaos scenarios run after each fault).
 *
 *   TEMPORAL_ADDRESS=… DATABASE_URL=… npm run reconcile                  # every order either side knows
 *   TEMPORAL_ADDRESS=… DATABASE_URL=… npm run reconcile -- accepted.txt  # the orders callers were told about
 *   … npm run reconcile -- accepted.txt --wait 120                       # let a lagging read model catch up
 *
 * The file lists one accepted order per line: `<orderId>`, or `<Idempotency-Key> <orderId>` (then a
 * key answered with two order numbers counts as a duplicate). Without a file: every order in the read
 * model and every order workflow in Temporal. Exits 1 if anything is wrong.
 */
import { Client, Connection } from '@temporalio/client';
import { readFileSync } from 'node:fs';
import { loadPayloadKeys } from '../runtime/config';
import { temporalDataConverter } from '../adapters/payload-codec';
import { openDatabase } from '../db/client';
import { orders } from '../db/schema';
import { problems, reconcile, reconcileSettled, summarize } from './reconcile';

const args = process.argv.slice(2);
const waitAt = args.indexOf('--wait');
const waitS = waitAt >= 0 ? Number(args[waitAt + 1]) : 0;
const file = args.find((a, i) => !a.startsWith('--') && i !== waitAt + 1);
const address = process.env.TEMPORAL_ADDRESS;
const url = process.env.DATABASE_URL;
if (!address || !url) {
  console.error('reconcile needs TEMPORAL_ADDRESS and DATABASE_URL');
  process.exit(2);
}

const connection = await Connection.connect({ address });
const client = new Client({
  connection,
  namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  dataConverter: temporalDataConverter(loadPayloadKeys()),
});
const database = await openDatabase({ url, poolSize: 4 });
let failed: boolean;
try {
  const keyIds = new Map<string, Set<string>>();
  let orderIds: string[];
  if (file) {
    orderIds = [];
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const parts = line.trim().split(/\s+/).filter(Boolean);
      if (!parts.length || parts[0]!.startsWith('#')) continue;
      const orderId = parts.at(-1)!;
      orderIds.push(orderId);
      if (parts.length > 1) keyIds.set(parts[0]!, (keyIds.get(parts[0]!) ?? new Set()).add(orderId));
    }
  } else {
    const ids = new Set((await database.db.select({ orderId: orders.orderId }).from(orders)).map((r) => r.orderId));
    for await (const wf of client.workflow.list({ query: `WorkflowType = 'orderWorkflow'` })) ids.add(wf.workflowId);
    orderIds = [...ids];
  }
  const input = { client, db: database.db, orderIds, keyIds };
  const result =
    waitS > 0 ? (await reconcileSettled(input, { timeoutMs: waitS * 1000 })).reconciliation : await reconcile(input);
  const summary = summarize(result, orderIds);
  const found = problems(result);
  console.log(JSON.stringify(summary, null, 2));
  if (result.clocksUnchecked.length) {
    console.log(
      `${result.clocksUnchecked.length} order(s) with a response clock this check does not model (re-dispatched, paused, working-time limit)`,
    );
  }
  for (const p of found.slice(0, 200)) console.log(`  ✗ ${p}`);
  if (found.length > 200) console.log(`  … and ${found.length - 200} more`);
  failed = found.length > 0;
  console.log(
    failed ? `RECONCILE: ${found.length} problem(s)` : `RECONCILE: ${orderIds.length} order(s), all consistent`,
  );
} finally {
  await database.close();
  await connection.close();
}
process.exit(failed ? 1 : 0);
