/**
 * Errors leave an activity without citizen data. A database error's message quotes the query and its
 * parameters (drizzle: "Failed query: … params: …", the phone among them) or a value it refused, and
 * that message would go into the order's history and the worker's "Activity failed" log line. What
 * leaves instead names the failure only: SQLSTATE, table, constraint, column — or a system error code.
 * A write the database refuses for its data is reported as non-retryable (domain/record-failure).
 */
import { asyncLocalStorage } from '@temporalio/activity';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { INVALID_ORDER_DATA, refusesData } from '../domain/record-failure';

export const DATABASE_ERROR = 'DatabaseError';

/** What a failure may say about a database error: identifiers of the schema, never data. */
export interface DatabaseErrorFacts {
  sqlState: string;
  table?: string;
  constraint?: string;
  column?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const SYSTEM_CODE = /^[A-Z][A-Z0-9_]{1,40}$/;

function field(e: object, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = (e as Record<string, unknown>)[name];
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
}

/** The database error in a cause chain (postgres.js and PGlite name the fields differently). */
export function databaseErrorFacts(err: unknown): DatabaseErrorFacts | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const sqlState = field(e, 'code');
    if (!sqlState || !SQLSTATE.test(sqlState)) continue;
    const facts: DatabaseErrorFacts = { sqlState };
    const table = field(e, 'table_name', 'table');
    const constraint = field(e, 'constraint_name', 'constraint');
    const column = field(e, 'column_name', 'column');
    if (table) facts.table = table;
    if (constraint) facts.constraint = constraint;
    if (column) facts.column = column;
    return facts;
  }
  return undefined;
}

/**
 * The failure an activity reports instead of `err`. Temporal's own failures (our ApplicationFailures,
 * cancellation) and aborts pass through: their messages are ours and their type drives retries.
 */
export function withoutCitizenData(err: unknown): unknown {
  if (err instanceof TemporalFailure || (err instanceof Error && err.name === 'AbortError')) return err;
  const db = databaseErrorFacts(err);
  if (db) {
    const where = [
      db.table && `table ${db.table}`,
      db.constraint && `constraint ${db.constraint}`,
      db.column && `column ${db.column}`,
    ].filter(Boolean);
    // Refused for its data, the same write fails the same way every time: retrying would freeze the order.
    const refused = refusesData(db.sqlState);
    return ApplicationFailure.create({
      type: refused ? INVALID_ORDER_DATA : DATABASE_ERROR,
      message: `database error ${db.sqlState}${where.length ? ` (${where.join(', ')})` : ''}`,
      details: [db],
      nonRetryable: refused,
    });
  }
  const name = err instanceof Error ? err.name : typeof err;
  const code = err instanceof Error ? field(err, 'code') : undefined;
  return ApplicationFailure.create({
    type: name,
    message: `${name}${code && SYSTEM_CODE.test(code) ? ` ${code}` : ''} (message withheld: it may carry citizen data)`,
  });
}

type Activity = (...args: never[]) => Promise<unknown>;

/**
 * Counts a refused write on the worker's Prometheus exporter (`hotline_record_failures_total`, by SQLSTATE),
 * through the activity's metric meter; outside an activity (a unit test) there is none.
 */
function countRefusal(failure: unknown): void {
  if (!(failure instanceof ApplicationFailure) || failure.type !== INVALID_ORDER_DATA) return;
  const meter = asyncLocalStorage.getStore()?.metricMeter;
  const sqlState = (failure.details?.[0] as DatabaseErrorFacts | undefined)?.sqlState ?? 'unknown';
  meter
    ?.createCounter('hotline_record_failures_total', '1', 'Writes of order events the database refused for their data')
    .add(1, { sqlstate: sqlState });
}

/** The same activities, each reporting its errors through `withoutCitizenData`. */
export function sanitizingErrors<T extends Record<string, Activity>>(activities: T): T {
  const wrapped: Record<string, Activity> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = (...args) =>
      fn(...args).catch((err: unknown) => {
        const failure = withoutCitizenData(err);
        countRefusal(failure);
        throw failure;
      });
  }
  return wrapped as T;
}
