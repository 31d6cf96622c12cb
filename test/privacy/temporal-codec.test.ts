/**
 * Citizen data in Temporal, end to end: a dev server started as `npm start` starts it (its Web UI
 * pointed at our codec server), the product's worker and the API on a real PostgreSQL database. What
 * Temporal holds is ciphertext for anyone without the codec — a plain client, the UI's HTTP API — and
 * readable with it; keys rotate; a failing write leaves no citizen data in failures or worker logs.
 */
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { Worker } from '@temporalio/worker';
import { sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { issueToken } from '../../api/http/auth';
import { codecEndpoint, codecServer as listener, createCodecApp } from '../../api/codec-server';
import type { CreateOrderBody } from '../../api/intake';
import { parsePayloadKeys, type PayloadKeys } from '../../runtime/config';
import { startDevServer, type DevServer } from '../../runtime/dev-server';
import { METADATA_KEY_ID, PayloadEncryptionCodec, temporalDataConverter } from '../../adapters/payload-codec';
import { startReferenceCache, type ReferenceCache } from '../../db/reference-cache';
import { createOrderWorker, installWorkerRuntime } from '../../runtime/worker';
import { createTestDatabase, eventually, freePort, type TestDatabase } from '../../support';
import { orderQuery } from '../../workflows/messages';
import { noiseComplaint } from '../helpers/orders';
import { TEST_PAYLOAD_KEYS, workflowBundle } from '../helpers/temporal';

const AUTH_SECRET = 'codec-test-secret-that-is-long-enough';
const NAMESPACE = 'default';
const History = temporal.api.history.v1.History;

const citizen = {
  name: '王小明',
  phone: '13712345678',
  address: '江滨市滨江区隐私路42号',
  email: 'wxm.secret@example.cn',
};
const order: CreateOrderBody = { ...noiseComplaint, description: '隐私测试：楼下餐馆油烟直排到窗口', citizen };
/** The order whose read-model write the database refuses. */
const refused = { name: '赵六', phone: '13698765432', address: '江滨市临江区拒绝路7号' };
const refusedOrder: CreateOrderBody = {
  ...noiseComplaint,
  description: '写入失败测试：工地夜间照明刺眼',
  citizen: refused,
};

const secretsOf = (body: CreateOrderBody) => [
  body.citizen!.name!,
  body.citizen!.phone!,
  body.citizen!.address!,
  ...(body.citizen!.email ? [body.citizen!.email] : []),
  body.description,
];

/** The test key plus a second one, active: the keys after a rotation. */
const ROTATED: PayloadKeys = parsePayloadKeys(
  `test-1:${TEST_PAYLOAD_KEYS.keys.get('test-1')!.toString('base64')},test-2:${createHash('sha256').update('rotated').digest('base64')}`,
  'test-2',
);

/** Every string of a JSON document, and what each reads as when base64-decoded (how bytes travel in JSON). */
function readableText(json: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      out.push(v);
      if (/^[A-Za-z0-9+/_-]{4,}={0,2}$/.test(v)) out.push(Buffer.from(v, 'base64').toString('utf8'));
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(json);
  return out.join('\n');
}

function expectNoneOf(text: string, secrets: string[]): void {
  for (const s of secrets) expect(text, `"${s}" must not be readable`).not.toContain(s);
}

const historyJson = (h: temporal.api.history.v1.IHistory) =>
  History.toObject(History.fromObject(h), { longs: String, enums: String, bytes: String });

const startInput = async (handle: WorkflowHandle) => {
  const history = await handle.fetchHistory();
  return history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads! as Payload[];
};

const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

let dir: string;
let server: DevServer;
let codecServer: Server;
let codecUrl: string;
let uiPort: number;
let testDb: TestDatabase;
let reference: ReferenceCache;
let connection: Connection;
let worker: { worker: Worker; running: Promise<void>; close(): Promise<void> };
const logLines: string[] = [];

async function runWorker(keys: PayloadKeys) {
  const w = await createOrderWorker({
    address: server.address,
    namespace: NAMESPACE,
    db: testDb.database.db,
    dataConverter: temporalDataConverter(keys),
    workflowBundle: workflowBundle(),
  });
  return { worker: w.worker, running: w.worker.run(), close: () => w.connection.close() };
}

async function stopWorker() {
  worker.worker.shutdown();
  await worker.running;
  await worker.close();
}

/** The API on a client with these keys, and a caller of it. */
function api(keys: PayloadKeys) {
  const { app } = createApp({
    temporal: new Client({ connection, namespace: NAMESPACE, dataConverter: temporalDataConverter(keys) }),
    database: testDb.database,
    reference,
    authSecret: AUTH_SECRET,
    requesterHashKey: 'codec-test-hash-key',
    logger: pino({ level: 'silent' }),
  });
  let key = 0;
  return async (role: 'operator' | 'department', path: string, body: object) => {
    const unit = role === 'department' ? 'CGJ' : 'CENTRE';
    const token = await issueToken(AUTH_SECRET, { sub: `${role}-codec`, role, unit });
    return request(app)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', `codec-${Date.now()}-${++key}`)
      .send(body);
  };
}

const plain = () => new Client({ connection, namespace: NAMESPACE });
/** The describe answer as the server gives it (a client without the codec cannot even decode its memo). */
const describeRaw = (workflowId: string) =>
  connection.workflowService.describeWorkflowExecution({ namespace: NAMESPACE, execution: { workflowId } });
const withCodec = (keys: PayloadKeys = TEST_PAYLOAD_KEYS) =>
  new Client({ connection, namespace: NAMESPACE, dataConverter: temporalDataConverter(keys) });

beforeAll(async () => {
  // The product's SDK log path (installWorkerRuntime), into memory: what the worker would print.
  installWorkerRuntime(pino({ level: 'info' }, { write: (line: string) => logLines.push(line) }), undefined);
  dir = mkdtempSync(join(tmpdir(), 'hotline-codec-'));
  const [port, codecPort] = [await freePort(), await freePort()];
  uiPort = await freePort();
  const codecConfig = { host: '127.0.0.1', port: codecPort };
  codecUrl = codecEndpoint(codecConfig);
  const codecApp = createCodecApp({
    codec: new PayloadEncryptionCodec(ROTATED),
    namespace: NAMESPACE,
    allowedOrigins: [`http://127.0.0.1:${uiPort}`],
    requireToken: false,
    authSecret: AUTH_SECRET,
    logger: pino({ level: 'info' }, { write: (line: string) => logLines.push(line) }),
  });
  codecServer = await new Promise((resolve) => {
    const s = listener(codecApp).listen(codecPort, '127.0.0.1', () => resolve(s));
  });
  [server, testDb] = await Promise.all([
    startDevServer({ dataDir: dir, port, uiPort, namespace: NAMESPACE, codecEndpoint: codecUrl }),
    createTestDatabase({ prefix: 'hotline_codec' }),
  ]);
  reference = await startReferenceCache(testDb.database.db);
  connection = await Connection.connect({ address: server.address });
  worker = await runWorker(TEST_PAYLOAD_KEYS);
});

afterAll(async () => {
  reference?.stop();
  if (worker) await stopWorker();
  await connection?.close();
  await server?.stop();
  await new Promise((resolve) => codecServer?.close(resolve));
  await testDb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('citizen data in Temporal', () => {
  let orderId: string;

  it('is ciphertext to a client without the codec, readable with it', async () => {
    const call = api(TEST_PAYLOAD_KEYS);
    const created = await call('operator', '/orders', order);
    expect(created.status).toBe(201);
    orderId = created.body.orderId;
    expect((await call('department', `/orders/${orderId}/acknowledge`, { note: '已安排执法队员' })).status).toBe(200);

    const handle = plain().workflow.getHandle(orderId);
    const history = historyJson(await handle.fetchHistory());
    const described = await describeRaw(orderId);
    expect(JSON.stringify(history)).toContain('UpdateCompleted'); // the acknowledgement is in it
    expectNoneOf(readableText(history), secretsOf(order));
    expectNoneOf(readableText(described), secretsOf(order));
    const [input] = await startInput(handle);
    expect(text(input!.metadata!.encoding)).toBe('binary/encrypted');
    expect(text(input!.metadata![METADATA_KEY_ID])).toBe('test-1');

    // With the codec: the start input holds the citizen, the UI summary reads in the clear.
    const [decoded] = await new PayloadEncryptionCodec(TEST_PAYLOAD_KEYS).decode([input!]);
    for (const s of secretsOf(order)) expect(text(decoded!.data)).toContain(s);
    const readable = await withCodec().workflow.getHandle(orderId).describe();
    expect(await readable.staticSummary()).toMatch(/^complaint · .* · lead CGJ · via phone$/);
  });

  it('is ciphertext in the Temporal UI’s HTTP API, whose settings point at the codec server', async () => {
    const ui = `http://127.0.0.1:${uiPort}/api/v1/namespaces/${NAMESPACE}/workflows/${orderId}`;
    const [history, described, settings] = await Promise.all(
      [`${ui}/history`, ui, `http://127.0.0.1:${uiPort}/api/v1/settings`].map(async (url) => {
        const res = await fetch(url);
        expect(res.status, url).toBe(200);
        return res.json();
      }),
    );
    expect(readableText(history)).toContain('binary/encrypted');
    expectNoneOf(readableText(history), secretsOf(order));
    expectNoneOf(readableText(described), secretsOf(order));
    expect(settings).toMatchObject({ Codec: { Endpoint: codecUrl } });
  });

  it('is decoded by the codec server for the UI’s origin, logged by order without the payload', async () => {
    const res = await fetch(`http://127.0.0.1:${uiPort}/api/v1/namespaces/${NAMESPACE}/workflows/${orderId}/history`);
    const events = ((await res.json()) as { history: { events: Record<string, Record<string, unknown>>[] } }).history
      .events;
    const payloads = (events[0]!.workflowExecutionStartedEventAttributes!.input as { payloads: unknown[] }).payloads;
    const origin = `http://127.0.0.1:${uiPort}`;
    const before = logLines.length;
    const decoded = await fetch(`${codecUrl}/decode`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Namespace': NAMESPACE, Origin: origin },
      body: JSON.stringify({ payloads }),
    });
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('access-control-allow-origin')).toBe(origin);
    const body = (await decoded.json()) as { payloads: { data: string }[] };
    expect(Buffer.from(body.payloads[0]!.data, 'base64').toString('utf8')).toContain(citizen.phone);

    const logged = logLines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({ msg: 'citizen data decoded', workflowIds: [orderId], caller: 'embedded default' }),
    );
    const raw = logLines.slice(before).join('\n');
    expectNoneOf(readableText(logged), secretsOf(order));
    expect(raw).not.toContain((payloads[0] as { data: string }).data);
  });

  it('leaves a refused database write without citizen data in failures and worker logs', async () => {
    // The database refuses this citizen's read-model row: its error quotes the row's values.
    await testDb.database.db.execute(
      sql.raw(
        `alter table orders add constraint refuse_for_test check (citizen->>'name' <> '${refused.name}') not valid`,
      ),
    );
    const before = logLines.length;
    const created = await api(TEST_PAYLOAD_KEYS)('operator', '/orders', refusedOrder);
    expect(created.status).toBe(201);
    const id: string = created.body.orderId;
    const failureLines = await eventually(
      async () => logLines.slice(before).filter((l) => l.includes('"msg":"Activity failed"')),
      (lines) => lines.length > 0,
      { timeoutMs: 30_000 },
    );
    expectNoneOf(logLines.slice(before).join('\n'), secretsOf(refusedOrder));
    expect(failureLines.join('\n')).toContain('database error 23514');

    // In Temporal: the refused write's failure (not retried: the database refuses the data itself, and the
    // order records it, domain/record-failure) and the history hold no citizen data either, and the
    // failure's message itself is encrypted (encodeCommonAttributes).
    const handle = plain().workflow.getHandle(id);
    const failures = await eventually(
      async () =>
        (await handle.fetchHistory()).events!.flatMap((e) => {
          const f = e.markerRecordedEventAttributes?.failure ?? e.activityTaskFailedEventAttributes?.failure;
          return f ? [f.applicationFailureInfo ? f : f.cause!] : [];
        }),
      (f) => f.length > 0,
    );
    const failure = failures[0]!;
    expect(failure.applicationFailureInfo?.type).toBe('InvalidOrderData');
    expect(failure.message).toBe('Encoded failure');
    expectNoneOf(readableText(historyJson(await handle.fetchHistory())), secretsOf(refusedOrder));
    const [attributes] = await new PayloadEncryptionCodec(TEST_PAYLOAD_KEYS).decode([
      failure.encodedAttributes as Payload,
    ]);
    const { message } = JSON.parse(text(attributes!.data)) as { message: string };
    expect(message).toMatch(/^database error 23514 \(table orders, constraint refuse_for_test/);
    await testDb.database.db.execute(sql.raw('alter table orders drop constraint refuse_for_test'));
  });

  it('keeps old payloads readable after a key rotation, and new payloads use the new key', async () => {
    await stopWorker();
    worker = await runWorker(ROTATED);
    const call = api(ROTATED);
    expect((await call('department', `/orders/${orderId}/notes`, { note: '轮换后的进展' })).status).toBe(200);

    const handle = withCodec(ROTATED).workflow.getHandle(orderId);
    const events = (await handle.fetchHistory()).events!;
    const keyIds = (payloads: Payload[] | null | undefined) =>
      (payloads ?? []).map((p) => text(p.metadata?.[METADATA_KEY_ID]));
    const lastUpdate = events.findLast((e) => e.workflowExecutionUpdateCompletedEventAttributes)!;
    expect(keyIds(events[0]!.workflowExecutionStartedEventAttributes!.input!.payloads as Payload[])).toEqual([
      'test-1',
    ]);
    expect(
      keyIds(
        lastUpdate.workflowExecutionUpdateCompletedEventAttributes!.outcome!.success!.payloads as Payload[] | undefined,
      ),
    ).toEqual(['test-2']);
    // The old key stays as long as histories written under it are kept: without it they cannot be read.
    const [input] = await startInput(handle);
    const newKeyOnly = parsePayloadKeys(`test-2:${ROTATED.keys.get('test-2')!.toString('base64')}`, undefined);
    await expect(new PayloadEncryptionCodec(newKeyOnly).decode([input!])).rejects.toThrow(/key "test-1"/);
    expect(await handle.query(orderQuery)).toMatchObject({
      orderId,
      notes: [expect.objectContaining({ text: '轮换后的进展' })],
    });
  });
});
