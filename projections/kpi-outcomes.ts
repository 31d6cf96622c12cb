/**
 * The KPIs' outcome rows (`order_outcomes`): what each order counts for in every rate, derived from its
 * whole trail by the one reducer (domain/order-facts → domain/kpi). `/kpis` sums them (db/kpi).
 */
import { outcomeRowsOf, replaceOutcomes, sameOutcomes, storedOutcomesIn, type OutcomeRow } from '../db/outcomes';
import type { Difference, Projection } from './projection';

export const kpiOutcomes: Projection = {
  name: 'kpi-outcomes',
  // Any event can change an outcome (a late signature, a ruling, a reopen): the whole trail is reduced.
  follows: 'any new event',
  async apply(tx, change) {
    const { orderId } = change.order;
    await replaceOutcomes(tx, orderId, outcomeRowsOf(orderId, await change.facts()));
  },
  async check(tx, range, facts, mode) {
    const stored = mode === 'replace' ? null : await storedOutcomesIn(tx, range);
    const differences: Difference[] = [];
    const rows: OutcomeRow[] = [];
    let count = 0;
    for (const [orderId, f] of facts) {
      const derived = outcomeRowsOf(orderId, f);
      count += derived.length;
      if (!stored) {
        rows.push(...derived);
        continue;
      }
      const kept = stored.get(orderId) ?? [];
      if (sameOutcomes(derived, kept)) continue;
      differences.push({ orderId, field: 'outcomes', stored: kept.length, trail: derived.length });
      if (mode === 'repair') await replaceOutcomes(tx, orderId, derived);
    }
    // One write for the whole range: a bulk load's rebuild is one statement per range, not per order.
    if (!stored) await replaceOutcomes(tx, range, rows);
    return { differences, derived: count };
  },
};
