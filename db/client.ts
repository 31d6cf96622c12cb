/**
 * Opens the database: PostgreSQL when a URL is given, otherwise an embedded PGlite in a data folder.
 * Both speak the same drizzle API and run the same migrations.
 */
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Applies the committed SQL migrations (safe to call from several processes at once on PostgreSQL). */
  migrate(): Promise<void>;
  /** Cheap reachability check for /readyz. */
  ping(): Promise<void>;
  /** Calls `onNotify` with each NOTIFY payload on the channel (committed transactions only); resolves to its stop. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
// Any fixed number: serialises migrations when the API and the worker start together.
const MIGRATION_LOCK = 12345;

export interface OpenOptions {
  /** PostgreSQL connection string; when absent, PGlite stores its files in `pgliteDir` (or memory). */
  url?: string;
  pgliteDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const url = options.url;
  if (url) {
    const client = postgres(url, {
      max: options.poolSize ?? 10,
      onnotice: () => {},
      connect_timeout: 5,
      idle_timeout: 60,
    });
    const db = drizzlePostgres(client, { schema });
    return {
      db,
      kind: 'postgres',
      async migrate() {
        // One connection, so the session-level advisory lock covers the migrator's own transaction.
        const single = postgres(url, { max: 1, onnotice: () => {} });
        try {
          await single`select pg_advisory_lock(${MIGRATION_LOCK})`;
          await migratePostgres(drizzlePostgres(single, { schema }), { migrationsFolder });
        } finally {
          await single.end({ timeout: 5 });
        }
      },
      async ping() {
        await db.execute(sql`select 1`);
      },
      async listen(channel, onNotify) {
        const { unlisten } = await client.listen(channel, onNotify);
        return unlisten;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const client = new PGlite(options.pgliteDir);
  await client.waitReady;
  const db = drizzlePglite(client, { schema });
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder }),
    async ping() {
      await db.execute(sql`select 1`);
    },
    listen: (channel, onNotify) => client.listen(channel, onNotify),
    close: () => client.close(),
  };
}
