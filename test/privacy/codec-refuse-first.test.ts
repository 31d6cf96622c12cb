/**
 * The codec server turns a caller away before reading its body (#25 item 9): a production request without
 * a valid token is refused without `100 Continue` and its connection closed, so a 16 MB body is neither
 * invited nor read. And `start:codec` starts in production with the variables the README names.
 */
import { readFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../api/http/auth';
import { codecServer, createCodecApp } from '../../api/codec-server';
import { loadConfig, newPayloadKeySpec, parsePayloadKeys, PROJECT_ROOT } from '../../runtime/config';
import { createLogger } from '../../adapters/logger';
import { PayloadEncryptionCodec } from '../../adapters/payload-codec';

const SECRET = 'codec-refuse-first-secret-long-enough-0123';
const server = codecServer(
  createCodecApp({
    codec: new PayloadEncryptionCodec(parsePayloadKeys(newPayloadKeySpec(), undefined)),
    namespace: 'default',
    allowedOrigins: [],
    requireToken: true,
    authSecret: SECRET,
    logger: createLogger('silent', 'test'),
  }),
);
let port: number;
beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
beforeAll(() => {
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const BIG = 16 * 1024 * 1024;

/**
 * POSTs /decode with `headers`, sending `body` at once or, with `Expect: 100-continue`, once invited; `length`
 * may announce more than is sent. Reports whether 100 Continue came, and when the connection closes.
 */
function postDecode(headers: Record<string, string>, body: string, length = Buffer.byteLength(body)) {
  return new Promise<{ res: IncomingMessage; continued: boolean; closed: Promise<void> }>((resolve, reject) => {
    let continued = false;
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/decode',
        method: 'POST',
        agent: false,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': String(length),
          'X-Namespace': 'default',
          ...headers,
        },
      },
      (res) => {
        res.resume();
        const closed = new Promise<void>((done) => req.socket!.once('close', () => done()));
        resolve({ res, continued, closed });
      },
    );
    const send = () => (length === Buffer.byteLength(body) ? req.end(body) : req.write(body));
    req.on('continue', () => {
      continued = true;
      send();
    });
    req.on('error', reject);
    if (!headers.Expect) send();
  });
}

describe('the codec server refuses first', () => {
  it('does not invite the body of a caller without a token (no 100 Continue), and closes its connection', async () => {
    const { res, continued, closed } = await postDecode({ Expect: '100-continue' }, '{"payloads":[', BIG);
    expect(res.statusCode).toBe(401);
    expect(continued).toBe(false);
    expect(res.headers.connection).toBe('close');
    await closed;
  });

  it('closes the connection of a refused caller that sent its body unasked, instead of reading 16 MB', async () => {
    const { res, closed } = await postDecode({ Authorization: 'Bearer forged' }, '{"payloads":[', BIG);
    expect(res.statusCode).toBe(401);
    expect(res.headers.connection).toBe('close');
    await closed;
  });

  it('invites the body of a caller that passed its checks', async () => {
    const token = await issueToken(SECRET, { sub: 'coord-1', role: 'coordinator', unit: 'CENTRE' });
    const answer = await postDecode(
      { Authorization: `Bearer ${token}`, Expect: '100-continue' },
      JSON.stringify({ payloads: [] }),
    );
    expect({ status: answer.res.statusCode, continued: answer.continued }).toEqual({ status: 200, continued: true });
  });
});

describe('start:codec in production', () => {
  it('starts with exactly the variables the README names', () => {
    const readme = readFileSync(`${PROJECT_ROOT}/README.md`, 'utf8');
    const line = /npm run start:codec .*\(needs ([^)]*)\)/.exec(readme)?.[1];
    expect(line).toBeDefined();
    const named = line!.match(/\b[A-Z][A-Z_]+[A-Z]\b/g)!;
    const values: Record<string, string> = {
      PAYLOAD_KEYS: newPayloadKeySpec(),
      AUTH_SECRET: SECRET,
      REQUESTER_HASH_KEY: 'codec-hash-key',
    };
    const saved = { ...process.env };
    try {
      for (const name of ['NODE_ENV', 'DATA_DIR', ...Object.keys(values)]) delete process.env[name];
      process.env.NODE_ENV = 'production';
      process.env.DATA_DIR = '/nonexistent-codec-data';
      for (const name of named) process.env[name] = values[name] ?? 'set';
      expect(() => loadConfig()).not.toThrow();
    } finally {
      process.env = saved;
    }
  });
});
