/** Builds realistic order inputs the way intake does, from the seeded reference data. */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { buildIntake, orderIdFor, type CreateOrderBody } from '../../api/intake';
import type { Db } from '../../db/client';
import { loadReferenceData } from '../../db/reference';
import { auditEvents } from '../../db/schema';
import type { Actor, Intake } from '../../domain/order';

export const operator: Actor = { role: 'operator', id: 'op-test', unit: 'CENTRE' };
export const department = (unit: string): Actor => ({ role: 'department', id: `dept-${unit}`, unit });

export const noiseComplaint: CreateOrderBody = {
  channel: 'phone',
  orderType: 'complaint',
  category: 'noise_construction',
  description: '夜间施工噪音扰民，晚上十一点后仍在打桩',
  citizen: { name: '张三', phone: '13800138000', address: '江滨市滨江区幸福路1号' },
};

export async function makeIntake(
  db: Db,
  body: CreateOrderBody = noiseComplaint,
  receivedAt = Date.now(),
): Promise<Intake> {
  const ref = await loadReferenceData(db);
  return buildIntake(body, ref, {
    orderId: orderIdFor(operator, randomUUID()),
    actor: operator,
    receivedAt,
    hashKey: 'test-key',
  });
}

export async function auditTypes(db: Db, orderId: string): Promise<string[]> {
  const rows = await db.select().from(auditEvents).where(eq(auditEvents.orderId, orderId)).orderBy(auditEvents.seq);
  return rows.map((r) => r.type);
}
