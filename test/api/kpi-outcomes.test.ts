/**
 * The drill-down behind a unit's figure (#23): `/kpis/outcomes` lists exactly the outcomes its numerator
 * and denominator count, paged by cursor, on real Temporal and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../support';
import { callers, startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
const tokens: Record<string, string> = {};
const as = (who: string) => callers(h, tokens)(who);

beforeAll(async () => {
  h = await startApiHarness();
  tokens.operator = await h.token('operator');
  tokens.manager = await h.token('manager');
  tokens.CGJ = await h.token('department', 'CGJ');
}, 120_000);
afterAll(async () => h?.close());

const period = `from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`;

/** Every page of the drill-down, following `nextCursor`. */
async function allOutcomes(query: string) {
  const items: { orderId: string; outcome: string }[] = [];
  let cursor: string | null = null;
  let total: number;
  do {
    const res = await as('manager').get(
      `/kpis/outcomes?${period}&${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    total = res.body.total;
    cursor = res.body.nextCursor;
  } while (cursor);
  return { items, total };
}

describe('KPI drill-down', () => {
  it('lists the outcomes behind a unit’s return and response rates, as many as the figure counts', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await as('operator').post('/orders', noiseComplaint);
      expect(res.status).toBe(201);
      ids.push(res.body.orderId);
    }
    const [signed, returned] = ids as [string, string, string];
    expect((await as('CGJ').post(`/orders/${signed}/acknowledge`)).status).toBe(200);
    expect((await as('CGJ').post(`/orders/${returned}/return`, { reason: '非本单位职责' })).status).toBe(200);

    const cgj = await eventually(
      async () =>
        (await as('manager').get(`/kpis?groupBy=unit&${period}`)).body.rows.find(
          (r: { group: string }) => r.group === 'CGJ',
        ),
      (row) => row?.raw.counts.returnedAssignments === 1 && row.raw.counts.responseOnTime === 1,
    );
    expect(cgj.raw.returnRate).toBeCloseTo(1 / 3);

    const returns = await allOutcomes('unit=CGJ&rate=returnRate&part=numerator');
    expect(returns).toMatchObject({ total: 1, items: [{ orderId: returned, outcome: 'returnedAssignments' }] });
    // Three assignments on two pages of two: the cursor neither skips nor repeats a row.
    const assignments = await allOutcomes('unit=CGJ&rate=returnRate&part=denominator');
    expect(assignments.total).toBe(cgj.raw.counts.assignments);
    expect(assignments.items.map((o) => o.orderId).sort()).toEqual([...ids].sort());
    const onTime = await allOutcomes('unit=CGJ&rate=onTimeResponseRate&part=numerator&basis=adjusted');
    expect(onTime.items.map((o) => o.orderId)).toEqual([signed]);

    expect((await as('manager').get(`/kpis/outcomes?${period}&unit=CGJ&rate=composite&part=numerator`)).status).toBe(
      400,
    );
    expect((await as('CGJ').get(`/kpis/outcomes?${period}&unit=CGJ&rate=returnRate&part=numerator`)).status).toBe(403);
  }, 60_000);
});
