/**
 * Demo sign-in (#25 item 2) exists only on the embedded defaults or by explicit opt-in, never in
 * production, says so at start-up, and answers only a browser on this machine: a loopback client address,
 * a loopback Host and, when sent, a loopback Origin (a DNS-rebinding page sends its own Host).
 */
import { networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackAddress } from '../../api/dev-signin';
import { demoSignInFromEnv } from '../../runtime/config';
import { harnessApp, startApiHarness, type ApiHarness } from '../helpers/api';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => h?.close());

const appWith = (devSignIn?: boolean) => harnessApp(h, { devSignIn }).app;

describe('when demo sign-in exists', () => {
  it('only on the embedded defaults, or with DEMO_SIGN_IN=true outside production', () => {
    expect(demoSignInFromEnv({})).toBe(true);
    expect(demoSignInFromEnv({ DATABASE_URL: 'postgres://db/hotline' })).toBe(false);
    expect(demoSignInFromEnv({ TEMPORAL_ADDRESS: 'temporal:7233' })).toBe(false);
    expect(demoSignInFromEnv({ TEMPORAL_ADDRESS: 'temporal:7233', DEMO_SIGN_IN: 'true' })).toBe(true);
    expect(demoSignInFromEnv({ DEMO_SIGN_IN: 'false' })).toBe(false);
    expect(demoSignInFromEnv({ NODE_ENV: 'production' })).toBe(false);
    expect(() => demoSignInFromEnv({ NODE_ENV: 'production', DEMO_SIGN_IN: 'true' })).toThrow(/production/);
    expect(() => demoSignInFromEnv({ DEMO_SIGN_IN: 'yes' })).toThrow(/DEMO_SIGN_IN/);
  });

  it('is not mounted unless asked for (start:api builds the app without it)', async () => {
    const app = appWith();
    expect((await request(app).get('/dev/users')).status).toBe(404);
    expect((await request(app).post('/dev/sign-in').send({ sub: 'admin-001' })).status).toBe(404);
  });
});

describe('whom demo sign-in answers', () => {
  const signIn = () => request(appWith(true)).post('/dev/sign-in').send({ sub: 'op-001' });

  it('a browser on this machine, by loopback address or localhost', async () => {
    expect((await signIn()).status).toBe(200);
    expect((await signIn().set('Host', 'localhost:3000').set('Origin', 'http://localhost:3000')).status).toBe(200);
    expect((await signIn().set('Host', '[::1]:3000')).status).toBe(200);
    expect((await request(appWith(true)).get('/dev/users').set('Host', '127.0.0.1')).status).toBe(200);
  });

  it('not a foreign Host or Origin (the shape of DNS rebinding), naming the header', async () => {
    for (const [header, value, field] of [
      ['Host', 'rebind.attacker.example:3000', 'header.Host'],
      ['Host', '127.0.0.1.attacker.example', 'header.Host'],
      ['Origin', 'http://rebind.attacker.example:3000', 'header.Origin'],
    ] as const) {
      const res = await signIn().set(header, value);
      expect(res.status, value).toBe(403);
      expect(res.body).toMatchObject({ code: 'demo_sign_in_loopback_only', errors: [{ field }] });
      expect(res.body.token).toBeUndefined();
    }
    expect((await request(appWith(true)).get('/dev/users').set('Host', 'hotline.example')).status).toBe(403);
  });

  it('not a client on another address', async () => {
    expect(['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1'].map(isLoopbackAddress)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', 'fe80::1', undefined].map(isLoopbackAddress)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  it.skipIf(!external)('not a client reaching the listener over the network', async () => {
    const server = appWith(true).listen(0, '0.0.0.0');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://${external}:${port}/dev/sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sub: 'op-001' }),
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ errors: [{ field: 'client' }] });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
