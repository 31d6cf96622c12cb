/** The Express application, built apart from its listener so tests drive it in-process. */
import type { Client } from '@temporalio/client';
import express from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client';
import type { Logger } from '../runtime/logger';
import type { ReferenceCache } from '../runtime/reference-cache';
import { actionRoutes } from './actions';
import { authenticate } from './auth';
import { healthRoutes } from './health';
import { buildOpenApi } from './openapi';
import { orderRoutes } from './orders';
import { problemHandler, HttpProblem } from './problem';
import { mountRoutes, type RouteDef } from './route';

export interface AppDeps {
  temporal: Client;
  database: Database;
  reference: ReferenceCache;
  authSecret: string;
  requesterHashKey: string;
  logger: Logger;
}

export const API_VERSION = '0.1.0';

export function createApp(deps: AppDeps) {
  const routes: RouteDef<never, never, never>[] = [];
  const openApi = () => buildOpenApi(routes, API_VERSION);
  routes.push(
    ...healthRoutes({ temporal: deps.temporal, database: deps.database, openApi }),
    ...(orderRoutes({
      temporal: deps.temporal,
      db: deps.database.db,
      reference: deps.reference,
      requesterHashKey: deps.requesterHashKey,
    }) as RouteDef<never, never, never>[]),
    ...actionRoutes({ temporal: deps.temporal, db: deps.database.db, reference: deps.reference }),
  );

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(helmet());
  app.use((req, res, next) => {
    const requestId = req.header('X-Request-Id')?.slice(0, 64) || randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      deps.logger.info(
        {
          requestId,
          method: req.method,
          route: req.route?.path,
          orderId: req.params?.orderId,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          actor: req.actor?.id,
        },
        'request',
      );
    });
    next();
  });
  app.use(express.json({ limit: '64kb' }));
  const router = express.Router();
  mountRoutes(router, routes, authenticate(deps.authSecret));
  app.use(router);
  app.use((_req, _res, next) => next(new HttpProblem(404, 'no_such_route', 'No such route')));
  app.use(problemHandler((err) => deps.logger.error({ err }, 'unhandled error')));
  return { app, routes };
}
