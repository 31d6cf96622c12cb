/**
 * The codec server of the Temporal UI and CLI (Temporal's remote codec protocol): `POST …/encode` and
 * `POST …/decode` with `{"payloads":[{"metadata":{k: base64},"data": base64}]}`, on a listener of its
 * own. It is the only way to read an order's citizen data in Temporal, so:
 * - only the Temporal UI's origin may call it from a browser (CORS), and only for our namespace;
 * - in production it needs a bearer token of a role that sees citizen contact in full;
 * - every decode is logged: who, which orders, how many payloads — never what they hold.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import express, { type RequestHandler } from 'express';
import { createServer, type Server } from 'node:http';
import { z } from 'zod';
import { ROLES_SEEING_EVERY_CONTACT } from '../domain/citizen-visibility';
import type { Actor } from '../domain/order';
import type { Logger } from '../adapters/logger';
import { isEncrypted, payloadWorkflowId } from '../adapters/payload-codec';
import { tokenVerifier, type OidcOptions } from './http/auth';
import { HttpProblem, problemHandler, validationProblem } from './http/problem';

export interface CodecServerOptions {
  codec: PayloadCodec;
  namespace: string;
  allowedOrigins: readonly string[];
  requireToken: boolean;
  authSecret: string;
  /** The identity provider the API also takes tokens from (api/http/auth.ts). */
  oidc?: OidcOptions | undefined;
  logger: Logger;
}

const payloadsBody = z.object({
  payloads: z.array(
    z.object({
      metadata: z.record(z.string(), z.base64()).nullish(),
      data: z.base64().nullish(),
    }),
  ),
});
type JsonPayload = z.infer<typeof payloadsBody>['payloads'][number];

const fromJson = ({ metadata, data }: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(data ?? '', 'base64'),
});

const toJson = ({ metadata, data }: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
  ),
  data: Buffer.from(data ?? []).toString('base64'),
});

declare module 'express-serve-static-core' {
  interface Request {
    codecCaller?: Actor | null;
  }
}

export function createCodecApp(o: CodecServerOptions): express.Express {
  const verifyToken = tokenVerifier(o.authSecret, o.oidc);
  const app = express();
  app.disable('x-powered-by');

  const cors: RequestHandler = (req, res, next) => {
    res.setHeader('Vary', 'Origin');
    res.setHeader('Cache-Control', 'no-store');
    const origin = req.header('Origin');
    // The CLI sends no Origin; a browser page of any other origin is turned away.
    if (origin === undefined) return next();
    if (!o.allowedOrigins.includes(origin))
      return next(new HttpProblem(403, 'origin_not_allowed', 'Origin not allowed'));
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (req.method !== 'OPTIONS') return next();
    res.setHeader('Access-Control-Allow-Methods', 'POST');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };

  // Before the body is read: an unauthenticated caller gets nothing parsed.
  const authenticate: RequestHandler = (req, res, next) => {
    const header = req.header('Authorization');
    if (!header) {
      if (!o.requireToken) {
        req.codecCaller = null;
        return next();
      }
      res.setHeader('WWW-Authenticate', 'Bearer');
      return next(new HttpProblem(401, 'unauthenticated', 'A bearer token is required'));
    }
    const token = /^bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) return next(new HttpProblem(401, 'unauthenticated', 'A bearer token is required'));
    verifyToken(token).then(
      (actor) => {
        if (!(ROLES_SEEING_EVERY_CONTACT as readonly string[]).includes(actor.role)) {
          return next(new HttpProblem(403, 'forbidden', `Role ${actor.role} may not read citizen data`));
        }
        req.codecCaller = actor;
        next();
      },
      () => next(new HttpProblem(401, 'unauthenticated', 'The bearer token is invalid or expired')),
    );
  };

  const namespace: RequestHandler = (req, _res, next) => {
    const asked = req.header('X-Namespace');
    if (!asked) return next(new HttpProblem(400, 'namespace_required', 'The X-Namespace header is required'));
    if (asked !== o.namespace) {
      return next(new HttpProblem(403, 'wrong_namespace', `This codec server serves namespace ${o.namespace} only`));
    }
    next();
  };

  const payloads = (req: express.Request): Payload[] => {
    const parsed = payloadsBody.safeParse(req.body);
    if (!parsed.success) throw validationProblem('body', parsed.error);
    return parsed.data.payloads.map(fromJson);
  };

  // Only the last path segment matters (the UI and CLI append it to whatever endpoint they were given).
  const route = (action: 'encode' | 'decode'): RequestHandler => {
    const run = (p: Payload[]) => (action === 'encode' ? o.codec.encode(p) : o.codec.decode(p));
    return async (req, res, next) => {
      try {
        const input = payloads(req);
        const output = await run(input).catch((err: unknown) => {
          o.logger.warn({ action, namespace: o.namespace, error: (err as Error).name }, 'codec request refused');
          throw new HttpProblem(422, 'undecodable_payload', `The payloads could not be ${action}d`);
        });
        if (action === 'decode') {
          const encrypted = input.filter(isEncrypted);
          o.logger.info(
            {
              caller: req.codecCaller ? { id: req.codecCaller.id, role: req.codecCaller.role } : 'embedded default',
              namespace: o.namespace,
              workflowIds: [...new Set(encrypted.map(payloadWorkflowId).filter(Boolean))],
              payloads: input.length,
              decrypted: encrypted.length,
            },
            'citizen data decoded',
          );
        }
        res.json({ payloads: output.map(toJson) });
      } catch (err) {
        next(err);
      }
    };
  };

  // Only a caller that passed every check is asked for its body (see codecServer).
  const continueBody: RequestHandler = (req, res, next) => {
    if (req.headers.expect?.toLowerCase() === '100-continue') res.writeContinue();
    next();
  };

  app.use(cors);
  const checks = [authenticate, namespace, continueBody, express.json({ limit: '16mb' })];
  app.post(/\/encode$/, ...checks, route('encode'));
  app.post(/\/decode$/, ...checks, route('decode'));
  app.use((_req, _res, next) => next(new HttpProblem(404, 'no_such_route', 'POST …/encode or …/decode')));
  app.use(problemHandler((err) => o.logger.error({ error: err.name }, 'codec server error')));
  return app;
}

/**
 * The codec server's listener. Node answers `Expect: 100-continue` by itself before the app sees the
 * request, inviting any caller to send its body; here the app decides, once the caller has passed its
 * checks (continueBody).
 */
export function codecServer(app: express.Express): Server {
  const server = createServer(app);
  server.on('checkContinue', (req, res) => server.emit('request', req, res));
  return server;
}

/** The URL the Temporal UI and CLI are given; a wildcard bind is reached on loopback. */
export function codecEndpoint(c: { host: string; port: number }): string {
  return `http://${c.host === '0.0.0.0' ? '127.0.0.1' : c.host}:${c.port}`;
}
