/**
 * Development sign-in for the console on embedded defaults: the demo users, and a one-click sign-in
 * that issues the same JWT as `npm run token`. Not mounted when NODE_ENV=production (404 there).
 */
import { z } from 'zod';
import type { ReferenceCache } from '../runtime/reference-cache';
import { DEMO_IDENTITIES, issueToken, type TokenClaims } from './auth';
import { text } from './fields';
import { notFound } from './problem';
import { route, type Route } from './route';
import { demoSignIn, demoUsers } from './schemas';

/** Demo departments: the lead and assisting units of the demo city's common orders. */
const DEMO_DEPARTMENTS = ['CGJ', 'ZJJ', 'STHJ', 'WATER', 'SCJG'];

export const DEMO_USERS: TokenClaims[] = [
  ...DEMO_IDENTITIES,
  ...DEMO_DEPARTMENTS.map((unit): TokenClaims => ({ sub: `dept-${unit.toLowerCase()}`, role: 'department', unit })),
];

export const tokenTtl = () => process.env.TOKEN_TTL ?? '12h';

export function devSignInRoutes(deps: { authSecret: string; reference: ReferenceCache }): Route[] {
  return [
    route({
      method: 'get',
      path: '/dev/users',
      tag: 'console',
      summary: 'Development only: the demo users the sign-in page lists',
      roles: 'public',
      responses: { 200: { description: 'Demo users with role and unit', body: demoUsers } },
      handle: async () => ({
        status: 200,
        body: {
          users: DEMO_USERS.map((u) => ({
            ...u,
            unitName: u.unit ? (deps.reference.get().units.get(u.unit)?.name ?? null) : null,
          })),
        },
      }),
    }),
    route({
      method: 'post',
      path: '/dev/sign-in',
      tag: 'console',
      summary: 'Development only: sign in as a demo user (the token `npm run token` issues)',
      roles: 'public',
      body: z.strictObject({ sub: text(64) }),
      responses: { 200: { description: 'A bearer token', body: demoSignIn }, 404: 'No such demo user' },
      async handle({ body }) {
        const user = DEMO_USERS.find((u) => u.sub === body.sub);
        if (!user) throw notFound('demo user');
        return { status: 200, body: { token: await issueToken(deps.authSecret, user, tokenTtl()), user } };
      },
    }),
  ];
}
