/** Before any test: install (if needed) the Temporal binaries, and fail clearly if PostgreSQL is down. */
import postgres from 'postgres';
import { temporalBinary } from '../runtime/temporal-binaries';
import { ADMIN_DATABASE_URL } from './helpers/database';

export default async function setup(): Promise<void> {
  temporalBinary('cli');
  temporalBinary('testServer');
  const sql = postgres(ADMIN_DATABASE_URL, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${ADMIN_DATABASE_URL} (set TEST_DATABASE_URL): ${(err as Error).message}`,
      { cause: err },
    );
  } finally {
    await sql.end();
  }
}
