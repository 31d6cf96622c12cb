/**
 * A route is declared once — method, path, roles, zod schemas, handler — and both the Express router
 * and the OpenAPI document are built from the declarations, so they cannot drift apart.
 */
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { z, type ZodType } from 'zod';
import type { Actor, Role } from '../../domain/order';
import { UNSTORABLE_TEXT_MESSAGE, unstorableField } from '../../domain/text';
import { chineseIssue, inChinese, type FieldNames } from './field-names';
import { HttpProblem, validationProblem } from './problem';
import type { RateLimiter } from './rate-limit';

export interface RouteContext<P, Q, B> {
  actor: Actor;
  params: P;
  query: Q;
  body: B;
  idempotencyKey: string | undefined;
  req: Request;
}

export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Sends `body` (a string) as this content type instead of JSON, e.g. text/csv. */
  contentType?: string;
  /** Sends these chunks as they come instead of `body` (with `contentType`): exports in constant memory. */
  stream?: AsyncIterable<string>;
}

/** Writes the chunks as the client takes them; stops when the client goes away. */
async function sendStream(res: Response, chunks: AsyncIterable<string>): Promise<void> {
  for await (const chunk of chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
  }
  res.end();
}

/** An answer that is not a problem: what it means and its body's schema (in `produces`, or JSON). */
export interface ResponseDoc {
  description: string;
  body: ZodType;
}

export interface RouteDef<P = unknown, Q = unknown, B = unknown> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  /** Roles allowed to call it; `public` routes need no token. */
  roles: readonly Role[] | 'public';
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  idempotencyKey?: 'required' | 'optional';
  /** Request media type; JSON unless said otherwise (the body schema then validates the raw text). */
  bodyType?: 'text/csv' | 'image/*';
  /** Response media type of the success status, when not JSON. */
  produces?: 'text/csv' | 'text/event-stream' | 'image/*' | 'application/pdf';
  /**
   * Status → what it means, for the OpenAPI document: a problem (RFC 9457) for an error, and for any
   * other answer its body's schema. The statuses every route may send (401, 403, 429, 503…) are added
   * by the document's builder.
   */
  responses: Record<number, string | ResponseDoc>;
  /** The fields' Chinese names, for a route a person fills a form for: its refusals then name them in Chinese. */
  fieldNames?: FieldNames;
  handle(ctx: RouteContext<P, Q, B>): Promise<RouteResult>;
}

/** A declared route with its parameter types erased: what the router and the OpenAPI builder take. */
export type Route = RouteDef<unknown, unknown, unknown>;

/**
 * Declares a route. The one place route types are erased: the router parses params, query and body with
 * the route's own schemas before calling `handle`, so a handler always receives the types it declared.
 */
export function route<P, Q, B>(def: RouteDef<P, Q, B>): Route {
  return def as unknown as Route;
}

/** Express `:param` → OpenAPI `{param}`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** Idempotency keys: printable ASCII, bounded, as clients (and retries) send them. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{8,128}$/, 'must be 8–128 printable ASCII characters');

function parse<T>(
  schema: ZodType<T> | undefined,
  value: unknown,
  where: 'body' | 'query' | 'path',
  chinese: boolean,
): T {
  if (!schema) return undefined as T;
  // The text rule of every body field, for the path and the query too, whatever each route's schema says:
  // text PostgreSQL cannot store must not reach a query (a NUL answered 500, its parameters in the log).
  const unstorable = where === 'body' ? null : unstorableField(value);
  if (unstorable !== null) {
    throw new HttpProblem(400, 'validation_failed', `Invalid request ${where}`, {
      errors: [{ field: `${where}.${unstorable}`, message: UNSTORABLE_TEXT_MESSAGE }],
    });
  }
  const result = schema.safeParse(value, chinese ? { error: chineseIssue } : undefined);
  if (!result.success) throw validationProblem(where, result.error);
  return result.data;
}

/**
 * A body sent as another media type than the route takes (JSON sent as text/plain) is not parsed at all,
 * so it would read as "every field missing": say which media type the route expects instead.
 */
function requireMediaType(req: Request, expected: string): void {
  if (req.headers['content-length'] === '0' || req.is(expected) !== false) return;
  throw new HttpProblem(415, 'unsupported_media_type', `The request body must be ${expected}`, {
    errors: [{ field: 'header.Content-Type', message: `expected ${expected}` }],
  });
}

function idempotencyKeyOf(req: Request, mode: RouteDef['idempotencyKey']): string | undefined {
  const raw = req.header('Idempotency-Key');
  if (raw === undefined) {
    if (mode === 'required') {
      throw new HttpProblem(400, 'validation_failed', 'Idempotency-Key header is required', {
        errors: [{ field: 'header.Idempotency-Key', message: 'required' }],
      });
    }
    return undefined;
  }
  const result = idempotencyKeySchema.safeParse(raw);
  if (!result.success) {
    throw new HttpProblem(400, 'validation_failed', 'Invalid Idempotency-Key header', {
      errors: [{ field: 'header.Idempotency-Key', message: result.error.issues[0]?.message ?? 'invalid' }],
    });
  }
  return result.data;
}

export interface MountOptions {
  authenticate: RequestHandler;
  rateLimiter: RateLimiter;
  /** Read the body only once the caller is authenticated, allowed and within its rate: 401, 403 and 429 come before 400 and 413. */
  bodyParsers?: RequestHandler[];
}

export function mountRoutes(router: Router, routes: readonly Route[], options: MountOptions): void {
  const limit: RequestHandler = (req, _res, next) => {
    const wait = options.rateLimiter.take(req.actor ? `token:${req.actor.id}` : `ip:${req.ip}`);
    next(
      wait > 0 ? new HttpProblem(429, 'rate_limited', '操作过于频繁，请稍后再试。', { retryAfter: wait }) : undefined,
    );
  };
  for (const def of routes) {
    // Before the body is read too: a role that may not call the route gets 403, whatever it sent.
    const authorize: RequestHandler = (req, _res, next) => {
      const role = req.actor?.role;
      const allowed = def.roles === 'public' || (role !== undefined && def.roles.includes(role as Role));
      next(
        allowed
          ? undefined
          : new HttpProblem(403, 'forbidden', `Role ${role ?? '(none)'} may not ${def.summary.toLowerCase()}`),
      );
    };
    const chinese = def.fieldNames !== undefined;
    const handler = async (req: Request, res: Response, next: NextFunction) => {
      try {
        const actor = req.actor;
        if (def.body) requireMediaType(req, def.bodyType ?? 'application/json');
        const ctx: RouteContext<unknown, unknown, unknown> = {
          actor: actor ?? { role: 'system', id: 'anonymous', unit: null },
          params: parse(def.params, req.params, 'path', chinese),
          query: parse(def.query, req.query, 'query', chinese),
          body: parse(def.body, req.body ?? (def.bodyType ? '' : {}), 'body', chinese),
          idempotencyKey: def.idempotencyKey ? idempotencyKeyOf(req, def.idempotencyKey) : undefined,
          req,
        };
        const result = await def.handle(ctx);
        // Already answered 503 by the request timeout: this late answer has no one to go to.
        if (res.headersSent) return;
        // Answers carry personal data or an order's live state: no browser or proxy may keep them.
        res.setHeader('Cache-Control', 'no-store');
        for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
        if (result.stream) {
          res.status(result.status).type(result.contentType ?? 'text/plain');
          await sendStream(res, result.stream);
        } else if (result.contentType) res.status(result.status).type(result.contentType).send(result.body);
        else res.status(result.status).json(result.body);
      } catch (err) {
        next(def.fieldNames ? inChinese(err, def.fieldNames) : err);
      }
    };
    const before = def.roles === 'public' ? [limit] : [options.authenticate, limit, authorize];
    router[def.method](def.path, ...before, ...(options.bodyParsers ?? []), handler);
  }
  refuseOtherMethods(router, routes);
}

/** A known path asked with a method it does not take: 405 naming the ones it does (GET includes HEAD). */
function refuseOtherMethods(router: Router, routes: readonly Route[]): void {
  const allowed = new Map<string, string[]>();
  for (const def of routes) {
    const methods = def.method === 'get' ? ['GET', 'HEAD'] : [def.method.toUpperCase()];
    allowed.set(def.path, [...(allowed.get(def.path) ?? []), ...methods]);
  }
  for (const [path, methods] of allowed) {
    router.all(path, (_req, res, next) => {
      res.setHeader('Allow', methods.join(', '));
      next(new HttpProblem(405, 'method_not_allowed', `${openApiPath(path)} takes ${methods.join(', ')}`));
    });
  }
}
