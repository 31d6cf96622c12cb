/** Before any test: install (if needed) the Temporal binaries, and fail clearly if PostgreSQL is down. */
import { temporalBinary } from '../runtime/temporal-binaries';
import { requireTestServer } from '../support';

export default async function setup(): Promise<void> {
  temporalBinary('cli');
  temporalBinary('testServer');
  await requireTestServer();
}
