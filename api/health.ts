/** Liveness, readiness and the API's own description. */
import type { Client } from '@temporalio/client';
import type { Database } from '../db/client';
import { route, type Route, type RouteResult } from './http/route';
import { liveness, openApiDocument, readiness } from './schemas';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

export function healthRoutes(deps: { temporal: Client; database: Database; openApi: () => unknown }): Route[] {
  return [
    route({
      method: 'get',
      path: '/healthz',
      tag: 'operations',
      summary: 'Liveness: the process is up',
      roles: 'public',
      responses: { 200: { description: 'Up', body: liveness } },
      handle: async () => ({ status: 200, body: { status: 'ok' } }),
    }),
    route({
      method: 'get',
      path: '/readyz',
      tag: 'operations',
      summary: 'Readiness: Temporal and the database are reachable',
      roles: 'public',
      responses: {
        200: { description: 'Ready', body: readiness },
        503: { description: 'A dependency is unreachable', body: readiness },
      },
      async handle(): Promise<RouteResult> {
        const [temporal, database] = await Promise.allSettled([
          withTimeout(deps.temporal.connection.workflowService.getSystemInfo({}), 2000),
          withTimeout(deps.database.ping(), 2000),
        ]);
        const checks = { temporal: temporal.status === 'fulfilled', database: database.status === 'fulfilled' };
        const ready = checks.temporal && checks.database;
        return {
          status: ready ? 200 : 503,
          body: { status: ready ? 'ready' : 'unavailable', checks },
          headers: ready ? undefined : { 'Retry-After': '5' },
        };
      },
    }),
    route({
      method: 'get',
      path: '/openapi.json',
      tag: 'operations',
      summary: 'The OpenAPI 3.1 document of this API',
      roles: 'public',
      responses: { 200: { description: 'OpenAPI document', body: openApiDocument } },
      handle: async () => ({ status: 200, body: deps.openApi() }),
    }),
  ];
}
