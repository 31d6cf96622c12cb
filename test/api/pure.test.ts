/** Pure pieces of the API: order numbers, request fingerprints, verification codes, tokens, rate limits, error mapping. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { issueToken, tokenVerifier } from '../../api/http/auth';
import { orderIdFor, requestFingerprint, requesterHash } from '../../api/intake';
import { toProblem } from '../../api/http/problem';
import { verificationCode } from '../../api/public';
import { createRateLimiter } from '../../api/http/rate-limit';
import { noiseComplaint, operator } from '../helpers/orders';

afterEach(() => vi.useRealTimers());

describe('order numbers and fingerprints', () => {
  it('derives the same order number from the same caller and key, and another for another caller', () => {
    const a = orderIdFor(operator, 'key-0001', 'secret');
    expect(a).toMatch(/^WO[0-9A-HJKMNP-TV-Z]{14}$/);
    expect(orderIdFor(operator, 'key-0001', 'secret')).toBe(a);
    expect(orderIdFor({ ...operator, id: 'op-other' }, 'key-0001', 'secret')).not.toBe(a);
    expect(orderIdFor(operator, 'key-0002', 'secret')).not.toBe(a);
  });

  it('cannot derive an order number without the server-side key (#25 item 8)', () => {
    // A partner's sequential Idempotency-Key (as in the README) gives a number only the key can reproduce.
    const number = orderIdFor(operator, 'call-20261128-0001', 'secret');
    expect(orderIdFor(operator, 'call-20261128-0001', 'another-secret')).not.toBe(number);
  });

  it('fingerprints a request independently of key order, and tells different bodies apart', () => {
    const reordered = Object.fromEntries(Object.entries(noiseComplaint).reverse()) as typeof noiseComplaint;
    expect(requestFingerprint(reordered)).toBe(requestFingerprint(noiseComplaint));
    expect(requestFingerprint({ ...noiseComplaint, description: '不同' })).not.toBe(requestFingerprint(noiseComplaint));
  });

  it('hashes a phone number by its digits, with the key, never echoing it', () => {
    const h = requesterHash('k', '138-0013-8000');
    expect(h).toBe(requesterHash('k', '13800138000'));
    expect(h).not.toBe(requesterHash('other-key', '13800138000'));
    expect(h).not.toContain('13800138000');
    expect(requesterHash('k', undefined)).toBeNull();
  });

  it('hashes one requester whatever prefix or separators the number was typed with', () => {
    const h = requesterHash('k', '13800138000');
    for (const typed of ['+86 138 0013 8000', '0086-13800138000', '8613800138000'])
      expect(requesterHash('k', typed), typed).toBe(h);
    expect(requesterHash('k', '+86 10 6234 5678')).toBe(requesterHash('k', '010-62345678'));
  });

  it('gives each order a stable six-digit verification code', () => {
    const code = verificationCode('k', 'WO0000000000000A');
    expect(code).toMatch(/^\d{6}$/);
    expect(verificationCode('k', 'WO0000000000000A')).toBe(code);
    expect(verificationCode('k2', 'WO0000000000000A')).not.toBe(code);
  });

  it('derives another code for each re-issue, version 0 being the one given at intake', () => {
    const codes = [0, 1, 2].map((v) => verificationCode('k', 'WO0000000000000A', v));
    expect(codes[0]).toBe(verificationCode('k', 'WO0000000000000A'));
    expect(new Set(codes).size).toBe(3);
    for (const c of codes) expect(c).toMatch(/^\d{6}$/);
  });
});

describe('bearer tokens', () => {
  const secret = 'test-secret-of-enough-length-0123456789';
  const claims = { sub: 'dept-1', role: 'department' as const, unit: 'CGJ' };

  it('accepts a valid token again and again, and refuses a forged or foreign one', async () => {
    const verify = tokenVerifier(secret);
    const token = await issueToken(secret, claims);
    expect(await verify(token)).toEqual({ role: 'department', id: 'dept-1', unit: 'CGJ' });
    expect(await verify(token)).toEqual({ role: 'department', id: 'dept-1', unit: 'CGJ' });
    const [head, , sig] = token.split('.');
    const forged = `${head}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin', iss: '12345-hotline' })).toString('base64url')}.${sig}`;
    await expect(verify(forged)).rejects.toThrow();
    await expect(verify(await issueToken('another-secret-of-enough-length-987654', claims))).rejects.toThrow();
  });

  it('stops accepting a token once it expires, even one it accepted before', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-28T08:00:00Z') });
    const verify = tokenVerifier(secret);
    const token = await issueToken(secret, claims, '1h');
    expect((await verify(token)).id).toBe('dept-1');
    vi.setSystemTime(Date.parse('2026-11-28T09:00:01Z'));
    await expect(verify(token)).rejects.toThrow(/exp/);
  });
});

describe('rate limiter', () => {
  it('allows a burst, then asks the caller to wait, and refills over time', () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = createRateLimiter({ perSecond: 2, burst: 3 });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBeGreaterThan(0);
    expect(limiter.take('b')).toBe(0);
    vi.advanceTimersByTime(1000);
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 0]);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });
});

describe('error mapping', () => {
  it('maps an unreachable database or Temporal to 503 with Retry-After, anything unknown to a bare 500', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(toProblem(refused)).toMatchObject({ status: 503, code: 'unavailable' });
    const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
    expect(toProblem(new Error('wrapped', { cause: grpc }))).toMatchObject({ status: 503 });
    const internal = toProblem(new TypeError('x is undefined'));
    expect(internal).toMatchObject({ status: 500, code: 'internal_error', message: 'Internal error' });
  });
});
