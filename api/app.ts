/** The Express application, built apart from its listener so tests drive it in-process. */
import type { Client } from '@temporalio/client';
import express from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client';
import type { Logger } from '../adapters/logger';
import { dispatchModelSource } from '../db/dispatch-models';
import type { ReferenceCache } from '../db/reference-cache';
import { actionRoutes } from './actions';
import { adminRoutes } from './admin';
import { authenticate, tokenVerifier, type OidcOptions } from './http/auth';
import { mountConsole } from './http/console';
import { devSignInRoutes } from './dev-signin';
import { dispatchSuggestionRoutes } from './dispatch-suggestions';
import { mountDocs } from './http/docs';
import { governanceRoutes } from './governance';
import { hotspotRoutes } from './hotspots';
import { inspectionRoutes } from './inspection';
import { qualityRoutes } from './quality';
import { healthRoutes } from './health';
import { intakeDeskRoutes } from './intake-desk';
import { knowledgeBaseRoutes } from './knowledge-base';
import { exportRoutes } from './exports';
import { kpiRoutes } from './kpis';
import { createLiveHub } from './live';
import { lookupRoutes } from './lookups';
import { noticeRoutes } from './notices';
import { notificationRoutes } from './notifications';
import { open311Router } from './open311';
import { open311PartnerRoutes } from './open311/partners';
import { createMetrics } from './http/metrics';
import { buildOpenApi } from './http/openapi';
import { loadOrder, verificationCodeVersion } from './order-reads';
import { orderRoutes } from './orders';
import { privacyRoutes } from './privacy';
import { HttpProblem, problemHandler, requireUtf8 } from './http/problem';
import { publicRoutes } from './public';
import { createRateLimiter } from './http/rate-limit';
import { mountRoutes, type Route } from './http/route';
import { requestTimeout } from './http/timeout';
import { verificationCodeRoutes } from './verification-code';
import { policyPreviewRoutes } from './policy-preview';
import { unitDetailRoutes } from './unit-detail';
import { supervisionReportRoutes } from './supervision-report';
import { wallRoutes } from './wall';
import { photoRoutes } from './photos';
import { embeddedPhotoStore } from '../adapters/photo-store';

export interface AppDeps {
  temporal: Client;
  database: Database;
  reference: ReferenceCache;
  authSecret: string;
  /** The identity provider whose RS256/ES256 tokens are accepted beside the HS256 ones. */
  oidc?: OidcOptions | undefined;
  requesterHashKey: string;
  logger: Logger;
  /** Requests per second per caller, and the burst allowed above it. */
  rateLimit?: { perSecond: number; burst: number };
  /** The worker's Prometheus exporter, when the worker runs in this process. */
  workerMetricsUrl?: string;
  /** A request with no answer after this long gets 503 (default 10 s). */
  requestTimeoutMs?: number;
  /** The console's demo sign-in, answering loopback only (runtime/config.ts demoSignInFromEnv decides). */
  devSignIn?: boolean;
}

export const API_VERSION = '0.1.0';

export function createApp(deps: AppDeps) {
  const db = deps.database.db;
  const routes: Route[] = [];
  const openApi = () => buildOpenApi(routes, API_VERSION);
  const orderDeps = { temporal: deps.temporal, db, reference: deps.reference, requesterHashKey: deps.requesterHashKey };
  const live = createLiveHub(deps.database);
  const photoStore = embeddedPhotoStore(db);
  const dispatchModels = dispatchModelSource(db, (err) => deps.logger.warn({ err }, 'dispatch model not refreshed'));
  routes.push(
    ...healthRoutes({ temporal: deps.temporal, database: deps.database, openApi }),
    ...orderRoutes(orderDeps),
    ...actionRoutes(orderDeps),
    ...adminRoutes({ db, reference: deps.reference }),
    ...governanceRoutes({ temporal: deps.temporal, db, reference: deps.reference }),
    ...knowledgeBaseRoutes({ db, reference: deps.reference, dispatchModels }),
    ...dispatchSuggestionRoutes({ reference: deps.reference, models: dispatchModels }),
    ...kpiRoutes({ db, reference: deps.reference }),
    ...wallRoutes({ db, reference: deps.reference }),
    ...policyPreviewRoutes({ temporal: deps.temporal }),
    ...unitDetailRoutes({ db, reference: deps.reference }),
    ...supervisionReportRoutes({ db, reference: deps.reference }),
    ...qualityRoutes({ db }),
    ...inspectionRoutes(orderDeps),
    ...hotspotRoutes({ db, reference: deps.reference }),
    ...exportRoutes({ db }),
    ...privacyRoutes({ db }),
    ...verificationCodeRoutes(orderDeps),
    ...publicRoutes({
      loadOrder: (orderId) => loadOrder(orderDeps, orderId),
      db,
      codeVersion: (orderId) => verificationCodeVersion(deps.temporal, orderId),
      reference: deps.reference,
      key: deps.requesterHashKey,
      photoStore,
    }),
    ...intakeDeskRoutes(orderDeps),
    ...lookupRoutes(deps),
    ...noticeRoutes({ db }),
    ...notificationRoutes(orderDeps),
    ...open311PartnerRoutes({ db }),
    ...photoRoutes({ ...orderDeps, store: photoStore }),
    ...live.routes,
    ...(deps.devSignIn === true && process.env.NODE_ENV !== 'production' ? devSignInRoutes(deps) : []),
  );

  const app = express();
  const metrics = createMetrics(deps.workerMetricsUrl);
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(helmet());
  app.use(metrics.observe);
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
  app.use(requestTimeout(deps.requestTimeoutMs));
  mountDocs(app);
  mountConsole(app);
  metrics.mount(app);
  const router = express.Router();
  const rateLimiter = createRateLimiter(deps.rateLimit ?? { perSecond: 50, burst: 200 });
  mountRoutes(router, routes, {
    authenticate: authenticate(tokenVerifier(deps.authSecret, deps.oidc), rateLimiter),
    rateLimiter,
    bodyParsers: [
      express.json({ limit: '64kb', verify: requireUtf8 }),
      // 4 MB: the catalogue CSV's 1,000,000 characters at up to four UTF-8 bytes each, so text its schema takes
      // is never refused as too large.
      express.text({ type: 'text/csv', limit: '4mb', verify: requireUtf8 }),
      // The policy's largest photo bound (domain/policy-bounds): the policy's own limit is checked with a Chinese refusal.
      express.raw({ type: 'image/*', limit: '20mb' }),
    ],
  });
  app.use('/open311/v2', open311Router({ ...orderDeps, store: photoStore, logger: deps.logger }));
  app.use(router);
  app.use((_req, _res, next) => next(new HttpProblem(404, 'no_such_route', 'No such route')));
  app.use(problemHandler((err) => deps.logger.error({ err }, 'unhandled error')));
  return { app, routes, live };
}
