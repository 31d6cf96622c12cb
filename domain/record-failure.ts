/**
 * A write of an order's events the database refused for what it holds, not for being unreachable:
 * retrying it would fail forever and hold up every later event of the order. The activity reports it as
 * a non-retryable failure of this type (activities/errors.ts); the order workflow withholds the text the
 * database cannot store, writes again and records the failure (`record_failed`).
 */

/** The failure type of a refused write, listed in the workflow's nonRetryableErrorTypes. */
export const INVALID_ORDER_DATA = 'InvalidOrderData';

/**
 * PostgreSQL error classes that refuse the data itself: 22 data exception (a NUL, an invalid escape, a
 * value out of range), 23 integrity constraint violation.
 */
export function refusesData(sqlState: string): boolean {
  return sqlState.startsWith('22') || sqlState.startsWith('23');
}

/** What the workflow keeps of the last refused write, for the Temporal UI's details. No data. */
export interface RecordFailureNote {
  /** Refused writes so far. */
  count: number;
  at: number;
  fromSeq: number;
  toSeq: number;
  sqlState: string;
}
