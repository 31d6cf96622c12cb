/**
 * Development sign-in for the console on embedded defaults: the demo users, and a one-click sign-in
 * that issues the same JWT as `npm run token`. Mounted only where runtime/config.ts demoSignInFromEnv says
 * (never under NODE_ENV=production: 404 there), and even then it answers only a browser on this machine:
 * a loopback client address, a loopback Host and, when sent, a loopback Origin. A page of another site
 * that makes its name resolve to 127.0.0.1 (DNS rebinding) still sends its own Host, so it is refused.
 */
import type { Request } from 'express';
import { isIP } from 'node:net';
import { z } from 'zod';
import type { ReferenceCache } from '../db/reference-cache';
import { DEMO_IDENTITIES, issueToken, type TokenClaims } from './http/auth';
import { text } from './http/fields';
import { HttpProblem, notFound } from './http/problem';
import { route, type Route } from './http/route';
import { demoSignIn, demoUsers } from './schemas';

/** Demo departments: the lead and assisting units of the demo city's common orders. */
const DEMO_DEPARTMENTS = ['CGJ', 'ZJJ', 'STHJ', 'WATER', 'SCJG'];

export const DEMO_USERS: TokenClaims[] = [
  ...DEMO_IDENTITIES,
  ...DEMO_DEPARTMENTS.map((unit): TokenClaims => ({ sub: `dept-${unit.toLowerCase()}`, role: 'department', unit })),
];

export const tokenTtl = () => process.env.TOKEN_TTL ?? '12h';

/** 127.0.0.0/8 and ::1, also as an IPv4-mapped IPv6 address (a dual-stack listener reports those). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.replace(/^::ffff:/i, '');
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}

/** A Host or Origin naming this machine: localhost or a loopback address, with any port. */
function isLoopbackName(value: string): boolean {
  const host = /^(?:https?:\/\/)?(\[[^\]]+\]|[^:/]+)(?::\d+)?\/?$/i.exec(value)?.[1]?.toLowerCase();
  if (!host) return false;
  return host === 'localhost' || isLoopbackAddress(host.replace(/^\[|\]$/g, ''));
}

/** Refuses a request that is not from a browser on this machine, naming what gave it away. */
function requireLoopback(req: Request): void {
  const refuse = (field: string, message: string) =>
    new HttpProblem(403, 'demo_sign_in_loopback_only', 'Demo sign-in answers only on this machine', {
      errors: [{ field, message }],
    });
  if (!isLoopbackAddress(req.socket.remoteAddress)) throw refuse('client', 'not a loopback address');
  if (!isLoopbackName(req.headers.host ?? '')) throw refuse('header.Host', 'must be localhost or a loopback address');
  const origin = req.headers.origin;
  if (origin !== undefined && !isLoopbackName(origin)) {
    throw refuse('header.Origin', 'must be localhost or a loopback address');
  }
}

export function devSignInRoutes(deps: { authSecret: string; reference: ReferenceCache }): Route[] {
  return [
    route({
      method: 'get',
      path: '/dev/users',
      tag: 'console',
      summary: 'Development only: the demo users the sign-in page lists',
      roles: 'public',
      responses: {
        200: { description: 'Demo users with role and unit', body: demoUsers },
        403: 'Not from a browser on this machine (client address, Host or Origin)',
      },
      handle: async ({ req }) => {
        requireLoopback(req);
        return {
          status: 200,
          body: {
            users: DEMO_USERS.map((u) => ({
              ...u,
              unitName: u.unit ? (deps.reference.get().units.get(u.unit)?.name ?? null) : null,
            })),
          },
        };
      },
    }),
    route({
      method: 'post',
      path: '/dev/sign-in',
      tag: 'console',
      summary: 'Development only: sign in as a demo user (the token `npm run token` issues)',
      roles: 'public',
      body: z.strictObject({ sub: text(64) }),
      responses: {
        200: { description: 'A bearer token', body: demoSignIn },
        403: 'Not from a browser on this machine (client address, Host or Origin)',
        404: 'No such demo user',
      },
      async handle({ body, req }) {
        requireLoopback(req);
        const user = DEMO_USERS.find((u) => u.sub === body.sub);
        if (!user) throw notFound('demo user');
        return { status: 200, body: { token: await issueToken(deps.authSecret, user, tokenTtl()), user } };
      },
    }),
  ];
}
