/**
 * The dispatch suggestion's models in the database (`dispatch_models`) and its training examples from the
 * centre's own closed orders, read from the read model: each order's final category (after any
 * reclassification, ruling or reassignment, which the read model follows from the audit trail), or what was
 * done instead — answered from the knowledge base, referred through a channel.
 */
import { and, desc, eq, isNotNull, notInArray, sql } from 'drizzle-orm';
import type { Db } from './client';
import { catalogueEntries, dispatchModels, orders } from './schema';
import { SEED_DISPATCH_CORPUS } from './seed-data/dispatch-corpus';
import { DISPATCH_HELD_OUT } from './seed-data/dispatch-heldout';
import { ANONYMISED_DESCRIPTION } from './privacy';
import { currentPolicy } from './reference';
import {
  CONSULT_LABEL,
  REFER_PREFIX,
  evaluateDispatch,
  isAtLeastAsGood,
  trainDispatchModel,
  type DispatchExample,
  type DispatchMetrics,
  type DispatchModel,
} from '../domain/dispatch-suggest';
import type { ClosureCode } from '../domain/order';

let seedModel: DispatchModel | undefined;

/** The model trained on the seed corpus alone: the one in use until training keeps another. */
export function seedDispatchModel(): DispatchModel {
  seedModel ??= trainDispatchModel(SEED_DISPATCH_CORPUS);
  return seedModel;
}

/** The model in use: the newest kept, else none (the seed model applies). */
export async function currentDispatchModel(db: Db): Promise<{ model: DispatchModel; metrics: DispatchMetrics } | null> {
  const [row] = await db
    .select({ model: dispatchModels.model, metrics: dispatchModels.metrics })
    .from(dispatchModels)
    .orderBy(desc(dispatchModels.trainedAt))
    .limit(1);
  return row ?? null;
}

export async function currentDispatchModelVersion(db: Db): Promise<string | null> {
  const [row] = await db
    .select({ version: dispatchModels.version })
    .from(dispatchModels)
    .orderBy(desc(dispatchModels.trainedAt))
    .limit(1);
  return row?.version ?? null;
}

/** Keeps a model as the one in use. The same model again (same examples) moves it to the front. */
export async function saveDispatchModel(
  db: Db,
  m: { model: DispatchModel; metrics: DispatchMetrics; examples: number; trainedAt: Date },
): Promise<void> {
  await db
    .insert(dispatchModels)
    .values({
      version: m.model.version,
      trainedAt: m.trainedAt,
      examples: m.examples,
      metrics: m.metrics,
      model: m.model,
    })
    .onConflictDoUpdate({ target: dispatchModels.version, set: { trainedAt: m.trainedAt, metrics: m.metrics } });
}

/** Closures that say nothing about where the request belonged: withdrawn, or merged into another order. */
const UNLABELLED: ClosureCode[] = ['withdrawn', 'merged'];

/**
 * One example per closed order whose request text retention has not yet anonymised: its final category,
 * `consult` if it was answered from the knowledge base, `refer:<channel>` if referred. Orders closed
 * without a category and not answered or referred teach nothing and are left out.
 */
export async function closedOrderExamples(db: Db): Promise<DispatchExample[]> {
  const rows = await db
    .select({
      category: orders.category,
      closureCode: orders.closureCode,
      description: sql<string>`${orders.snapshot}->>'description'`,
      address: sql<string | null>`${orders.snapshot}->>'incidentAddress'`,
      referredTo: sql<string | null>`${orders.snapshot}->'closure'->>'referredTo'`,
    })
    .from(orders)
    .where(
      and(
        eq(orders.state, 'closed'),
        isNotNull(orders.closureCode),
        notInArray(orders.closureCode, UNLABELLED),
        sql`${orders.snapshot}->>'description' <> ${ANONYMISED_DESCRIPTION}`,
      ),
    )
    .orderBy(orders.orderId);
  return rows.flatMap((r): DispatchExample[] => {
    const label =
      r.closureCode === 'answered'
        ? CONSULT_LABEL
        : r.closureCode === 'referred'
          ? r.referredTo && `${REFER_PREFIX}${r.referredTo}`
          : r.category;
    return label ? [{ label, description: r.description, address: r.address ?? undefined }] : [];
  });
}

export interface DispatchModelSource {
  /** The model in use; a stale one is refreshed in the background, so a slow database delays no answer. */
  get(): Promise<DispatchModel>;
}

/**
 * The model in use as the API holds it: loaded at the first suggestion, then its version checked at most
 * every `refreshMs` and the model reloaded only when training kept a new one. While the database is
 * unreachable the last model known (at worst the seed model) goes on answering.
 */
export function dispatchModelSource(db: Db, onError: (err: unknown) => void, refreshMs = 30_000): DispatchModelSource {
  let current: DispatchModel | undefined;
  let checkedAt = 0;
  let refreshing: Promise<void> | undefined;
  const refresh = async () => {
    const version = await currentDispatchModelVersion(db);
    if (version === null) current = seedDispatchModel();
    else if (version !== current?.version) current = (await currentDispatchModel(db))?.model ?? seedDispatchModel();
  };
  const start = () => {
    checkedAt = Date.now();
    refreshing ??= refresh()
      .catch(onError)
      .finally(() => (refreshing = undefined));
    return refreshing;
  };
  return {
    async get() {
      if (!current) await start();
      else if (Date.now() - checkedAt >= refreshMs) void start();
      return current ?? seedDispatchModel();
    },
  };
}

export interface TrainingResult {
  /** The model trained now, and whether it replaced the one in use. */
  trained: { version: string; metrics: DispatchMetrics };
  kept: boolean;
  /** The model in use before, scored on the same held-out set and catalogue. */
  previous: { version: string; metrics: DispatchMetrics };
  examples: { seed: number; orders: number };
}

/**
 * Retrains on the seed corpus and every labelled closed order, scores the new model and the one in use on
 * the held-out set against today's catalogue, and keeps the new one only if it does at least as well.
 */
export async function retrainDispatchModel(db: Db, trainedAt: Date): Promise<TrainingResult> {
  const fromOrders = await closedOrderExamples(db);
  const model = trainDispatchModel([...SEED_DISPATCH_CORPUS, ...fromOrders]);
  const context = { catalogue: await db.select().from(catalogueEntries), policy: await currentPolicy(db) };
  const previous = (await currentDispatchModel(db))?.model ?? seedDispatchModel();
  const metrics = evaluateDispatch({ ...context, model }, DISPATCH_HELD_OUT);
  const previousMetrics = evaluateDispatch({ ...context, model: previous }, DISPATCH_HELD_OUT);
  const kept = isAtLeastAsGood(metrics, previousMetrics);
  const examples = SEED_DISPATCH_CORPUS.length + fromOrders.length;
  if (kept) await saveDispatchModel(db, { model, metrics, examples, trainedAt });
  return {
    trained: { version: model.version, metrics },
    kept,
    previous: { version: previous.version, metrics: previousMetrics },
    examples: { seed: SEED_DISPATCH_CORPUS.length, orders: fromOrders.length },
  };
}
