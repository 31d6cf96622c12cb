/**
 * A child process of a parallel city load: generates its share of the city and streams it into
 * PostgreSQL with COPY on connections of its own. Told what to do by its parent over IPC (the hash key
 * is a secret: never on the command line).
 */
import { openDatabase } from '../../db/client';
import { City, loadCityReference, type CityPlan } from './city';
import { postgresSink } from './copy';
import { generatePartition, type Partition, type PartitionResult } from './generate';

export type WorkerRequest = { type: 'start'; url: string; plan: CityPlan; partition: Partition };
export type WorkerReport =
  { type: 'progress'; done: number } | { type: 'done'; result: PartitionResult } | { type: 'error'; message: string };

const send = (m: WorkerReport) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

process.once('message', (m: WorkerRequest) => {
  void (async () => {
    try {
      const database = await openDatabase({ url: m.url, poolSize: 1 });
      const reference = await loadCityReference(database.db).finally(() => database.close());
      const city = new City(m.plan, reference);
      const result = await generatePartition(city, m.partition, postgresSink(m.url), (done) => {
        void send({ type: 'progress', done });
      });
      await send({ type: 'done', result });
      process.exit(0);
    } catch (err) {
      await send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      process.exit(1);
    }
  })();
});
