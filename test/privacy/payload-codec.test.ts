/**
 * The payload codec, its keys and the codec server, without a Temporal server: encryption and key
 * rotation, configuration from the environment, errors that leave activities without citizen data, and
 * the codec server's rules (token in production, CORS for the UI only, X-Namespace, decodes logged).
 */
import { ApplicationFailure, type Payload } from '@temporalio/common';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withoutCitizenData } from '../../activities/errors';
import { issueToken } from '../../api/http/auth';
import { createCodecApp } from '../../api/codec-server';
import { loadConfig, newPayloadKeySpec, parsePayloadKeys } from '../../runtime/config';
import { METADATA_KEY_ID, METADATA_WORKFLOW_ID, PayloadEncryptionCodec } from '../../adapters/payload-codec';

const PHONE = '13800138000';
const json = (value: unknown): Payload => ({
  metadata: { encoding: Buffer.from('json/plain') },
  data: Buffer.from(JSON.stringify(value)),
});
const citizenPayload = json({ citizen: { name: '张三', phone: PHONE }, description: '夜间施工噪音扰民' });
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const context = { type: 'workflow', namespace: 'default', workflowId: 'WO123' } as const;

const [k1, k2] = [newPayloadKeySpec('k1'), newPayloadKeySpec('k2')];
const before = parsePayloadKeys(k1, undefined);
const rotated = parsePayloadKeys(`${k1},${k2}`, 'k2');

describe('the payload codec', () => {
  it('encrypts the whole payload under the active key, naming the key and the order in the metadata', async () => {
    const [encoded] = await new PayloadEncryptionCodec(before).encode([citizenPayload], context);
    expect(text(encoded!.metadata!.encoding)).toBe('binary/encrypted');
    expect(text(encoded!.metadata![METADATA_KEY_ID])).toBe('k1');
    expect(text(encoded!.metadata![METADATA_WORKFLOW_ID])).toBe('WO123');
    const stored = Buffer.from(encoded!.data!);
    for (const s of [PHONE, '张三', 'json/plain']) expect(stored.includes(Buffer.from(s))).toBe(false);
    expect(await new PayloadEncryptionCodec(before).decode([encoded!])).toEqual([
      expect.objectContaining({ metadata: citizenPayload.metadata, data: citizenPayload.data }),
    ]);
  });

  it('passes payloads without the encryption metadata through, so older plaintext histories replay', async () => {
    expect(await new PayloadEncryptionCodec(before).decode([citizenPayload])).toEqual([citizenPayload]);
  });

  it('refuses ciphertext that was altered, or moved to another order', async () => {
    const codec = new PayloadEncryptionCodec(before);
    const [encoded] = await codec.encode([citizenPayload], context);
    const flipped = Buffer.from(encoded!.data!);
    flipped[flipped.length - 20]! ^= 1;
    await expect(codec.decode([{ ...encoded!, data: flipped }])).rejects.toThrow();
    const moved = { ...encoded!, metadata: { ...encoded!.metadata, [METADATA_WORKFLOW_ID]: Buffer.from('WO999') } };
    await expect(codec.decode([moved])).rejects.toThrow();
  });

  it('rotates: new payloads under the new key id, older ones still decrypt while their key is listed', async () => {
    const [old] = await new PayloadEncryptionCodec(before).encode([citizenPayload], context);
    const afterRotation = new PayloadEncryptionCodec(rotated);
    const [fresh] = await afterRotation.encode([citizenPayload], context);
    expect(text(fresh!.metadata![METADATA_KEY_ID])).toBe('k2');
    const decoded = await afterRotation.decode([old!, fresh!]);
    expect(decoded.map((p) => text(p.data))).toEqual([text(citizenPayload.data), text(citizenPayload.data)]);
    const oldKeyDropped = new PayloadEncryptionCodec(parsePayloadKeys(k2, undefined));
    await expect(oldKeyDropped.decode([old!])).rejects.toThrow('payload encrypted with key "k1"');
  });
});

describe('payload keys from the environment', () => {
  let dir: string | undefined;
  afterEach(() => {
    vi.unstubAllEnvs();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('rejects malformed keys without ever echoing one', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    const cases: [string, string | undefined, RegExp][] = [
      ['', undefined, /holds no key/],
      [`bad id:${short}`, undefined, /entries must be id:base64key/],
      [`k:${short}`, undefined, /key "k" must be 32 bytes/],
      [`${k1},${k1}`, undefined, /"k1" appears twice/],
      [`${k1},${k2}`, undefined, /PAYLOAD_KEY_ID must name the active key/],
      [k1, 'k9', /"k9" is not in PAYLOAD_KEYS/],
    ];
    for (const [spec, active, message] of cases) {
      let error: Error | undefined;
      try {
        parsePayloadKeys(spec, active);
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message, spec).toMatch(message);
      expect(error!.message).not.toContain(short);
      expect(error!.message).not.toContain(k1.split(':')[1]);
    }
  });

  it('are required in production', () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('AUTH_SECRET', 'x'.repeat(32));
    vi.stubEnv('REQUESTER_HASH_KEY', 'y'.repeat(32));
    vi.stubEnv('PAYLOAD_KEYS', '');
    expect(() => loadConfig()).toThrow('PAYLOAD_KEYS must be set in production');
    vi.stubEnv('PAYLOAD_KEYS', `${k1},${k2}`);
    vi.stubEnv('PAYLOAD_KEY_ID', 'k2');
    const config = loadConfig();
    expect(config.payloadKeys.activeKeyId).toBe('k2');
    expect(config.codec.requireToken).toBe(true);
  });

  it('are generated once into the data folder on the embedded defaults, like AUTH_SECRET', () => {
    dir = mkdtempSync(join(tmpdir(), 'hotline-keys-'));
    vi.stubEnv('NODE_ENV', '');
    vi.stubEnv('DATA_DIR', dir);
    vi.stubEnv('PAYLOAD_KEYS', '');
    vi.stubEnv('PAYLOAD_KEY_ID', '');
    const first = loadConfig().payloadKeys;
    const file = join(dir, 'payload_keys.secret');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^local-1:[A-Za-z0-9+/]{43}=$/);
    const second = loadConfig().payloadKeys;
    expect(second.activeKeyId).toBe('local-1');
    expect(second.keys.get('local-1')).toEqual(first.keys.get('local-1'));
    expect(loadConfig().codec).toMatchObject({
      requireToken: false,
      allowedOrigins: ['http://127.0.0.1:8233', 'http://localhost:8233'],
    });
  });
});

describe('errors leaving an activity', () => {
  /** What postgres.js raises for a refused row, wrapped by drizzle with the query and its parameters. */
  function drizzleError(): Error {
    const pg = Object.assign(new Error(`new row for relation "orders" violates check constraint "c1"`), {
      name: 'PostgresError',
      code: '23514',
      table_name: 'orders',
      constraint_name: 'c1',
      detail: `Failing row contains (WO1, {"phone": "${PHONE}"}).`,
    });
    return Object.assign(new Error(`Failed query: insert into "orders" …\nparams: WO1,{"phone":"${PHONE}"}`), {
      query: 'insert into "orders" …',
      params: ['WO1', { phone: PHONE }],
      cause: pg,
    });
  }

  it('name a database error by SQLSTATE, table and constraint, never by the values', () => {
    const failure = withoutCitizenData(drizzleError()) as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.message).toBe('database error 23514 (table orders, constraint c1)');
    // 23xxx refuses the data itself: not retried (domain/record-failure).
    expect(failure.type).toBe('InvalidOrderData');
    expect(JSON.stringify({ ...failure, message: failure.message, stack: failure.stack })).not.toContain(PHONE);
  });

  it('withhold any other message, keep a system error code, and leave Temporal failures alone', () => {
    const other = withoutCitizenData(new TypeError(`cannot read ${PHONE}`)) as ApplicationFailure;
    expect(other.message).not.toContain(PHONE);
    expect(other.type).toBe('TypeError');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect((withoutCitizenData(refused) as ApplicationFailure).message).toMatch(/^Error ECONNREFUSED/);
    const ours = ApplicationFailure.nonRetryable('invalid text in description', 'InvalidOrderData');
    expect(withoutCitizenData(ours)).toBe(ours);
  });
});

describe('the codec server', () => {
  const SECRET = 'codec-server-test-secret-long-enough';
  const UI = 'http://127.0.0.1:8233';
  const lines: string[] = [];
  const app = (requireToken: boolean) =>
    createCodecApp({
      codec: new PayloadEncryptionCodec(before),
      namespace: 'default',
      allowedOrigins: [UI],
      requireToken,
      authSecret: SECRET,
      logger: pino({ level: 'info' }, { write: (line: string) => lines.push(line) }),
    });
  const production = app(true);
  const asJson = (p: Payload) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')]),
    ),
    data: Buffer.from(p.data!).toString('base64'),
  });
  const encrypted = async () =>
    asJson((await new PayloadEncryptionCodec(before).encode([citizenPayload], context))[0]!);
  const token = (role: 'coordinator' | 'operator' | 'visitor' | 'auditor' | 'department') =>
    issueToken(SECRET, { sub: `${role}-7`, role, unit: role === 'department' ? 'CGJ' : 'CENTRE' });
  const decode = (target = production) => request(target).post('/decode').set('X-Namespace', 'default');

  it('in production decodes only for a role that sees citizen contact in full', async () => {
    const body = { payloads: [await encrypted()] };
    expect((await decode().send(body)).status).toBe(401);
    expect((await decode().set('Authorization', 'Bearer not-a-token').send(body)).status).toBe(401);
    for (const role of ['auditor', 'department'] as const) {
      expect(
        (
          await decode()
            .set('Authorization', `Bearer ${await token(role)}`)
            .send(body)
        ).status,
        role,
      ).toBe(403);
    }
    for (const role of ['coordinator', 'operator', 'visitor'] as const) {
      const res = await decode()
        .set('Authorization', `bearer ${await token(role)}`)
        .send(body);
      expect(res.status, role).toBe(200);
      expect(Buffer.from(res.body.payloads[0].data, 'base64').toString('utf8')).toContain(PHONE);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('outside production answers the embedded UI, which sends no token', async () => {
    const res = await decode(app(false)).send({ payloads: [await encrypted()] });
    expect(res.status).toBe(200);
    expect(res.body.payloads[0].metadata.encoding).toBe(Buffer.from('json/plain').toString('base64'));
  });

  it('logs every decode with who and which order, never the payload', async () => {
    const payload = await encrypted();
    const from = lines.length;
    const res = await decode()
      .set('Authorization', `Bearer ${await token('coordinator')}`)
      .send({ payloads: [payload] });
    expect(res.status).toBe(200);
    const logged = lines.slice(from);
    expect(logged.map((l) => JSON.parse(l))).toContainEqual(
      expect.objectContaining({
        msg: 'citizen data decoded',
        caller: { id: 'coordinator-7', role: 'coordinator' },
        workflowIds: ['WO123'],
        decrypted: 1,
      }),
    );
    expect(logged.join('\n')).not.toContain(payload.data);
    expect(logged.join('\n')).not.toContain(PHONE);
  });

  it('allows the Temporal UI’s origin only (CORS)', async () => {
    const preflight = await request(production)
      .options('/decode')
      .set('Origin', UI)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,x-namespace,authorization');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(UI);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/X-Namespace/i);
    const elsewhere = await request(production).options('/decode').set('Origin', 'https://evil.example');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
    const posted = await decode()
      .set('Origin', 'https://evil.example')
      .set('Authorization', `Bearer ${await token('coordinator')}`)
      .send({ payloads: [await encrypted()] });
    expect(posted.status).toBe(403);
  });

  it('serves its own namespace only, and checks the body', async () => {
    const auth = `Bearer ${await token('coordinator')}`;
    const body = { payloads: [await encrypted()] };
    expect((await request(production).post('/decode').set('Authorization', auth).send(body)).body).toMatchObject({
      status: 400,
      code: 'namespace_required',
    });
    const other = await request(production).post('/decode').set('Authorization', auth).set('X-Namespace', 'other');
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('wrong_namespace');
    const bad = await decode()
      .set('Authorization', auth)
      .send({ payloads: [{ data: 'not base64!' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('body.payloads.0.data');
  });

  it('encodes with the active key, under any endpoint prefix the UI or CLI adds', async () => {
    const res = await request(production)
      .post('/default/encode')
      .set('X-Namespace', 'default')
      .set('Authorization', `Bearer ${await token('operator')}`)
      .send({ payloads: [asJson(citizenPayload)] });
    expect(res.status).toBe(200);
    expect(Buffer.from(res.body.payloads[0].metadata[METADATA_KEY_ID], 'base64').toString()).toBe('k1');
    const [back] = await new PayloadEncryptionCodec(before).decode([
      {
        metadata: Object.fromEntries(
          Object.entries(res.body.payloads[0].metadata as Record<string, string>).map(([k, v]) => [
            k,
            Buffer.from(v, 'base64'),
          ]),
        ),
        data: Buffer.from(res.body.payloads[0].data, 'base64'),
      },
    ]);
    expect(text(back!.data)).toContain(PHONE);
  });
});
