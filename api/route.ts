/**
 * A route is declared once — method, path, roles, zod schemas, handler — and both the Express router
 * and the OpenAPI document are built from the declarations, so they cannot drift apart.
 */
import type { NextFunction, Request, Response, Router } from 'express';
import { z, type ZodType } from 'zod';
import type { Actor, Role } from '../domain/order';
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
  bodyType?: 'text/csv';
  /** Response media type of the success status, when not JSON. */
  produces?: 'text/csv';
  /** Status → description, for the OpenAPI document. */
  responses: Record<number, string>;
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

/** Idempotency keys: printable ASCII, bounded, as clients (and retries) send them. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{8,128}$/, 'must be 8–128 printable ASCII characters');

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: 'body' | 'query' | 'path'): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
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
  authenticate: (req: Request, res: Response, next: NextFunction) => void;
  rateLimiter: RateLimiter;
}

export function mountRoutes(router: Router, routes: readonly Route[], options: MountOptions): void {
  for (const def of routes) {
    const handler = async (req: Request, res: Response, next: NextFunction) => {
      try {
        const actor = req.actor;
        const wait = options.rateLimiter.take(actor ? `token:${actor.id}` : `ip:${req.ip}`);
        if (wait > 0) throw new HttpProblem(429, 'rate_limited', 'Too many requests', { retryAfter: wait });
        if (def.roles !== 'public' && (!actor || !def.roles.includes(actor.role as Role))) {
          throw new HttpProblem(
            403,
            'forbidden',
            `Role ${actor?.role ?? '(none)'} may not ${def.summary.toLowerCase()}`,
          );
        }
        if (def.body) requireMediaType(req, def.bodyType ?? 'application/json');
        const ctx: RouteContext<unknown, unknown, unknown> = {
          actor: actor ?? { role: 'system', id: 'anonymous', unit: null },
          params: parse(def.params, req.params, 'path'),
          query: parse(def.query, req.query, 'query'),
          body: parse(def.body, req.body ?? (def.bodyType ? '' : {}), 'body'),
          idempotencyKey: def.idempotencyKey ? idempotencyKeyOf(req, def.idempotencyKey) : undefined,
          req,
        };
        const result = await def.handle(ctx);
        // Already answered 503 by the request timeout: this late answer has no one to go to.
        if (res.headersSent) return;
        // Answers carry personal data or an order's live state: no browser or proxy may keep them.
        res.setHeader('Cache-Control', 'no-store');
        for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
        if (result.contentType) res.status(result.status).type(result.contentType).send(result.body);
        else res.status(result.status).json(result.body);
      } catch (err) {
        next(err);
      }
    };
    if (def.roles === 'public') router[def.method](def.path, handler);
    else router[def.method](def.path, options.authenticate, handler);
  }
}
