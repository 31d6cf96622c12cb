/** Databases of one's own on the local PostgreSQL: random names, so that runs side by side never meet. */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from '../db/client';
import { seedDemoCity } from '../db/seed';

/** The server the scratch databases are created on; CI and every session have it here with trust auth. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** One statement on the server's maintenance database, on a connection of its own. */
async function onServer(statement: (admin: postgres.Sql) => Promise<unknown>): Promise<void> {
  const admin = postgres(TEST_DATABASE_URL, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await statement(admin);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Fails with a message that says what to do when the server is not there. */
export async function requireTestServer(): Promise<void> {
  try {
    await onServer((admin) => admin`select 1`);
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (set TEST_DATABASE_URL): ${(err as Error).message}`,
      { cause: err },
    );
  }
}

export interface ScratchDatabase {
  name: string;
  url: string;
  /** Drops it, ending any session still on it. */
  drop(): Promise<void>;
}

/** An empty database on the TEST_DATABASE_URL server, named `<prefix>_<random>`. */
export async function createScratchDatabase(prefix = 'hotline_test'): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onServer((admin) => admin.unsafe(`create database ${name}`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => onServer((admin) => admin.unsafe(`drop database if exists ${name} with (force)`)),
  };
}

export interface TestDatabase extends ScratchDatabase {
  /** Open until `drop`, which closes it first. */
  database: Database;
}

/** A scratch database, migrated and (unless `seed: false`) seeded with the demo city, open. */
export async function createTestDatabase(
  options: { prefix?: string; seed?: boolean; poolSize?: number } = {},
): Promise<TestDatabase> {
  const scratch = await createScratchDatabase(options.prefix);
  const database = await openDatabase({ url: scratch.url, poolSize: options.poolSize ?? 5 });
  const drop = async () => {
    await database.close();
    await scratch.drop();
  };
  try {
    await database.migrate();
    if (options.seed ?? true) await seedDemoCity(database.db);
  } catch (err) {
    await drop();
    throw err;
  }
  return { ...scratch, database, drop };
}
