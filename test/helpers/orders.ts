/** Builds realistic order inputs the way intake does, from the seeded reference data. */
import { randomUUID } from 'node:crypto';
import { buildIntake, orderIdFor, type CreateOrderBody } from '../../api/intake';
import type { Db } from '../../db/client';
import { loadReferenceData } from '../../db/reference';
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
    orderId: orderIdFor(operator, randomUUID(), 'test-hash-key'),
    actor: operator,
    receivedAt,
    hashKey: 'test-key',
  });
}

const citizen = { name: '李四', phone: '13900139000', address: '江滨市临江区建设路8号' };

/** Emergency (2 h handling limit), lead GAS, no assisting unit. */
export const gasLeak: CreateOrderBody = {
  channel: 'phone',
  orderType: 'help',
  category: 'gas_leak',
  description: '楼道里燃气味很浓，怀疑管道泄漏',
  citizen,
  assistingUnits: [],
};

/** Emergency, lead WATER with assisting units CGJ and JTJ (sub-deadline 80% of 2 h). */
export const waterMainBurst: CreateOrderBody = {
  channel: 'app',
  orderType: 'help',
  category: 'water_main_burst',
  description: '路口供水管道爆裂，水漫到马路上',
  citizen,
};

/** Utilities, urgent: a 12-hour handling limit, lead WATER. */
export const waterOutage: CreateOrderBody = {
  channel: 'web',
  orderType: 'help',
  category: 'water_outage',
  description: '小区从昨晚开始停水，没有通知',
  citizen,
};

/** A consultation: received without a category, to be answered from the knowledge base. */
export const consultation: CreateOrderBody = {
  channel: 'phone',
  orderType: 'consultation',
  description: '社保卡丢了怎么补办？',
  citizen: { phone: '13700137000' },
};

/** A help request the operator still has to classify and dispatch. */
export const unclassifiedHelp: CreateOrderBody = {
  channel: 'mini_program',
  orderType: 'help',
  description: '家门口的水表井盖松动，踩上去会翻',
  citizen,
};
