/**
 * Authentication: bearer tokens are JWTs signed with HS256 (jose) carrying the caller's role and unit.
 * The signing secret is AUTH_SECRET; `npm start` prints a dev token for each demo role.
 */
import type { RequestHandler } from 'express';
import { jwtVerify, SignJWT } from 'jose';
import { createSecretKey } from 'node:crypto';
import { ROLES, type Actor, type Role } from '../domain/order';
import { HttpProblem } from './problem';

const ISSUER = '12345-hotline';

export interface TokenClaims {
  sub: string;
  role: Role;
  unit: string | null;
}

const key = (secret: string) => new TextEncoder().encode(secret);

export async function issueToken(secret: string, claims: TokenClaims, expiresIn = '12h'): Promise<string> {
  return new SignJWT({ role: claims.role, unit: claims.unit })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(secret));
}

/** Tokens verified recently, kept until they expire: a caller sends the same token with every request. */
const VERIFIED_TOKENS = 10_000;

/**
 * Verifies bearer tokens. The key is imported once, and a token already verified is accepted again
 * from memory until its expiry (no token can be revoked before then in any case), which saves a
 * signature check per request.
 */
export function tokenVerifier(secret: string): (token: string) => Promise<Actor> {
  const secretKey = createSecretKey(Buffer.from(secret, 'utf8'));
  const verified = new Map<string, { actor: Actor; expiresAt: number }>();
  return async (token) => {
    const hit = verified.get(token);
    if (hit && hit.expiresAt > Date.now()) return hit.actor;
    verified.delete(token);
    const { payload } = await jwtVerify(token, secretKey, { issuer: ISSUER, algorithms: ['HS256'] });
    const role = payload.role as Role;
    if (!payload.sub || !ROLES.includes(role)) throw new Error('token lacks subject or role');
    const unit = typeof payload.unit === 'string' ? payload.unit : null;
    if (role === 'department' && !unit) throw new Error('a department token must name its unit');
    const actor: Actor = { role, id: payload.sub, unit };
    if (payload.exp !== undefined) {
      // Oldest first out: a Map iterates in insertion order.
      if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
      verified.set(token, { actor, expiresAt: payload.exp * 1000 });
    }
    return actor;
  };
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

const unauthorized = (message: string) => new HttpProblem(401, 'unauthenticated', message);

export function authenticate(secret: string): RequestHandler {
  const verifyToken = tokenVerifier(secret);
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      next(unauthorized('A bearer token is required'));
      return;
    }
    verifyToken(header.slice('Bearer '.length).trim()).then(
      (actor) => {
        req.actor = actor;
        next();
      },
      () => {
        res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
        next(unauthorized('The bearer token is invalid or expired'));
      },
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
];
