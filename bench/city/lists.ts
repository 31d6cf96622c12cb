/**
 * The read side a city's staff uses all day: every documented filter of `/orders`, the department inbox,
 * the coordinators' queues, the return-visit queue and the review queue. Each case names the HTTP
 * request a screen sends and the query the route runs for it (the same filters, for EXPLAIN).
 */
import type { OrderFilters, Sort } from '../../db/queries';
import type { Role } from '../../domain/order';

export interface ListCase {
  /** The list it belongs to in the results: orders, inbox, escalations, visits, reviews. */
  list: 'orders' | 'inbox' | 'escalations' | 'visits' | 'reviews';
  name: string;
  role: Role;
  unit: string;
  path: string;
  /** What the route asks the read model (db/queries listOrders); absent for the review queue. */
  query: { filters: OrderFilters; sort: Sort } | { reviews: 'pending' | 'upheld' | 'not_attributable' };
}

export interface CityValues {
  /** A busy lead unit, and a few for the inbox. */
  unit: string;
  units: string[];
  category: string;
  /** One day in the middle of the period, for the received-between filter. */
  day: { from: Date; to: Date };
}

export function listCases(v: CityValues): ListCase[] {
  const coordinator = { role: 'coordinator' as const, unit: 'CENTRE' };
  const orders = (name: string, q: string, filters: OrderFilters): ListCase => ({
    list: 'orders',
    name,
    ...coordinator,
    path: `/orders${q ? `?${q}` : ''}`,
    query: { filters, sort: 'received' },
  });
  const range = `receivedFrom=${v.day.from.toISOString()}&receivedTo=${v.day.to.toISOString()}`;
  const escalation = (kind: string, filters: OrderFilters): ListCase => ({
    list: 'escalations',
    name: `escalations ${kind}`,
    ...coordinator,
    path: `/escalations?kind=${kind}`,
    query: { filters, sort: 'due' },
  });
  const review = (status: 'pending' | 'upheld' | 'not_attributable'): ListCase => ({
    list: 'reviews',
    name: `reviews ${status}`,
    role: 'reviewer',
    unit: 'CENTRE',
    path: `/reviews?status=${status}`,
    query: { reviews: status },
  });
  return [
    orders('orders (newest first)', '', {}),
    orders('orders state=dispatched', 'state=dispatched', { states: ['dispatched'] }),
    orders('orders slaState=breached', 'slaState=breached', { slaState: 'breached' }),
    orders(`orders leadUnit=${v.unit}`, `leadUnit=${v.unit}`, { leadUnit: v.unit }),
    orders(`orders category=${v.category}`, `category=${v.category}`, { category: v.category }),
    orders('orders urgency=urgent', 'urgency=urgent', { urgency: 'urgent' }),
    orders('orders minEscalationLevel=2', 'minEscalationLevel=2', { minEscalationLevel: 2 }),
    orders('orders received in one day', range, { receivedFrom: v.day.from, receivedTo: v.day.to }),
    {
      list: 'orders',
      name: `orders as department ${v.unit}`,
      role: 'department',
      unit: v.unit,
      path: '/orders',
      query: { filters: { unit: v.unit }, sort: 'received' },
    },
    ...v.units.map((unit): ListCase => ({
      list: 'inbox',
      name: `inbox ${unit}`,
      role: 'department',
      unit,
      path: '/inbox',
      query: { filters: { unit, openOnly: true }, sort: 'due' },
    })),
    escalation('supervision', { minEscalationLevel: 2, openOnly: true }),
    escalation('coordination', { minEscalationLevel: 3, openOnly: true }),
    escalation('disputes', { states: ['returned'] }),
    escalation('extensions', { states: ['extension_requested'] }),
    {
      list: 'visits',
      name: 'visits',
      role: 'visitor',
      unit: 'CENTRE',
      path: '/visits',
      query: { filters: { states: ['completed', 'return_visit'] }, sort: 'received' },
    },
    review('pending'),
    review('upheld'),
    review('not_attributable'),
  ];
}
