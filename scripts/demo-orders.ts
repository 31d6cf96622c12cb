/**
 * `npm run demo:orders`: fills a running `npm start` with orders in every SLA situation — breached,
 * reminded (at risk), on hold, escalated to L3, disputed, on track — so a supervisor can try the
 * Temporal UI filters of the README. It publishes short-lived policy versions to make clocks fall due
 * within seconds, and publishes the original policy again when done. For the demo city only.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { issueToken } from '../api/http/auth';
import { DEMO_DISTRICT_MAP } from '../db/seed-data/district-map';
import type { Role } from '../domain/order';
import { loadConfig } from '../runtime/config';

const config = loadConfig();
const api = process.env.API_URL ?? `http://127.0.0.1:${config.apiPort}`;
const token = (role: Role, unit: string | null = 'CENTRE') =>
  issueToken(config.authSecret, { sub: `demo-${role}`, role, unit }, '1h');
const run = Date.now().toString(36);
let n = 0;

async function call(
  role: Role,
  method: string,
  path: string,
  body?: unknown,
  unit?: string,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${await token(role, unit)}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': `demo-${run}-${++n}`,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const districts = DEMO_DISTRICT_MAP.features.map((f) => f.properties.name);
let created = 0;
/** A complaint about a place in the next of the demo city's districts, so the hotspot map has some in each. */
const create = async (category: string) =>
  (await call('operator', 'POST', '/orders', {
    channel: 'phone',
    orderType: 'complaint',
    category,
    description: '演示工单',
    incidentAddress: `${districts[created++ % districts.length]}人民路${created}号`,
    citizen: { phone: `1390000${String(++n).padStart(4, '0')}` },
  })) as { orderId: string; leadUnit: string };

const original = await call('admin', 'GET', '/admin/policy');
const { version: _version, ...policy } = original;
const publish = (responseMinutes: number, warningThresholds: number[]) =>
  call('admin', 'POST', '/admin/policy', {
    ...policy,
    responseLimit: { unit: 'minutes', amount: responseMinutes },
    warningThresholds,
    reason: '演示：制造超时与预警的工单',
  });
const restore = () => call('admin', 'POST', '/admin/policy', { ...policy, reason: '演示：恢复原政策' });

try {
  await publish(0.05, [0.5, 0.75]);
  const breached = await create('noise_construction');
  await publish(2, [0.05, 0.1]);
  const atRisk = await create('water_outage');
  await restore();
  const onTrack = await create('street_light');
  const paused = await create('street_vending');
  await call('coordinator', 'POST', `/orders/${paused.orderId}/pause`, { reason: '等待市民补充现场照片' });
  const l3 = await create('illegal_construction');
  await call('coordinator', 'POST', `/orders/${l3.orderId}/escalate`, { level: 3, reason: '跨部门职责不清，提级协调' });
  const disputed = await create('restaurant_fumes');
  await call(
    'department',
    'POST',
    `/orders/${disputed.orderId}/return`,
    { reason: '油烟属生态环境局职责' },
    disputed.leadUnit,
  );
  await sleep(8_000);
  console.log(
    [
      ['breached (response SLA missed)', breached],
      ['at risk (reminded, 催办)', atRisk],
      ['on track', onTrack],
      ['clocks on hold', paused],
      ['L3 high-level coordination', l3],
      ['dispute waiting for a ruling', disputed],
    ]
      .map(([label, o]) => `${(label as string).padEnd(32)} ${(o as { orderId: string }).orderId}`)
      .join('\n'),
  );
} finally {
  await restore();
}
