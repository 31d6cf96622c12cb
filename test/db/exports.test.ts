import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrailOfPeriod } from '../../db/exports';
import { auditEvents, orders } from '../../db/schema';
import { createTestDatabase, type TestDatabase } from '../../support';

const ORDERS = 2_500;
const start = Date.parse('2026-11-02T00:00:00+08:00');

describe('the audit export of a period', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ seed: false });
    const db = t.database.db;
    // One order a minute, received in reverse order of number so receipt order is not number order.
    await db.execute(sql`
      insert into ${orders} (order_id, order_type, channel, urgency, state, sla_state, policy_version, snapshot,
                             received_at, updated_at, last_seq)
      select 'EXP' || lpad(n::text, 6, '0'), 'complaint', 'phone', 'normal', 'dispatched', 'on_track', 1, '{}'::jsonb,
             ${new Date(start).toISOString()}::timestamptz + (${ORDERS} - n) * interval '1 minute', now(), 2
      from generate_series(1, ${ORDERS}) n`);
    await db.execute(sql`
      insert into ${auditEvents} (order_id, seq, type, at, actor_role, actor_id, data)
      select 'EXP' || lpad(n::text, 6, '0'), s.seq, s.type, now(), 'system', 'bulk', '{}'::jsonb
      from generate_series(1, ${ORDERS}) n cross join (values (2, 'dispatched'), (1, 'received')) s(seq, type)`);
  });
  afterAll(async () => t?.drop());

  it('streams every event of the orders received in the period, in batches, orders by receipt', async () => {
    const from = new Date(start + 100 * 60_000);
    const to = new Date(start + 2_100 * 60_000);
    const batches: number[] = [];
    const seen: string[] = [];
    for await (const batch of auditTrailOfPeriod(t.database.db, { from, to }, 700)) {
      batches.push(batch.length);
      for (const e of batch) seen.push(`${e.orderId}#${e.seq}`);
    }
    // Orders received from minute 100 (EXP002400) to minute 2,099 (EXP000401): 2,000 orders, two events each.
    expect(seen).toHaveLength(4_000);
    expect(batches).toEqual([1_400, 1_400, 1_200]);
    expect(seen.slice(0, 3)).toEqual(['EXP002400#1', 'EXP002400#2', 'EXP002399#1']);
    expect(seen.at(-1)).toBe('EXP000401#2');
    expect(new Set(seen).size).toBe(seen.length);
  });
});
