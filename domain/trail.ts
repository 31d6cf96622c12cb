/**
 * The summary the read model keeps of an order (state, closure, lead unit, escalation level), replayed
 * from its audit trail by the one reducer (./order-facts), so the read model can be checked against — or
 * rebuilt from — the trail alone.
 */
import type { AuditRow } from './events';
import { orderFacts, type OrderFacts } from './order-facts';

export type TrailSummary = Pick<
  OrderFacts,
  'state' | 'closureCode' | 'leadUnit' | 'escalationLevel' | 'lastSeq' | 'missing'
>;

export function trailSummary(facts: OrderFacts): TrailSummary {
  const { state, closureCode, leadUnit, escalationLevel, lastSeq, missing } = facts;
  return { state, closureCode, leadUnit, escalationLevel, lastSeq, missing };
}

export function summarizeTrail(events: readonly AuditRow[]): TrailSummary {
  return trailSummary(orderFacts(events));
}
