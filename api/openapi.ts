/** The OpenAPI 3.1 document, generated from the same route declarations and zod schemas the API validates with. */
import { z, type ZodType } from 'zod';
import type { Route } from './route';

const schemaOf = (schema: ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

/** Express `:param` → OpenAPI `{param}`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

export function buildOpenApi(routes: readonly Route[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of routes) {
    const parameters: unknown[] = [];
    const params = def.params ? (schemaOf(def.params) as { properties?: Record<string, unknown> }) : undefined;
    for (const [name, schema] of Object.entries(params?.properties ?? {})) {
      parameters.push({ name, in: 'path', required: true, schema });
    }
    const query = def.query
      ? (schemaOf(def.query) as { properties?: Record<string, unknown>; required?: string[] })
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
        schema: { type: 'string', minLength: 8, maxLength: 128 },
      });
    }
    const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
    (paths[openApiPath(def.path)] ??= {})[def.method] = {
      summary: def.summary,
      tags: [def.tag],
      ...(def.roles === 'public' ? { security: [] } : { description: `Roles: ${def.roles.join(', ')}` }),
      parameters,
      ...(def.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(def.body) } } } }
        : {}),
      responses: Object.fromEntries(
        Object.entries(def.responses).map(([status, description]) => [
          status,
          Number(status) >= 400
            ? { description, content: problem }
            : { description, content: { 'application/json': {} } },
        ]),
      ),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '12345 hotline work-order API',
      version,
      description: 'Intake, dispatch, department actions, coordination and return visits of 12345 work orders.',
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
            errors: {
              type: 'array',
              items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
            },
          },
        },
      },
    },
    paths,
  };
}
