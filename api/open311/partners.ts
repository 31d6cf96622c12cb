/**
 * Open311 partners, managed by the admin: a partner system (a city app, a mini-program) gets its own
 * api_key, shown once when made (only its SHA-256 is kept), and loses it when revoked. On the embedded
 * default `npm start` keeps a demo partner whose key it prints (demoPartnerKey).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { partners, revokePartner, savePartner } from '../../db/open311';
import { text } from '../http/fields';
import { notFound } from '../http/problem';
import { route, type Route } from '../http/route';

const partnerId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must be 2–40 lowercase letters, digits or hyphens')
  .meta({ description: 'The partner’s id, e.g. city-app' });

/** The demo partner's key: derived from the auth secret, so the same on every start of one installation. */
export const demoPartnerKey = (authSecret: string) =>
  `o311_demo_${createHmac('sha256', authSecret).update('open311-demo-partner').digest('base64url').slice(0, 32)}`;

export const DEMO_PARTNER = { id: 'demo', name: '演示合作系统' } as const;

export function open311PartnerRoutes(deps: { db: Db }): Route[] {
  return [
    route({
      method: 'get',
      path: '/admin/open311-partners',
      tag: 'admin',
      summary: 'The Open311 partners (without their keys)',
      roles: ['admin'],
      responses: {
        200: {
          description: 'Every partner, revoked ones with when',
          body: z.object({
            partners: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                createdBy: z.string(),
                createdAt: z.string(),
                revokedAt: z.string().nullable(),
              }),
            ),
          }),
        },
      },
      async handle() {
        const rows = await partners(deps.db);
        return {
          status: 200,
          body: {
            partners: rows.map((p) => ({
              ...p,
              createdAt: p.createdAt.toISOString(),
              revokedAt: p.revokedAt?.toISOString() ?? null,
            })),
          },
        };
      },
    }),
    route({
      method: 'put',
      path: '/admin/open311-partners/:id',
      tag: 'admin',
      summary: 'Add an Open311 partner, or give one a new api_key (the old one stops working); the key is shown once',
      roles: ['admin'],
      params: z.strictObject({ id: partnerId }),
      body: z.strictObject({ name: text(100) }),
      responses: {
        200: {
          description: 'The partner’s api_key (not shown again)',
          body: z.object({ id: z.string(), name: z.string(), apiKey: z.string() }),
        },
        400: 'Invalid body or id',
      },
      async handle({ actor, params, body }) {
        const apiKey = `o311_${randomBytes(24).toString('base64url')}`;
        await savePartner(deps.db, { id: params.id, name: body.name, apiKey, by: actor.id });
        return { status: 200, body: { id: params.id, name: body.name, apiKey } };
      },
    }),
    route({
      method: 'delete',
      path: '/admin/open311-partners/:id',
      tag: 'admin',
      summary: 'Revoke an Open311 partner’s api_key',
      roles: ['admin'],
      params: z.strictObject({ id: partnerId }),
      responses: {
        200: { description: 'Revoked', body: z.object({ id: z.string(), revoked: z.literal(true) }) },
        404: 'No such partner',
      },
      async handle({ params }) {
        if (!(await revokePartner(deps.db, params.id))) throw notFound('partner');
        return { status: 200, body: { id: params.id, revoked: true as const } };
      },
    }),
  ];
}
