/**
 * Text the database cannot store (a NUL, an unpaired UTF-16 surrogate) in any free-text field of any
 * route: 400 naming the field, before anything reaches a workflow or the database. The fields are found
 * in the routes' own schemas (every string that is not a code, an enum or a format), so a field added
 * later is covered without listing it here.
 */
import { sql } from 'drizzle-orm';
import express from 'express';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z, type ZodType } from 'zod';
import { problemHandler } from '../../api/http/problem';
import type { Route } from '../../api/http/route';
import type { Role } from '../../domain/order';
import { startApiHarness, type ApiHarness } from '../helpers/api';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => h?.close());

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
}

/** Dotted paths (arrays as `.0`) of the free-text strings a schema takes. */
function freeTextPaths(schema: JsonSchema, path: string[] = []): string[][] {
  if (schema.anyOf) return schema.anyOf.flatMap((s) => freeTextPaths(s, path));
  if (schema.properties) return Object.entries(schema.properties).flatMap(([k, s]) => freeTextPaths(s, [...path, k]));
  if (schema.items) return freeTextPaths(schema.items, [...path, '0']);
  // A pattern that excludes NUL is the text schema's own (api/http/fields.ts); any other is a code's.
  const textPattern = !schema.pattern || schema.pattern.includes('\\u0000');
  const free = schema.type === 'string' && textPattern && !schema.format && !schema.enum && schema.const === undefined;
  return free ? [path] : [];
}

const jsonSchema = (schema: ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** A body holding `value` at `path` and nothing else (the other fields' own errors do not matter here). */
function bodyWith(path: string[], value: string): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const inner = bodyWith(rest, value);
  return head === '0' ? [inner] : { [head]: inner };
}

const PARAM_SAMPLES = ['WO00000000000000', 'AB_1', 'noise_construction', 'KB0001', '2026', '7', 'units'];

/** A path the route's params schema accepts, so the request reaches the body's validation. */
function pathOf(def: Route): string {
  const params: Record<string, string> = {};
  for (const name of def.path.match(/:(\w+)/g)?.map((p) => p.slice(1)) ?? []) {
    // Each parameter by its own schema: a route with two (an order and its photo) parses neither alone.
    const schema = (def.params as { shape?: Record<string, { safeParse(v: unknown): { success: boolean } }> })?.shape?.[
      name
    ];
    params[name] = PARAM_SAMPLES.find((v) => schema?.safeParse(v).success) ?? 'x';
  }
  return def.path.replace(/:(\w+)/g, (_, name: string) => params[name]!);
}

const roleOf = (def: Route): Role => (def.roles === 'public' ? 'operator' : def.roles[0]!);

describe('free text the database cannot store', () => {
  it('is refused with 400 naming the field, in every free-text field of every JSON body', async () => {
    const refused: string[] = [];
    for (const def of h.routes.filter((r) => r.body && !r.bodyType)) {
      const token = await h.token(roleOf(def));
      for (const path of freeTextPaths(jsonSchema(def.body!))) {
        const field = ['body', ...path].join('.');
        for (const [label, raw] of [
          ['NUL', JSON.stringify(bodyWith(path, '有效文本\u0000'))],
          // Escaped in the JSON text, as a client sends it: JSON.parse makes it a lone surrogate.
          ['surrogate', JSON.stringify(bodyWith(path, '有效文本@@')).replace('@@', '\\ud800')],
        ]) {
          const agent = request(h.app);
          const res = await agent[def.method](pathOf(def))
            .set('Authorization', `Bearer ${token}`)
            .set('Content-Type', 'application/json')
            .set('Idempotency-Key', `poison-${refused.length}-${label}`)
            .send(raw);
          const where = `${def.method} ${def.path} ${field} (${label})`;
          expect(res.status, where).toBe(400);
          expect(res.body.errors, where).toContainEqual({ field, message: expect.stringMatching(/NUL/) });
        }
        refused.push(`${def.method} ${def.path} ${field}`);
      }
    }
    // The fields the issue names, so the search above cannot silently find nothing.
    expect(refused).toEqual(
      expect.arrayContaining([
        'post /orders body.description',
        'post /orders body.citizen.name',
        'post /orders body.citizen.address',
        'post /orders/:orderId/notes body.note',
        'post /orders/:orderId/complete body.reply',
        'post /orders/:orderId/force-close body.justification',
        'post /orders/:orderId/visit body.comment',
        'put /admin/units/:code body.name',
        'put /admin/units/:code body.contact.liaison',
        'put /admin/catalogue/:code body.name',
        'put /admin/calendar/:year body.source',
        'put /admin/kb/:code body.title',
        'put /admin/kb/:code body.body',
        'put /admin/kb/:code body.keywords.0',
        'post /kb/gaps body.question',
        'post /reviews/:id body.reason',
      ]),
    );
  });

  it('is refused in a query too, and in a catalogue CSV cell by row and column', async () => {
    const operator = await h.token('operator');
    const search = await request(h.app)
      .get('/kb/search?q=%E7%A4%BE%E4%BF%9D%00')
      .set('Authorization', `Bearer ${operator}`);
    expect(search.status).toBe(400);
    expect(search.body.errors).toContainEqual({ field: 'query.q', message: expect.stringMatching(/NUL/) });

    const admin = await h.token('admin');
    const exported = await request(h.app).get('/admin/catalogue.csv').set('Authorization', `Bearer ${admin}`);
    const poisoned = exported.text.replace(/^noise_construction,([^,]*),/m, 'noise_construction,$1\u0000,');
    const imported = await request(h.app)
      .post('/admin/catalogue.csv')
      .query({ reason: '目录更新' })
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'text/csv')
      .send(poisoned);
    expect(imported.status).toBe(422);
    expect(imported.body.errors).toEqual([
      { field: expect.stringMatching(/^body\.row\[\d+\]\.name$/), message: expect.stringMatching(/NUL/) },
    ]);
  });

  it('is refused in every query parameter of every route, naming it (#25 item 3)', async () => {
    const refused: string[] = [];
    for (const def of h.routes.filter((r) => r.query)) {
      const token = await h.token(roleOf(def));
      for (const name of Object.keys(jsonSchema(def.query!).properties ?? {})) {
        const agent = request(h.app);
        const res = await agent[def.method](`${pathOf(def)}?${name}=a%00b`).set('Authorization', `Bearer ${token}`);
        const where = `${def.method} ${def.path} query.${name}`;
        expect(res.status, where).toBe(400);
        expect(res.body.errors, where).toContainEqual({
          field: `query.${name}`,
          message: expect.stringMatching(/NUL/),
        });
        refused.push(where);
      }
    }
    expect(refused).toEqual(
      expect.arrayContaining(['get /privacy/contact-views query.actor', 'get /privacy/anonymisations query.actor']),
    );
  });

  it('leaves the bound values of a failed query out of the error log (#25 item 3)', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'error' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const app = express();
    app.get('/fails', (_req, _res, next) => {
      h.testDb.database.db.execute(sql`select ${'张三 13800138000'}::int`).then(() => next(), next);
    });
    app.use(problemHandler((err) => logger.error({ err }, 'unhandled error')));
    const res = await request(app).get('/fails');
    expect(res.status).toBe(500);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('22P02');
    expect(lines[0]).not.toMatch(/13800138000|张三|select/);
  });
});
