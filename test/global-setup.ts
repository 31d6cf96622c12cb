/**
 * Before any test: install (if needed) the Temporal binaries and the conformance run's schemathesis, and
 * fail clearly if PostgreSQL is down.
 */
import { temporalBinary } from '../runtime/temporal-binaries';
import { requireTestServer } from '../support';
import { schemathesisBinary } from '../support/conformance';

export default async function setup(): Promise<void> {
  temporalBinary('cli');
  temporalBinary('testServer');
  schemathesisBinary();
  await requireTestServer();
}
