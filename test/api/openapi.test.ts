/**
 * The OpenAPI document as a contract, without a server: every answer documented with its schema, every
 * status the API sends on a route listed, the media types and the Idempotency-Key rule as the server has
 * them — and a known path asked with another method answers 405 naming the ones it takes.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { buildOpenApi } from '../../api/http/openapi';
import { createLogger } from '../../adapters/logger';

// Nothing here reaches Temporal or the database: the document and the router's 405 need neither.
const { app, routes } = createApp({
  temporal: {} as never,
  database: {} as never,
  reference: {} as never,
  authSecret: 'openapi-test-secret-openapi-test-secret',
  requesterHashKey: 'k',
  logger: createLogger('silent', 'test'),
});

type Operation = {
  security?: unknown[];
  parameters: { name: string; in: string; schema: { pattern?: string } }[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: unknown }>; headers?: object }>;
};
const doc = buildOpenApi(routes, 'test') as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({ label: `${method} ${path}`, op })),
);

describe('the OpenAPI document', () => {
  it('gives every answer that is not a problem a body schema, and every error the problem schema', () => {
    expect(operations.length).toBe(routes.length);
    for (const { label, op } of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        const [media, content] = Object.entries(response.content ?? {})[0] ?? [];
        expect(content?.schema, `${label} ${status}`).toBeDefined();
        if (Number(status) >= 400 && !(label === 'get /readyz' && status === '503'))
          expect(media, `${label} ${status}`).toBe('application/problem+json');
      }
    }
  });

  it('lists 401, 403, 429 and 503 on authenticated routes, 415 and 413 where a body is read', () => {
    for (const { label, op } of operations) {
      const statuses = Object.keys(op.responses);
      expect(statuses, label).toEqual(expect.arrayContaining(['429', '503']));
      if (op.security?.length !== 0) expect(statuses, label).toEqual(expect.arrayContaining(['401']));
      if (op.requestBody) expect(statuses, label).toEqual(expect.arrayContaining(['400', '413', '415']));
    }
    expect(Object.keys(doc.paths['/orders']!.post!.responses)).toEqual(expect.arrayContaining(['403']));
    expect(doc.paths['/orders']!.post!.responses['429']!.headers).toHaveProperty('Retry-After');
  });

  it('documents the CSV exports as text/csv and the Idempotency-Key with the pattern the server enforces', () => {
    for (const path of ['/admin/catalogue.csv', '/kpis.csv', '/audit.csv']) {
      expect(Object.keys(doc.paths[path]!.get!.responses['200']!.content!)).toEqual(['text/csv']);
    }
    const key = doc.paths['/orders']!.post!.parameters.find((p) => p.name === 'Idempotency-Key')!;
    expect(key.schema.pattern).toBe('^[\\x21-\\x7e]{8,128}$');
    expect(new RegExp(key.schema.pattern!).test('call-20261128-0001')).toBe(true);
    expect(new RegExp(key.schema.pattern!).test('short')).toBe(false);
  });
});

describe('methods a known path does not take', () => {
  it('answer 405 with Allow naming the ones it does; unknown paths stay 404', async () => {
    const del = await request(app).delete('/orders/WO0000000000000A');
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('GET, HEAD');
    expect(del.body).toMatchObject({ status: 405, code: 'method_not_allowed' });
    const put = await request(app).put('/orders');
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('POST, GET, HEAD');
    expect((await request(app).delete('/no/such/path')).status).toBe(404);
  });
});
