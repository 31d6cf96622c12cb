/**
 * The README's "Monitoring SLAs in the Temporal UI" queries, each run against a dev server holding
 * orders in every SLA situation: the table a supervisor copies from is the table under test.
 */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slaPolicies } from '../../db/schema';
import { DEFAULT_POLICY } from '../../db/seed-data';
import { PROJECT_ROOT } from '../../runtime/config';
import { sleep } from '../../support';
import { startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
const tokens: Record<string, string> = {};
let n = 0;

const readmeQueries = (): Record<string, string> => {
  const readme = readFileSync(`${PROJECT_ROOT}/README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('## Monitoring SLAs in the Temporal UI'));
  const rows = [...section.matchAll(/^\| ([^|]+?) +\| `([^`]+)` +\|$/gm)];
  return Object.fromEntries(rows.map((m) => [m[1]!.trim(), m[2]!]));
};

/** A caller of its own each, so that no order is held as a likely repeat of another (并单 before dispatch). */
async function create(body: typeof noiseComplaint = noiseComplaint): Promise<string> {
  const citizen = { ...body.citizen, phone: `1390000${String(++n).padStart(4, '0')}` };
  const res = await request(h.app)
    .post('/orders')
    .set('Authorization', `Bearer ${tokens.operator}`)
    .set('Idempotency-Key', `monitor-${n}-${Date.now()}`)
    .send({ ...body, citizen });
  expect(res.status).toBe(201);
  return res.body.orderId;
}

const act = (who: string, id: string, action: string, body: object = {}) =>
  request(h.app).post(`/orders/${id}/${action}`).set('Authorization', `Bearer ${tokens[who]}`).send(body);

/** Publishes a policy version whose response clock is `minutes` long and warns at the given fractions. */
async function publishPolicy(minutes: number, warningThresholds: number[]) {
  await h.testDb.database.db.insert(slaPolicies).values({
    policy: { ...DEFAULT_POLICY, responseLimit: { unit: 'minutes', amount: minutes }, warningThresholds },
    publishedBy: 'test',
  });
  await h.reference.refresh();
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await startApiHarness();
  tokens.operator = await h.token('operator');
  tokens.coordinator = await h.token('coordinator');
  tokens.CGJ = await h.token('department', 'CGJ');

  await publishPolicy(0.05, [0.5, 0.75]); // breaches 3 s after receipt
  ids.breached = await create();
  await publishPolicy(1, [0.05, 0.1]); // reminded after 3 s, breaches only after a minute
  ids.atRisk = await create();
  await publishPolicy(15, [0.5, 0.75]);
  ids.l3 = await create();
  ids.returned = await create();
  ids.paused = await create();
  ids.signed = await create();
  ids.water = await create({ ...noiseComplaint, category: 'water_outage', description: '停水' });
  expect((await act('coordinator', ids.l3, 'escalate', { level: 3, reason: '跨部门协调' })).status).toBe(200);
  expect((await act('CGJ', ids.returned, 'return', { reason: '非本单位职责' })).status).toBe(200);
  expect((await act('coordinator', ids.paused, 'pause', { reason: '等待市民补充材料' })).status).toBe(200);
  expect((await act('CGJ', ids.signed, 'acknowledge')).status).toBe(200);
  // Let the short clocks fire: the breach at 3 s, the reminder at 3 s.
  await sleep(4_500);
});
afterAll(async () => h?.close());

async function run(query: string): Promise<string[]> {
  const found: string[] = [];
  for await (const wf of h.env.client.workflow.list({ query })) found.push(wf.workflowId);
  return found;
}

describe('README monitoring queries', () => {
  it('each find the orders they promise and not the others', async () => {
    const queries = readmeQueries();
    const inOneHour = new Date(Date.now() + 3_600_000).toISOString();
    const expectations: Record<string, { has: string[]; hasNot: string[] }> = {
      'breached orders': { has: [ids.breached!], hasNot: [ids.atRisk!, ids.signed!] },
      'at risk: already reminded (催办)': { has: [ids.atRisk!], hasNot: [ids.breached!, ids.signed!] },
      // A breach is not "due": the breached order's other clocks fire days from now.
      'due in the next hour': { has: [ids.water!, ids.l3!], hasNot: [ids.paused!, ids.signed!, ids.breached!] },
      'L3 escalations (高位协调)': { has: [ids.l3!], hasNot: [ids.breached!, ids.signed!] },
      'supervision and above (督办)': { has: [ids.l3!, ids.breached!], hasNot: [ids.atRisk!, ids.signed!] },
      'disputes waiting for a ruling (退单)': { has: [ids.returned!], hasNot: [ids.signed!] },
      'clocks on hold': { has: [ids.paused!], hasNot: [ids.signed!] },
      'orders of one unit': { has: [ids.signed!, ids.l3!], hasNot: [ids.water!] },
    };
    expect(Object.keys(queries).sort()).toEqual(Object.keys(expectations).sort());
    for (const [label, query] of Object.entries(queries)) {
      const concrete = query.replace('<one hour from now>', inOneHour);
      const { has, hasNot } = expectations[label]!;
      // Visibility is eventually consistent: poll until the query shows the expected split.
      await expect
        .poll(
          async () => {
            const found = await run(concrete);
            return { has: has.filter((id) => found.includes(id)), hasNot: hasNot.filter((id) => found.includes(id)) };
          },
          { timeout: 10_000, interval: 250, message: label },
        )
        .toEqual({ has, hasNot: [] });
    }
  }, 60_000);
});
