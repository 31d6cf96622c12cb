/**
 * The outbox, end to end on a real Temporal server (time-skipping, so an hour passes in seconds) and
 * real PostgreSQL: orders dispatched while the unit notices' receiver is down for an hour are delivered
 * once it is back — every entry, once, in order per order — and a delivery repeated after the fact adds
 * nothing.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, unitNotices } from '../../db/schema';
import { noticesOfPayload, UNIT_NOTICES, type UnitNoticePayload } from '../../projections/unit-notices';
import { ensureOutboxDeliveries } from '../../runtime/outbox-deliveries';
import { settledAudit, startHarness, type Harness } from '../helpers/workflows';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await ensureOutboxDeliveries(h.env.client, [UNIT_NOTICES]);
});
afterAll(async () => h?.close());

const HOUR = 3_600_000;
const entries = () => h.db.select().from(outbox).where(eq(outbox.subscriber, UNIT_NOTICES)).orderBy(asc(outbox.id));
const notices = async () => (await h.db.select({ n: sql<number>`count(*)::int` }).from(unitNotices))[0]!.n;

describe('the outbox', () => {
  it('delivers what waited while its receiver was down for an hour, once each, in order per order', async () => {
    // The receiver is down: its table is gone, so every delivery fails as a real outage would.
    await h.db.execute(sql`alter table unit_notices rename to unit_notices_down`);
    const orders = [await h.startOrder(), await h.startOrder(), await h.startOrder()];
    for (const o of orders) await settledAudit(h.db, o.handle);
    await h.env.sleep(HOUR);

    const waiting = await entries();
    expect(waiting.length).toBeGreaterThanOrEqual(orders.length);
    expect(waiting.every((e) => e.deliveredAt === null)).toBe(true);
    // Tried again and again meanwhile, each failure counted, no citizen data in what was kept of it.
    expect(Math.max(...waiting.map((e) => e.attempts))).toBeGreaterThan(5);
    expect(waiting.find((e) => e.attempts > 0)?.lastError).toMatch(/^database error 42P01/);

    await h.db.execute(sql`alter table unit_notices_down rename to unit_notices`);
    expect(await notices()).toBe(0);
    await h.env.sleep(2 * 60_000);
    await expect
      .poll(async () => (await entries()).filter((e) => e.deliveredAt === null).length, { timeout: 20_000 })
      .toBe(0);

    // Every entry became one notice per unit it names (dispatches, and the reminders of the hour), and nothing else.
    const delivered = await entries();
    const expected = delivered.flatMap((e) =>
      noticesOfPayload(e.payload as unknown as UnitNoticePayload).map(
        (n) => `${e.orderId}#${e.seq}#${n.unit}#${n.kind}`,
      ),
    );
    const written = await h.db.select().from(unitNotices).orderBy(asc(unitNotices.id));
    expect(written.map((n) => `${n.orderId}#${n.seq}#${n.unit}#${n.kind}`).sort()).toEqual(expected.sort());
    // Each order's dispatch reached its lead and both assisting units of the catalogue.
    for (const o of orders) {
      const units = written.filter((n) => n.orderId === o.intake.orderId && n.seq === 2).map((n) => n.unit);
      expect(units.sort()).toEqual([o.intake.leadUnit!, ...o.intake.assistingUnits].sort());
    }
    // In order per order: an order's notices were written in the order of its events.
    for (const o of orders) {
      const seqs = written.filter((n) => n.orderId === o.intake.orderId).map((n) => n.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  });

  it('adds nothing when an entry is delivered again', async () => {
    const before = await notices();
    const [first] = await entries();
    await h.db.update(outbox).set({ deliveredAt: null }).where(eq(outbox.id, first!.id));
    // A new order wakes the delivery, which takes the re-opened entry first, then the new one.
    const next = await h.startOrder();
    await settledAudit(h.db, next.handle);
    await expect
      .poll(
        async () =>
          (
            await h.db
              .select()
              .from(outbox)
              .where(and(eq(outbox.subscriber, UNIT_NOTICES), isNull(outbox.deliveredAt)))
          ).length,
        { timeout: 20_000 },
      )
      .toBe(0);
    const newOnes = (await h.db.select().from(unitNotices).where(eq(unitNotices.orderId, next.intake.orderId))).length;
    expect(newOnes).toBe(1 + next.intake.assistingUnits.length);
    expect(await notices()).toBe(before + newOnes);
  });
});
