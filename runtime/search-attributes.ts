/**
 * Makes sure the project's custom search attributes exist on the server. Runs on every start: a dev
 * server restarted on an existing database ignores new --search-attribute flags.
 */
import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { SA } from '../workflows/search-attributes';

export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const known = new Set(Object.keys((await listCustom(connection, namespace)) ?? {}));
  const missing = Object.values(SA).filter((key) => !known.has(key.name));
  if (!missing.length) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        missing.map((key) => [
          key.name,
          proto.temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`],
        ]),
      ),
    });
  } catch (err) {
    // Another process may have added them between our list and add: that is success.
    if (!/already exists/i.test((err as Error).message)) throw err;
  }
}

/** The custom attributes the server has; undefined where it cannot list them (the time-skipping server). */
async function listCustom(connection: Connection, namespace: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  } catch (err) {
    if ((err as { code?: number }).code === 12) return undefined; // gRPC UNIMPLEMENTED
    throw err;
  }
}
