/**
 * What the notifications read and keep (domain/notifications.ts): the units' webhooks, an order's policy
 * and one event of its trail (read when a message is sent), and the delivery record of an order.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { withGovernanceDefaults } from '../domain/policy';
import type { SlaPolicy } from '../domain/types';
import type { Db } from './client';
import { auditEvents, outbox, slaPolicies, unitWebhooks, type UnitWebhookRow } from './schema';

export async function unitWebhook(db: Db, unit: string): Promise<UnitWebhookRow | undefined> {
  const [row] = await db.select().from(unitWebhooks).where(eq(unitWebhooks.unit, unit));
  return row;
}

/** Of these units, those with a webhook. */
export async function unitsWithWebhook(db: Db, units: readonly string[]): Promise<Set<string>> {
  if (!units.length) return new Set();
  const rows = await db
    .select({ unit: unitWebhooks.unit })
    .from(unitWebhooks)
    .where(inArray(unitWebhooks.unit, [...units]));
  return new Set(rows.map((r) => r.unit));
}

export async function setUnitWebhook(db: Db, hook: Omit<UnitWebhookRow, 'updatedAt'>): Promise<void> {
  await db
    .insert(unitWebhooks)
    .values(hook)
    .onConflictDoUpdate({
      target: unitWebhooks.unit,
      set: { url: hook.url, secret: hook.secret, updatedBy: hook.updatedBy, updatedAt: new Date() },
    });
}

/** Whether there was one to remove. */
export async function removeUnitWebhook(db: Db, unit: string): Promise<boolean> {
  const gone = await db.delete(unitWebhooks).where(eq(unitWebhooks.unit, unit)).returning({ unit: unitWebhooks.unit });
  return gone.length > 0;
}

/** The webhooks, without their secrets. */
export async function unitWebhooksList(db: Db) {
  return db
    .select({
      unit: unitWebhooks.unit,
      url: unitWebhooks.url,
      updatedBy: unitWebhooks.updatedBy,
      updatedAt: unitWebhooks.updatedAt,
    })
    .from(unitWebhooks)
    .orderBy(asc(unitWebhooks.unit));
}

/** A policy by its version, with the defaults of settings added since. */
export async function policyOfVersion(db: Db, version: number): Promise<SlaPolicy> {
  const [row] = await db.select().from(slaPolicies).where(eq(slaPolicies.version, version));
  if (!row) throw new Error(`No SLA policy of version ${version}`);
  return { ...withGovernanceDefaults(row.policy), version: row.version };
}

export async function eventOf(db: Db, orderId: string, seq: number) {
  const [row] = await db
    .select({ type: auditEvents.type, data: auditEvents.data })
    .from(auditEvents)
    .where(and(eq(auditEvents.orderId, orderId), eq(auditEvents.seq, seq)));
  return row;
}

/** The order's deliveries (the outbox's entries of every subscriber), in the order of their events. */
export async function deliveriesOf(db: Db, orderId: string) {
  return db.select().from(outbox).where(eq(outbox.orderId, orderId)).orderBy(asc(outbox.seq), asc(outbox.id));
}
