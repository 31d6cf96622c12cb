/**
 * Retention (个人信息保存期限): anonymises the citizen contact and request text of orders closed longer
 * than the policy's `retention.anonymiseAfterDays`, in batches, each order logged in the privacy log.
 */
import type { Db } from '../db/client';
import { anonymiseClosedOrders } from '../db/privacy';
import { currentPolicy } from '../db/reference';
import { sanitizingErrors } from './errors';

const DAY_MS = 86_400_000;

export interface AnonymiseInput {
  /** The run's instant (workflow time): orders closed more than the retention period before it. */
  now: number;
  limit: number;
  /** The retention run, named in each order's log entry. */
  run: string;
}

export function createRetentionActivities({ db }: { db: Db }) {
  // The batch's rows carry citizen data: a database error must not quote them.
  return sanitizingErrors({
    /** One batch; fewer than `limit` anonymised means none is left. The policy is read at each batch. */
    async anonymiseClosedOrders({ now, limit, run }: AnonymiseInput): Promise<number> {
      const policy = await currentPolicy(db);
      const afterDays = policy.retention.anonymiseAfterDays;
      return anonymiseClosedOrders(db, {
        closedBefore: new Date(now - afterDays * DAY_MS),
        limit,
        afterDays,
        policyVersion: policy.version,
        run,
      });
    },
  });
}

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;
