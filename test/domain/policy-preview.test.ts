/**
 * 政策预演's re-clocking, on trails the workflow's own state class writes (the city generator drives
 * OrderState through its action handlers, clocks firing as its timers would): under the policy the orders
 * ran under it changes no judgement; a shorter limit only adds breaches, a longer one only removes them.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_KB } from '../../db/seed-data';
import type { AuditEvent, AuditRow } from '../../domain/events';
import { kpiOutcomes } from '../../domain/kpi';
import { orderFacts } from '../../domain/order-facts';
import { clockChanges, previewOrder, reclockTrail, type PreviewContext } from '../../domain/policy-preview';
import type { SlaPolicy } from '../../domain/types';
import { City } from '../../scripts/city/city';
import { demoReference } from '../helpers/reference';

const END = Date.parse('2026-11-20T04:00:00Z');
const ref = demoReference();
const city = new City(
  { orders: 1_500, days: 60, end: END, seed: 11, hashKey: 'preview-test-key' },
  { ref, articles: DEMO_KB.map((a) => ({ code: a.code, title: a.title, body: a.body, category: a.category })) },
);
const row = (e: AuditEvent): AuditRow => ({
  seq: e.seq,
  type: e.type,
  at: e.at,
  actorUnit: e.actor.unit,
  data: e.data,
});
const trails = Array.from({ length: city.plan.orders }, (_, i) => city.live(i).sim.events.map(row));
const period = { from: 0, to: END + 1 };
const contextOf = (policy: Partial<SlaPolicy>): PreviewContext => ({
  policy: { ...ref.policy, ...policy },
  calendar: ref.calendar,
  entryOf: (category) => (category ? ref.catalogue.get(category) : undefined),
  asOf: END,
});
const judged = (trails: AuditRow[][], ctx: PreviewContext) => trails.map((t) => previewOrder(t, ctx, period));
const count = (outcomes: ReturnType<typeof kpiOutcomes>[], name: string) =>
  outcomes.reduce((n, o) => n + o.filter((x) => x.name === name).length, 0);

describe('re-clocking a trail under a candidate policy', () => {
  it('under the policy the orders ran under, judges every response and handling clock as the workflow did', () => {
    const previews = judged(trails, contextOf({}));
    const changed = previews.filter((p) => p.changes.length);
    const now = previews.map((p) => p.now);
    console.log(
      `${trails.length} generated orders: ${count(now, 'responseBreached')} response and ${count(now, 'handlingBreached')} handling breaches; ${changed.length} judged otherwise by the re-clocking`,
    );
    expect(count(now, 'handlingBreached')).toBeGreaterThan(10);
    expect(changed.map((p) => p.changes)).toEqual([]);
  });

  it('a shorter response limit only adds breaches; a longer handling limit only removes them', () => {
    const shorter = judged(trails, contextOf({ responseLimit: { unit: 'minutes', amount: 5 } }));
    const moreBreached = shorter.flatMap((p) => p.changes);
    expect(moreBreached.length).toBeGreaterThan(20);
    for (const c of moreBreached) expect(c).toMatchObject({ clock: 'response', candidate: 'breached' });
    const h = ref.policy.handlingLimits;
    const longer = judged(
      trails,
      contextOf({
        handlingLimits: Object.fromEntries(
          Object.entries(h).map(([k, v]) => [
            k,
            {
              urgent: { ...v.urgent, amount: v.urgent.amount * 3 },
              normal: { ...v.normal, amount: v.normal.amount * 3 },
            },
          ]),
        ) as SlaPolicy['handlingLimits'],
      }),
    );
    const fewer = longer.flatMap((p) => p.changes);
    expect(fewer.length).toBeGreaterThan(5);
    for (const c of fewer) expect(c).toMatchObject({ clock: 'handling', now: 'breached', candidate: 'on_time' });
  });

  it('a sign-off after the candidate response limit is a breach at the limit; one before it is on time', () => {
    const t0 = Date.parse('2026-11-18T02:00:00Z');
    const min = 60_000;
    const trail = (signedAfter: number): AuditRow[] => [
      {
        seq: 1,
        type: 'received',
        at: t0,
        actorUnit: null,
        data: { orderType: 'complaint', category: 'noise_construction', urgency: 'normal' },
      },
      { seq: 2, type: 'dispatched', at: t0, actorUnit: null, data: { leadUnit: 'CGJ', assistingUnits: [] } },
      {
        seq: 3,
        type: 'acknowledged',
        at: t0 + signedAfter * min,
        actorUnit: 'CGJ',
        data: { unit: 'CGJ', responseMet: true },
      },
    ];
    const ctx = contextOf({ responseLimit: { unit: 'minutes', amount: 10 } });
    const late = reclockTrail(trail(12), ctx);
    expect(late.map((r) => r.type)).toEqual(['received', 'dispatched', 'clock_breached', 'acknowledged']);
    expect(late[2]).toMatchObject({ at: t0 + 10 * min, data: { clock: 'response', dueAt: t0 + 10 * min } });
    expect(late[3]!.data.responseMet).toBe(false);
    const inTime = reclockTrail(trail(8), ctx);
    expect(inTime.map((r) => r.type)).toEqual(['received', 'dispatched', 'acknowledged']);
    const changes = clockChanges(kpiOutcomes(orderFacts(trail(12))), kpiOutcomes(orderFacts(late)), period);
    expect(changes).toEqual([{ clock: 'response', now: 'on_time', candidate: 'breached' }]);
  });
});
