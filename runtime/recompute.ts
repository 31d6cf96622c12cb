/**
 * Re-derives what the read model and the KPIs say from the audit trail alone, so a disputed figure can be
 * checked: the read model's summary of every order against its trail (and, optionally, against the
 * workflow in Temporal), holes in the trail, and the KPIs of a period.
 */
import type { Client } from '@temporalio/client';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditEvents, orders } from '../db/schema';
import type { AuditRow } from '../domain/events';
import { summarizeTrail, type TrailSummary } from '../domain/trail';
import { workflowView } from '../services/orders';

export interface Mismatch {
  orderId: string;
  field: string;
  readModel: unknown;
  trail: unknown;
}

export interface Verification {
  checked: number;
  mismatches: Mismatch[];
  /** Orders whose trail has a hole, with the missing sequence numbers. */
  gaps: { orderId: string; missing: number[] }[];
  /** Orders that are in the trail but not in the read model. */
  missingRows: string[];
}

async function trails(db: Db): Promise<Map<string, TrailSummary>> {
  const rows = await db
    .select({
      orderId: auditEvents.orderId,
      seq: auditEvents.seq,
      type: auditEvents.type,
      at: auditEvents.at,
      actorUnit: auditEvents.actorUnit,
      data: auditEvents.data,
    })
    .from(auditEvents)
    .orderBy(asc(auditEvents.orderId), asc(auditEvents.seq));
  const byOrder = new Map<string, AuditRow[]>();
  for (const r of rows) byOrder.set(r.orderId, [...(byOrder.get(r.orderId) ?? []), { ...r, at: r.at.getTime() }]);
  return new Map([...byOrder].map(([id, events]) => [id, summarizeTrail(events)]));
}

const FIELDS = ['state', 'closureCode', 'leadUnit', 'escalationLevel', 'lastSeq'] as const;

/** Compares every read-model row with its trail; `rebuild` rewrites the rows that differ from it. */
export async function verifyReadModel(db: Db, options: { rebuild?: boolean } = {}): Promise<Verification> {
  const summaries = await trails(db);
  const rows = new Map((await db.select().from(orders)).map((r) => [r.orderId, r]));
  const result: Verification = { checked: summaries.size, mismatches: [], gaps: [], missingRows: [] };
  for (const [orderId, t] of summaries) {
    if (t.missing.length) result.gaps.push({ orderId, missing: t.missing });
    const row = rows.get(orderId);
    if (!row) {
      result.missingRows.push(orderId);
      continue;
    }
    const differing = FIELDS.filter((f) => row[f] !== t[f]);
    for (const f of differing) result.mismatches.push({ orderId, field: f, readModel: row[f], trail: t[f] });
    if (options.rebuild && differing.length) {
      const { missing: _missing, ...summary } = t;
      await db.update(orders).set(summary).where(eq(orders.orderId, orderId));
    }
  }
  return result;
}

/** Compares the trail of each order with its workflow: state and last audit sequence must agree. */
export async function verifyAgainstTemporal(db: Db, client: Client, orderIds?: string[]): Promise<Mismatch[]> {
  const summaries = await trails(db);
  const mismatches: Mismatch[] = [];
  for (const orderId of orderIds ?? [...summaries.keys()]) {
    const t = summaries.get(orderId);
    const view = await workflowView(client, orderId);
    for (const [field, wf] of [
      ['state', view.state],
      ['lastSeq', view.lastSeq],
      ['leadUnit', view.leadUnit],
    ] as const) {
      if (t?.[field] !== wf) mismatches.push({ orderId, field: `workflow.${field}`, readModel: wf, trail: t?.[field] });
    }
  }
  return mismatches;
}
