/**
 * The harness's own database: a fresh random-named one on the local PostgreSQL, migrated and seeded
 * with the demo city, dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase } from '../db/client';
import { seedDemoCity } from '../db/seed';

export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface ChaosDatabase {
  name: string;
  /** Direct URL (the reconciler's view, never through the proxy). */
  url: string;
  host: string;
  port: number;
  /** The same database reached through a proxy on `port`. */
  urlVia(port: number): string;
  drop(): Promise<void>;
}

export async function createChaosDatabase(prefix = 'hotline_chaos'): Promise<ChaosDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  const drop = async () => {
    const sql = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await sql.end();
    }
  };
  const database = await openDatabase({ url: url.toString(), poolSize: 2 });
  try {
    await database.migrate();
    await seedDemoCity(database.db);
  } catch (err) {
    await database.close();
    await drop();
    throw err;
  }
  await database.close();
  return {
    name,
    url: url.toString(),
    host: url.hostname,
    port: Number(url.port || 5432),
    urlVia(port) {
      const via = new URL(url);
      via.hostname = '127.0.0.1';
      via.port = String(port);
      return via.toString();
    },
    drop,
  };
}
