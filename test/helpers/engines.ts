/** The two databases the product runs on, each opened empty and migrated: for tests of queries that must agree on both. */
import { openDatabase, type Database } from '../../db/client';
import { createTestDatabase, type TestDatabase } from '../../support';

export const DATABASE_ENGINES: [string, () => Promise<{ database: Database; close: () => Promise<void> }>][] = [
  [
    'PostgreSQL',
    async () => {
      const t: TestDatabase = await createTestDatabase({ seed: false });
      return { database: t.database, close: () => t.drop() };
    },
  ],
  [
    'PGlite',
    async () => {
      const database = await openDatabase({});
      await database.migrate();
      return { database, close: () => database.close() };
    },
  ],
];
