/**
 * Authentication: bearer tokens are JWTs carrying the caller's role and unit. HS256 tokens signed with
 * AUTH_SECRET (`npm run token`, the dev tokens `npm start` prints) are always accepted; with AUTH_JWKS_URL
 * set, so are RS256/ES256 tokens of the centre's OIDC identity provider, verified against its published
 * keys (jose), its issuer and our audience, the role and unit read from the claims configured. Every token
 * must expire, at most MAX_TOKEN_LIFETIME_S after it was issued.
 */
import type { RequestHandler } from 'express';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { createSecretKey } from 'node:crypto';
import { ROLES, type Actor, type Role } from '../../domain/order';
import { HttpProblem } from './problem';
import type { RateLimiter } from './rate-limit';

const ISSUER = '12345-hotline';

/** A stolen token is worth a working day at most: no token may live longer than this. */
export const MAX_TOKEN_LIFETIME_S = 24 * 3600;

export interface TokenClaims {
  sub: string;
  role: Role;
  unit: string | null;
}

/** The centre's identity provider (OIDC): where its keys are, whose tokens to take, which claims say what. */
export interface OidcOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** Claim holding the role: a dotted path (`realm_access.roles`); an array names its first known role. */
  roleClaim: string;
  /** Claim holding the unit code, a dotted path likewise. */
  unitClaim: string;
}

export async function issueToken(secret: string, claims: TokenClaims, expiresIn = '12h'): Promise<string> {
  const token = await new SignJWT({ role: claims.role, unit: claims.unit })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(createSecretKey(Buffer.from(secret, 'utf8')));
  const { exp, iat } = decodeJwt(token);
  if (exp! - iat! > MAX_TOKEN_LIFETIME_S) throw new Error(`a token may live ${MAX_TOKEN_LIFETIME_S / 3600} h at most`);
  return token;
}

/** Tokens verified recently, kept until they expire: a caller sends the same token with every request. */
const VERIFIED_TOKENS = 10_000;

/** `exp` and `iat` required, `iat` not in the future nor older than the cap (jose checks both). */
const LIFETIME = { requiredClaims: ['exp', 'iat'], maxTokenAge: MAX_TOKEN_LIFETIME_S };

function claimAt(payload: JWTPayload, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      payload,
    );
}

/** Where a token's role and unit are, and whether they may be lists (an identity provider's role claims are). */
interface ClaimPaths {
  role: string;
  unit: string;
  lists: boolean;
}

/** A claim's text values: a string, or (where lists are allowed) an array of strings; anything else refused. */
function textClaim(value: unknown, lists: boolean, name: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (lists && Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new Error(`token claim ${name} has the wrong type`);
}

function actorOf(payload: JWTPayload, claims: ClaimPaths): Actor {
  const roles = textClaim(claimAt(payload, claims.role), claims.lists, 'role');
  const role = roles.find((r): r is Role => ROLES.includes(r as Role));
  if (typeof payload.sub !== 'string' || !payload.sub || !role) throw new Error('token lacks subject or role');
  const unit = textClaim(claimAt(payload, claims.unit), claims.lists, 'unit')[0] || null;
  if (role === 'department' && !unit) throw new Error('a department token must name its unit');
  if (payload.exp! - payload.iat! > MAX_TOKEN_LIFETIME_S) throw new Error('token lifetime above the cap');
  return { role, id: payload.sub, unit };
}

/**
 * Verifies bearer tokens. The keys are imported once (the identity provider's fetched on first use and
 * whenever an unknown key id appears), and a token already verified is accepted again from memory until
 * its expiry (no token can be revoked before then in any case), which saves a signature check per request.
 */
export function tokenVerifier(secret: string, oidc?: OidcOptions): (token: string) => Promise<Actor> {
  const secretKey = createSecretKey(Buffer.from(secret, 'utf8'));
  const jwks = oidc && createRemoteJWKSet(new URL(oidc.jwksUrl));
  const verifyOnce = async (token: string): Promise<Actor> => {
    // Each kind of token has its own keys and algorithms, so the header's choice cannot confuse them.
    if (!jwks || decodeProtectedHeader(token).alg === 'HS256') {
      const { payload } = await jwtVerify(token, secretKey, { issuer: ISSUER, algorithms: ['HS256'], ...LIFETIME });
      // Our own tokens carry exactly one role and one unit, as strings (`npm run token`).
      return actorOf(payload, { role: 'role', unit: 'unit', lists: false });
    }
    const { payload } = await jwtVerify(token, jwks, {
      issuer: oidc.issuer,
      audience: oidc.audience,
      algorithms: ['RS256', 'ES256'],
      ...LIFETIME,
    });
    return actorOf(payload, { role: oidc.roleClaim, unit: oidc.unitClaim, lists: true });
  };
  const verified = new Map<string, { actor: Actor; expiresAt: number }>();
  return async (token) => {
    const hit = verified.get(token);
    if (hit && hit.expiresAt > Date.now()) return hit.actor;
    verified.delete(token);
    const actor = await verifyOnce(token);
    // Oldest first out: a Map iterates in insertion order.
    if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
    verified.set(token, { actor, expiresAt: decodeJwt(token).exp! * 1000 });
    return actor;
  };
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

const unauthorized = (message: string) => new HttpProblem(401, 'unauthenticated', message);

/** RFC 6750: the scheme name is case-insensitive. */
const BEARER = /^bearer +(\S+) *$/i;

/**
 * Sets `req.actor` from the bearer token, or answers 401. Runs before the body is read (api/http/route.ts). A
 * request without a valid token costs its client address a request of the limiter, like an anonymous one,
 * so guessing tokens is rate-limited too (429).
 */
export function authenticate(verifyToken: (token: string) => Promise<Actor>, limiter: RateLimiter): RequestHandler {
  return (req, res, next) => {
    const refuse = (problem: HttpProblem, challenge: string) => {
      const wait = limiter.take(`ip:${req.ip}`);
      if (wait > 0)
        return next(new HttpProblem(429, 'rate_limited', '操作过于频繁，请稍后再试。', { retryAfter: wait }));
      res.setHeader('WWW-Authenticate', challenge);
      next(problem);
    };
    const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return refuse(unauthorized('A bearer token is required'), 'Bearer');
    verifyToken(token).then(
      (actor) => {
        req.actor = actor;
        next();
      },
      () => refuse(unauthorized('The bearer token is invalid or expired'), 'Bearer error="invalid_token"'),
    );
  };
}

/** Demo identities for `npm start`: one per role, departments bound to a demo unit. */
export const DEMO_IDENTITIES: TokenClaims[] = [
  { sub: 'op-001', role: 'operator', unit: 'CENTRE' },
  { sub: 'coord-001', role: 'coordinator', unit: 'CENTRE' },
  { sub: 'visit-001', role: 'visitor', unit: 'CENTRE' },
  { sub: 'admin-001', role: 'admin', unit: 'CENTRE' },
  { sub: 'audit-001', role: 'auditor', unit: null },
  { sub: 'review-001', role: 'reviewer', unit: null },
  { sub: 'dir-001', role: 'manager', unit: 'CENTRE' },
  { sub: 'inspect-001', role: 'inspector', unit: 'CENTRE' },
];
