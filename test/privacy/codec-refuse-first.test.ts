/**
 * The codec server turns a caller away before reading its body (#25 item 9): a production request without
 * a valid token is refused without `100 Continue` and its connection closed, so a 16 MB body is neither
 * invited nor read. And `start:codec` starts in production with the variables the README names.
 */
import { readFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../api/auth';
import { codecServer, createCodecApp } from '../../api/codec-server';
import { loadConfig, newPayloadKeySpec, parsePayloadKeys, PROJECT_ROOT } from '../../runtime/config';
import { createLogger } from '../../runtime/logger';
import { PayloadEncryptionCodec } from '../../runtime/payload-codec';

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

/** POSTs /decode announcing a 16 MB body and sending only its first bytes; reports whether 100 Continue came. */
function announceBigBody(headers: Record<string, string>) {
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
          'Content-Length': String(BIG),
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
    req.on('continue', () => {
      continued = true;
      req.write('{"payloads":[');
    });
    req.on('error', reject);
    if (!headers.Expect) req.write('{"payloads":[');
  });
}

describe('the codec server refuses first', () => {
  it('does not invite the body of a caller without a token (no 100 Continue), and closes its connection', async () => {
    const { res, continued, closed } = await announceBigBody({ Expect: '100-continue' });
    expect(res.statusCode).toBe(401);
    expect(continued).toBe(false);
    expect(res.headers.connection).toBe('close');
    await closed;
  });

  it('closes the connection of a refused caller that sent its body unasked, instead of reading 16 MB', async () => {
    const { res, closed } = await announceBigBody({ Authorization: 'Bearer forged' });
    expect(res.statusCode).toBe(401);
    expect(res.headers.connection).toBe('close');
    await closed;
  });

  it('invites the body of a caller that passed its checks', async () => {
    const token = await issueToken(SECRET, { sub: 'coord-1', role: 'coordinator', unit: 'CENTRE' });
    const answer = await new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
      let continued = false;
      const body = JSON.stringify({ payloads: [] });
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/decode',
          method: 'POST',
          agent: false,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': String(Buffer.byteLength(body)),
            'X-Namespace': 'default',
            Authorization: `Bearer ${token}`,
            Expect: '100-continue',
          },
        },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode!, continued });
        },
      );
      req.on('continue', () => {
        continued = true;
        req.end(body);
      });
      req.on('error', reject);
    });
    expect(answer).toEqual({ status: 200, continued: true });
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
