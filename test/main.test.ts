/**
 * `npm start` on embedded defaults: the main job boots its own dev server and PGlite in a fresh data
 * folder, serves an order over HTTP, shuts down cleanly on Ctrl-C, and a second start finds the order.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { issueToken } from '../api/http/auth';
import { PROJECT_ROOT } from '../runtime/config';
import { freePort } from '../support';
import { noiseComplaint } from './helpers/orders';

const dataDir = mkdtempSync(join(tmpdir(), 'hotline-main-'));
const secret = 'main-test-secret-main-test-secret';
const started: ChildProcess[] = [];

async function startMain(ports: { api: number; temporal: number; ui: number; metrics: number; codec: number }) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(ports.api),
      TEMPORAL_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.ui),
      TEMPORAL_ADDRESS: '',
      DATABASE_URL: '',
      AUTH_SECRET: secret,
      LOG_LEVEL: 'warn',
      WORKER_METRICS_ADDRESS: `127.0.0.1:${ports.metrics}`,
      CODEC_PORT: String(ports.codec),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('12345 hotline ready')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`main job exited (${code}) before ready:\n${output}`)));
  });
  return { child, exited, output: () => output };
}

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start on embedded defaults', () => {
  it('boots, serves an order, stops on Ctrl-C, and finds the order again on the next start', async () => {
    const ports = {
      api: await freePort(),
      temporal: await freePort(),
      ui: await freePort(),
      metrics: await freePort(),
      codec: await freePort(),
    };
    const base = `http://127.0.0.1:${ports.api}`;
    const operator = await issueToken(secret, { sub: 'op-main', role: 'operator', unit: 'CENTRE' });
    const auth = { Authorization: `Bearer ${operator}` };

    const first = await startMain(ports);
    expect(first.output()).toContain(`API          ${base}`);
    expect(first.output()).toContain(`Temporal UI  http://127.0.0.1:${ports.ui}`);
    // The embedded UI decodes through the codec server (`--ui-codec-endpoint`).
    expect(first.output()).toContain(`Codec server http://127.0.0.1:${ports.codec}`);
    // Demo sign-in exists on the embedded defaults, and says so (#25 item 2).
    expect(first.output()).toContain('Demo sign-in on, for a browser on this machine only');
    expect((await fetch(`${base}/dev/users`)).status).toBe(200);
    // A demo Open311 partner's key beside the dev tokens, which a client can file a request with (#27 item 1).
    const partnerKey = /demo partner api_key (o311_demo_\S+)/.exec(first.output())?.[1];
    expect(partnerKey).toBeTruthy();
    const filed = await fetch(`${base}/open311/v2/requests.json`, {
      method: 'POST',
      body: new URLSearchParams({
        api_key: partnerKey!,
        service_code: 'noise_construction',
        address_string: '江滨市滨江区银杏路77号',
        'attribute[order_type]': 'complaint',
      }),
    });
    expect(filed.status).toBe(201);
    const settings = await (await fetch(`http://127.0.0.1:${ports.ui}/api/v1/settings`)).json();
    expect(settings).toMatchObject({ Codec: { Endpoint: `http://127.0.0.1:${ports.codec}` } });
    const created = await fetch(`${base}/orders`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json', 'Idempotency-Key': 'main-test-0001' },
      body: JSON.stringify(noiseComplaint),
    });
    expect(created.status).toBe(201);
    const { orderId } = (await created.json()) as { orderId: string };
    const read = await fetch(`${base}/orders/${orderId}`, { headers: auth });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ orderId, state: 'dispatched', leadUnit: 'CGJ' });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    // One scrape carries the API's HTTP latency and the worker's Temporal SDK metrics.
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('hotline_http_request_duration_seconds_bucket');
    expect(metrics).toMatch(/temporal_(workflow|activity)_\w+/);
    const docs = await fetch(`${base}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui-bundle.js');

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);

    const second = await startMain(ports);
    const again = await fetch(`${base}/orders/${orderId}`, { headers: auth });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ orderId, state: 'dispatched' });
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });
});
