/** Real Temporal servers for tests: the time-skipping test server and the dev server, from the project's binaries. */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { inject } from 'vitest';
import { Worker } from '@temporalio/worker';
import { createHash } from 'node:crypto';
import { createActivities, type OrderActivities } from '../../activities';
import { createPolicyPreviewActivities } from '../../activities/policy-preview';
import type { Db } from '../../db/client';
import { parsePayloadKeys } from '../../runtime/config';
import { temporalDataConverter } from '../../adapters/payload-codec';
import { temporalBinary } from '../../runtime/temporal-binaries';
import { ensureSearchAttributes } from '../../runtime/search-attributes';
import { createOrderWorker } from '../../runtime/worker';
import { TASK_QUEUE } from '../../workflows/messages';
import { SA } from '../../workflows/search-attributes';
import { createTestDatabase, type TestDatabase } from '../../support';

/**
 * The tests' payload key: every client and worker of a test encrypts as the product does. A fixed key
 * (it protects nothing), so histories recorded by the tests (RECORD_HISTORIES=1) replay in later runs.
 */
export const TEST_PAYLOAD_KEYS = parsePayloadKeys(
  `test-1:${createHash('sha256').update('hotline test payload key 1').digest('base64')}`,
  undefined,
);
export const testDataConverter = temporalDataConverter(TEST_PAYLOAD_KEYS);

/**
 * The workflow code test/global-setup.ts bundled once for the run: each worker bundling its own cost every
 * test file seconds of webpack.
 */
export const workflowBundle = (): { codePath: string } => ({ codePath: inject('workflowBundlePath') });

/**
 * sdk-core gives a starting server a fixed 5 s to answer, then kills it: on a loaded 2-core machine the
 * dev server sometimes needs longer. Such a start is tried again (up to three times); any other
 * failure is thrown at once.
 */
async function startServer(start: () => Promise<TestWorkflowEnvironment>): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt === 3 || !/did not start within/.test(String(err))) throw err;
    }
  }
}

export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await startServer(() =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: temporalBinary('testServer') } },
      client: { dataConverter: testDataConverter },
    }),
  );
  // The time-skipping server rejects unregistered attributes.
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

/** `extraArgs` go to `temporal server start-dev`, e.g. `--dynamic-config-value KEY=VALUE`. */
export async function devServerEnv(extraArgs: string[] = []): Promise<TestWorkflowEnvironment> {
  return startServer(() =>
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: temporalBinary('cli') },
        searchAttributes: Object.values(SA),
        extraArgs,
      },
      client: { dataConverter: testDataConverter },
    }),
  );
}

/**
 * A worker on the test environment with the real activities against a test database (or a stand-in for
 * them), and the policy preview's (政策预演), which the console's manager starts.
 */
export async function orderWorker(
  env: TestWorkflowEnvironment,
  db: Db,
  taskQueue = TASK_QUEUE,
  activities: OrderActivities = createActivities({ db }),
): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: { ...createPolicyPreviewActivities({ db }), ...activities },
    dataConverter: testDataConverter,
  });
}

/**
 * The product's own worker (runtime/worker.ts: its schedules and every activity) on a dev server and a
 * scratch database, as the schedule tests need it.
 */
export async function productWorkerHarness(): Promise<{
  env: TestWorkflowEnvironment;
  testDb: TestDatabase;
  close(): Promise<void>;
}> {
  const [env, testDb] = await Promise.all([devServerEnv(), createTestDatabase()]);
  const { worker, connection } = await createOrderWorker({
    address: env.address,
    namespace: env.namespace ?? 'default',
    db: testDb.database.db,
    dataConverter: testDataConverter,
    workflowBundle: workflowBundle(),
  });
  const running = worker.run();
  return {
    env,
    testDb,
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
      await env.teardown();
      await testDb.drop();
    },
  };
}
