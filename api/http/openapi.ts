/**
 * The OpenAPI 3.1 document, generated from the same route declarations and zod schemas the API validates
 * requests with and answers by. Every status the server can send is documented: each route's own, and
 * those the whole API sends (401 and 403 before a protected route, 400/413/415 for a body, 429 from the
 * rate limit, 503 when a dependency does not answer).
 */
import { z, type ZodType } from 'zod';
import { ROLES } from '../../domain/order';
import { idempotencyKeySchema, openApiPath, type ResponseDoc, type Route } from './route';

export { openApiPath } from './route';

function schemaOf(schema: ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before retrying', required: true, schema: { type: 'integer' } },
};

/** The statuses every route of this shape may send besides its own. */
function commonResponses(def: Route): Record<number, object> {
  const out: Record<number, object> = {};
  if (def.params || def.query || def.body || def.idempotencyKey)
    out[400] = problem('Invalid path, query, header or body');
  if (def.body) {
    out[413] = problem('Body too large');
    out[415] = problem(`The body is not ${def.bodyType ?? 'application/json'}`);
  }
  if (def.roles !== 'public') {
    out[401] = problem('Missing, invalid or expired bearer token');
    if (def.roles.length < ROLES.length)
      out[403] = problem(`The role may not do this (roles: ${def.roles.join(', ')})`);
  }
  out[429] = { ...problem('Too many requests'), headers: retryAfter };
  out[503] = { ...problem('A backing service is unavailable or did not answer in time'), headers: retryAfter };
  return out;
}

function ownResponse(def: Route, status: number, doc: string | ResponseDoc): object {
  if (typeof doc === 'string') {
    if (status < 400) throw new Error(`${def.method} ${def.path}: the ${status} answer needs a body schema`);
    // A route's own words for 429 or 503 keep the header every such answer carries.
    return status === 429 || status === 503 ? { ...problem(doc), headers: retryAfter } : problem(doc);
  }
  const media = status < 300 && def.produces ? def.produces : 'application/json';
  return { description: doc.description, content: { [media]: { schema: schemaOf(doc.body, 'output') } } };
}

function parametersOf(def: Route): unknown[] {
  const parameters: unknown[] = [];
  const params = def.params ? (schemaOf(def.params, 'input') as { properties?: Record<string, unknown> }) : undefined;
  for (const [name, schema] of Object.entries(params?.properties ?? {})) {
    parameters.push({ name, in: 'path', required: true, schema });
  }
  const query = def.query
    ? (schemaOf(def.query, 'input') as { properties?: Record<string, unknown>; required?: string[] })
    : undefined;
  for (const [name, schema] of Object.entries(query?.properties ?? {})) {
    parameters.push({ name, in: 'query', required: query?.required?.includes(name) ?? false, schema });
  }
  if (def.idempotencyKey) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: def.idempotencyKey === 'required',
      description: 'A retry with the same key is applied once.',
      schema: schemaOf(idempotencyKeySchema, 'input'),
    });
  }
  return parameters;
}

export function buildOpenApi(routes: readonly Route[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of routes) {
    const media = def.bodyType ?? 'application/json';
    (paths[openApiPath(def.path)] ??= {})[def.method] = {
      summary: def.summary,
      tags: [def.tag],
      ...(def.roles === 'public' ? { security: [] } : { description: `Roles: ${def.roles.join(', ')}` }),
      parameters: parametersOf(def),
      ...(def.body
        ? { requestBody: { required: true, content: { [media]: { schema: schemaOf(def.body, 'input') } } } }
        : {}),
      responses: {
        ...commonResponses(def),
        ...Object.fromEntries(
          Object.entries(def.responses).map(([status, doc]) => [status, ownResponse(def, Number(status), doc)]),
        ),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '12345 hotline work-order API',
      version,
      description:
        'Intake, dispatch, department actions, coordination and return visits of 12345 work orders. ' +
        'Every instant is RFC 3339 in UTC (2026-12-01T10:00:00.000Z); durations are whole milliseconds.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details',
          required: ['type', 'title', 'status', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            code: { type: 'string' },
            detail: { type: 'string' },
            rule: { type: 'string', description: 'Which rule refused an order action (a code of domain/refusals.ts)' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['field', 'message'],
                properties: {
                  field: { type: 'string' },
                  code: { type: 'string', description: 'The rule at fault, for a refused order action' },
                  message: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
    paths,
  };
}
