/**
 * Bearer tokens: every token expires within the cap; the centre's identity provider signs in with
 * RS256/ES256 tokens verified against its JWKS (served here on a loopback port) beside the HS256 dev
 * tokens; and through the API, authentication comes before the body is read, the scheme is
 * case-insensitive, and requests with invalid tokens are rate-limited by client address.
 */
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { createSecretKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, MAX_TOKEN_LIFETIME_S, tokenVerifier, type OidcOptions } from '../../api/http/auth';
import { oidcFromEnv } from '../../runtime/config';
import { freePort } from '../../support';
import { harnessApp, startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

const SECRET = 'auth-test-secret-that-is-long-enough-0123';
const hs256 = createSecretKey(Buffer.from(SECRET, 'utf8'));
const now = () => Math.floor(Date.now() / 1000);

/** A token signed with the dev secret, with exactly the time claims given. */
function devToken(times: { iat?: number; exp?: number }) {
  const jwt = new SignJWT({ role: 'operator', unit: 'CENTRE' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('op-1')
    .setIssuer('12345-hotline');
  if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
  return jwt.sign(hs256);
}

describe('token lifetime', () => {
  const verify = tokenVerifier(SECRET);

  it('refuses a token without exp or iat, one issued in the future, and one that lives longer than the cap', async () => {
    await expect(verify(await devToken({ iat: now() }))).rejects.toThrow(/exp/);
    await expect(verify(await devToken({ exp: now() + 3600 }))).rejects.toThrow(/iat/);
    await expect(verify(await devToken({ iat: now() + 86_400, exp: now() + 90_000 }))).rejects.toThrow();
    await expect(verify(await devToken({ iat: now(), exp: now() + MAX_TOKEN_LIFETIME_S + 60 }))).rejects.toThrow();
    expect(await verify(await devToken({ iat: now(), exp: now() + MAX_TOKEN_LIFETIME_S }))).toMatchObject({
      id: 'op-1',
    });
  });

  it('will not issue a token longer-lived than the cap', async () => {
    const claims = { sub: 'op-1', role: 'operator' as const, unit: 'CENTRE' };
    await expect(issueToken(SECRET, claims, '25h')).rejects.toThrow(/24 h/);
    expect(await verify(await issueToken(SECRET, claims, '24h'))).toMatchObject({ role: 'operator' });
  });
});

describe('claims of the wrong type (#25 item 7)', () => {
  const verify = tokenVerifier(SECRET);
  const signed = (claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('admin-1')
      .setIssuer('12345-hotline')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(hs256);

  it('refuses a dev token whose role or unit is not a string (a list, a number, an object)', async () => {
    for (const claims of [
      { role: ['admin'], unit: 'CENTRE' },
      { role: ['operator', 'admin'], unit: 'CENTRE' },
      { role: { name: 'admin' }, unit: 'CENTRE' },
      { role: 1, unit: 'CENTRE' },
      { role: 'department', unit: ['CGJ'] },
      { role: 'operator', unit: 7 },
    ]) {
      await expect(verify(await signed(claims)), JSON.stringify(claims)).rejects.toThrow();
    }
    expect(await verify(await signed({ role: 'admin', unit: 'CENTRE' }))).toMatchObject({ role: 'admin' });
    expect(await verify(await signed({ role: 'auditor', unit: null }))).toMatchObject({ unit: null });
  });
});

describe('sign-in from the identity provider (OIDC)', () => {
  let server: Server;
  let oidc: OidcOptions;
  const keys = {} as Record<'RS256' | 'ES256', Awaited<ReturnType<typeof generateKeyPair>>['privateKey']>;
  const published: JWK[] = [];

  beforeAll(async () => {
    for (const alg of ['RS256', 'ES256'] as const) {
      const pair = await generateKeyPair(alg);
      keys[alg] = pair.privateKey;
      published.push({ ...(await exportJWK(pair.publicKey)), kid: `key-${alg}`, alg, use: 'sig' });
    }
    const port = await freePort();
    server = createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    oidc = oidcFromEnv({
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      AUTH_ISSUER: 'https://idp.jiangbin.gov.cn/realms/12345',
      AUTH_AUDIENCE: 'hotline-api',
      AUTH_ROLE_CLAIM: 'realm_access.roles',
      AUTH_UNIT_CLAIM: 'hotline_unit',
    })!;
  });
  afterAll(() => new Promise<void>((resolve) => server?.close(() => resolve())));

  const idpToken = (
    alg: 'RS256' | 'ES256',
    claims: Record<string, unknown> = {},
    o: { issuer?: string; audience?: string; kid?: string; lifetime?: number } = {},
  ) =>
    new SignJWT({ realm_access: { roles: ['offline_access', 'department'] }, hotline_unit: 'CGJ', ...claims })
      .setProtectedHeader({ alg, kid: o.kid ?? `key-${alg}` })
      .setSubject('zhang.wei')
      .setIssuer(o.issuer ?? oidc.issuer)
      .setAudience(o.audience ?? oidc.audience)
      .setIssuedAt()
      .setExpirationTime(now() + (o.lifetime ?? 3600))
      .sign(keys[alg]);

  it('accepts RS256 and ES256 tokens, role and unit read from the configured claims, and still the dev tokens', async () => {
    const verify = tokenVerifier(SECRET, oidc);
    const actor = { role: 'department', id: 'zhang.wei', unit: 'CGJ' };
    expect(await verify(await idpToken('RS256'))).toEqual(actor);
    expect(await verify(await idpToken('ES256'))).toEqual(actor);
    const dev = await issueToken(SECRET, { sub: 'op-1', role: 'operator', unit: 'CENTRE' });
    expect(await verify(dev)).toEqual({ role: 'operator', id: 'op-1', unit: 'CENTRE' });
  });

  it('refuses the provider’s role and unit claims of the wrong type (#25 item 7)', async () => {
    const verify = tokenVerifier(SECRET, oidc);
    await expect(verify(await idpToken('RS256', { realm_access: { roles: [7, 'department'] } }))).rejects.toThrow();
    await expect(verify(await idpToken('RS256', { realm_access: { roles: { department: true } } }))).rejects.toThrow();
    await expect(verify(await idpToken('RS256', { hotline_unit: { code: 'CGJ' } }))).rejects.toThrow();
  });

  it('refuses another issuer, another audience, an unknown key, no known role, and a token beyond the cap', async () => {
    const verify = tokenVerifier(SECRET, oidc);
    await expect(verify(await idpToken('RS256', {}, { issuer: 'https://elsewhere' }))).rejects.toThrow(/iss/);
    await expect(verify(await idpToken('RS256', {}, { audience: 'another-app' }))).rejects.toThrow(/aud/);
    await expect(verify(await idpToken('ES256', {}, { kid: 'key-unknown' }))).rejects.toThrow();
    await expect(verify(await idpToken('RS256', { realm_access: { roles: ['offline_access'] } }))).rejects.toThrow(
      /role/,
    );
    await expect(verify(await idpToken('RS256', { hotline_unit: undefined }))).rejects.toThrow(/unit/);
    await expect(verify(await idpToken('RS256', {}, { lifetime: MAX_TOKEN_LIFETIME_S + 60 }))).rejects.toThrow();
  });

  it('refuses the provider’s tokens when no provider is configured, and an HS256 token signed with another secret', async () => {
    await expect(tokenVerifier(SECRET)(await idpToken('RS256'))).rejects.toThrow();
    const foreign = await issueToken('another-secret-that-is-long-enough-987', { sub: 'x', role: 'admin', unit: null });
    await expect(tokenVerifier(SECRET, oidc)(foreign)).rejects.toThrow();
  });

  it('needs the issuer and audience with a JWKS URL, and defaults the claims to role and unit', () => {
    expect(oidcFromEnv({})).toBeUndefined();
    expect(() => oidcFromEnv({ AUTH_JWKS_URL: 'https://idp/jwks' })).toThrow(/AUTH_ISSUER and AUTH_AUDIENCE/);
    expect(oidcFromEnv({ AUTH_JWKS_URL: 'https://idp/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' })).toMatchObject({
      roleClaim: 'role',
      unitClaim: 'unit',
    });
  });
});

describe('authentication through the API', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(async () => h?.close());

  it('answers 401 before reading the body: malformed, too large or invalid, without a valid token', async () => {
    const post = () =>
      request(h.app).post('/orders').set('Content-Type', 'application/json').set('Idempotency-Key', 'auth-first-0001');
    expect((await post().send('{"broken": ')).status).toBe(401);
    expect((await post().set('Authorization', 'Bearer not-a-jwt').send('{"broken": ')).status).toBe(401);
    expect((await post().send(JSON.stringify({ description: 'x'.repeat(100_000) }))).status).toBe(401);
    // With a valid token the same bodies are read, and refused for what they are.
    const operator = await h.token('operator');
    expect((await post().set('Authorization', `Bearer ${operator}`).send('{"broken": ')).status).toBe(400);
    const large = await post()
      .set('Authorization', `Bearer ${operator}`)
      .send(JSON.stringify({ description: 'x'.repeat(100_000) }));
    expect(large.status).toBe(413);
  });

  it('accepts the bearer scheme in any case', async () => {
    const operator = await h.token('operator');
    for (const scheme of ['bearer', 'BEARER', 'Bearer'])
      expect((await request(h.app).get('/orders').set('Authorization', `${scheme} ${operator}`)).status, scheme).toBe(
        200,
      );
    const created = await request(h.app)
      .post('/orders')
      .set('Authorization', `bearer ${operator}`)
      .set('Idempotency-Key', 'auth-lower-0001')
      .send(noiseComplaint);
    expect(created.status).toBe(201);
  });

  it('rate-limits requests with invalid tokens by client address (429 with Retry-After), sparing valid tokens', async () => {
    const { app } = harnessApp(h, { rateLimit: { perSecond: 1, burst: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await request(app).get('/orders').set('Authorization', `Bearer forged-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await request(app).get('/orders');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const operator = await h.token('operator');
    expect((await request(app).get('/orders').set('Authorization', `Bearer ${operator}`)).status).toBe(200);
  });
});
