/**
 * The citizen lookup's limits (lookup_failures, counted over a window and kept no longer than it) and the
 * verification codes re-issued after an order closed (verification_code_reissues).
 */
import { and, eq, max, sql } from 'drizzle-orm';
import type { Db } from './client';
import { verificationCodeReissues } from './schema';

/** Wrong codes allowed within `windowMs`: per client address, per address on one order, per order. */
export interface LookupLimits {
  windowMs: number;
  perClient: number;
  perClientOnOrder: number;
  perOrder: number;
}

export type LookupVerdict =
  { verdict: 'right' | 'wrong' } | { verdict: 'client_limited' | 'order_locked'; retryAt: Date };

/**
 * One attempt, counted and checked in one statement (the function `lookup_attempt`, migration 0013): the
 * limits hold however many attempts arrive at once, from however many API processes. `right` is whether the
 * code was right; it counts only when the attempt is within the limits.
 */
export async function lookupAttempt(
  db: Db,
  attempt: { orderId: string; client: string; right: boolean },
  limits: LookupLimits,
): Promise<LookupVerdict> {
  const [row] = await db
    .select({
      verdict: sql<string>`verdict`,
      retryAt: sql<Date | null>`retry_at`.mapWith((v: string | Date | null) => (v === null ? null : new Date(v))),
    })
    .from(
      sql`lookup_attempt(${attempt.orderId}, ${attempt.client}, ${attempt.right}, ${limits.windowMs},
        ${limits.perClient}, ${limits.perClientOnOrder}, ${limits.perOrder})`,
    );
  if (!row) throw new Error('lookup_attempt returned no verdict');
  if (row.verdict === 'right' || row.verdict === 'wrong') return { verdict: row.verdict };
  if (row.verdict === 'client_limited' || row.verdict === 'order_locked') {
    return { verdict: row.verdict, retryAt: row.retryAt ?? new Date() };
  }
  throw new Error(`lookup_attempt returned an unknown verdict ${row.verdict}`);
}

/** The highest code version re-issued after closure (0: none). */
export async function reissuedCodeVersion(db: Db, orderId: string): Promise<number> {
  const [row] = await db
    .select({ version: max(verificationCodeReissues.version) })
    .from(verificationCodeReissues)
    .where(eq(verificationCodeReissues.orderId, orderId));
  return row?.version ?? 0;
}

/**
 * Re-issues a closed order's code: the next version above both `fromVersion` (the workflow's last) and any
 * re-issued before. The same `requestId` again answers the version it gave; two re-issues at once cannot
 * take the same version (the primary key), the one that lost tries again.
 */
export async function reissueClosedCode(
  db: Db,
  r: { orderId: string; fromVersion: number; requestId: string; actorRole: string; actorId: string },
): Promise<number> {
  for (;;) {
    const [given] = await db
      .select({ version: verificationCodeReissues.version })
      .from(verificationCodeReissues)
      .where(and(eq(verificationCodeReissues.orderId, r.orderId), eq(verificationCodeReissues.requestId, r.requestId)));
    if (given) return given.version;
    const version = Math.max(r.fromVersion, await reissuedCodeVersion(db, r.orderId)) + 1;
    const { fromVersion: _, ...row } = r;
    const [inserted] = await db
      .insert(verificationCodeReissues)
      .values({ ...row, version })
      .onConflictDoNothing()
      .returning({ version: verificationCodeReissues.version });
    if (inserted) return inserted.version;
  }
}
