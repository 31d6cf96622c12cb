/**
 * `npm run train`: retrains the dispatch suggestion now, as the nightly schedule does
 * (db/dispatch-models.ts retrainDispatchModel), on the database at DATABASE_URL (else the embedded one), and
 * prints the held-out figures of the new model and of the one in use, and which is kept. No citizen text.
 */
import { loadConfig } from '../runtime/config';
import { startDatabase } from '../runtime/parts';
import { retrainDispatchModel } from '../db/dispatch-models';
import type { DispatchMetrics } from '../domain/dispatch-suggest';

const pct = (r: number) => `${(100 * r).toFixed(1)}%`;
const figures = (m: DispatchMetrics) =>
  `top-1 ${pct(m.top1)}, top-3 ${pct(m.top3)}, no-match abstained ${pct(m.noMatchAbstained)}, ` +
  `category cases abstained on ${pct(m.falseAbstentions)}`;

const database = await startDatabase(loadConfig(), { seed: false });
try {
  const r = await retrainDispatchModel(database.db, new Date());
  console.log(`Trained on ${r.examples.seed} seed examples and ${r.examples.orders} closed orders`);
  console.log(`  new model   ${r.trained.version}: ${figures(r.trained.metrics)}`);
  console.log(`  model in use ${r.previous.version}: ${figures(r.previous.metrics)}`);
  console.log(
    r.kept ? `Kept ${r.trained.version}: it is now the model in use.` : 'Not kept: the model in use scores better.',
  );
} finally {
  await database.close();
}
