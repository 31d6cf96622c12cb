/**
 * One error format for the whole API: RFC 9457 problem details with a stable machine-readable `code`.
 * Temporal and database outages become 503 with Retry-After; nothing else leaks a stack trace.
 */
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { ErrorRequestHandler, Response } from 'express';
import type { ZodError } from 'zod';
import { OrderNotFound } from '../order-reads';
import type { RefusalReason } from '../../domain/refusals';
import { REJECTION } from '../../workflows/messages';
import { byteSize } from '../../domain/photos';

export interface FieldError {
  field: string;
  /** The refusal's machine code (domain/refusals.ts), for a rule the workflow applies. */
  code?: string;
  message: string;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = (what = 'order') => new HttpProblem(404, 'not_found', `No such ${what}`);

/** A rule the API applies to an order action's body: 422 with the refusal's code and Chinese message at the field. */
export const ruleViolated = (field: string, why: RefusalReason) =>
  new HttpProblem(422, 'rule_violated', why.message, {
    rule: why.code,
    errors: [{ field: `body.${field}`, code: why.code, message: why.message }],
  });
export const forbidden = (message: string) => new HttpProblem(403, 'forbidden', message);

export function validationProblem(where: 'body' | 'query' | 'path' | 'header', err: ZodError): HttpProblem {
  const errors: FieldError[] = err.issues.flatMap((i) => {
    const at = [where, ...i.path.map(String)];
    // Name each unknown field itself, not the object that holds it.
    if (i.code === 'unrecognized_keys')
      return i.keys.map((k) => ({ field: [...at, k].join('.'), message: 'unknown field' }));
    return [{ field: at.join('.'), message: i.message }];
  });
  return new HttpProblem(400, 'validation_failed', `Invalid request ${where}`, { errors });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body parsers' `verify`: a UTF-8 body with invalid bytes is refused, not decoded with replacement
 * characters (U+FFFD) that would then be stored as if the citizen had typed them.
 */
export function requireUtf8(_req: unknown, _res: unknown, raw: Buffer, encoding: string): void {
  if (encoding.toLowerCase() !== 'utf-8') return;
  try {
    utf8.decode(raw);
  } catch {
    throw new HttpProblem(400, 'invalid_utf8', 'Request body is not valid UTF-8', {
      errors: [{ field: 'body', message: 'not valid UTF-8' }],
    });
  }
}

/** What a body the JSON parser refused is: broken JSON, or valid JSON that is not an object (`null`, `3`). */
function parseFailure(raw: unknown): HttpProblem {
  try {
    JSON.parse(String(raw));
  } catch {
    return new HttpProblem(400, 'malformed_json', 'Request body is not valid JSON');
  }
  return new HttpProblem(400, 'validation_failed', 'Request body must be a JSON object', {
    errors: [{ field: 'body', message: 'expected a JSON object' }],
  });
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function sendProblem(res: Response, p: HttpProblem): void {
  if (p.status === 503 || p.status === 429) res.setHeader('Retry-After', String(p.extra.retryAfter ?? 5));
  res
    .status(p.status)
    .type('application/problem+json')
    .json({
      type: `https://12345.example/problems/${p.code}`,
      title: TITLES[p.status] ?? 'Error',
      status: p.status,
      code: p.code,
      detail: p.message,
      ...p.extra,
    });
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'CONNECTION_CLOSED',
  'CONNECT_TIMEOUT',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01',
  '57P03',
  '08006',
  '08001',
]);

/** Whether an error means a dependency (Temporal, PostgreSQL) cannot be reached right now. */
export function isUnavailable(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    // gRPC UNAVAILABLE / DEADLINE_EXCEEDED, as carried by the client's ServiceError.
    if (code === 14 || code === 4) return true;
  }
  return false;
}

/** Maps what Temporal says about an order to a problem: a validator's rejection, an unknown or closed order. */
export function temporalProblem(err: unknown): HttpProblem | undefined {
  if (err instanceof WorkflowNotFoundError) return notFound();
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const reason = err.cause.message;
    // The validator's refusal code (domain/refusals.ts) and the input field at fault, when it names one.
    const { code, field } = (err.cause.details?.[0] ?? {}) as { code?: unknown; field?: unknown };
    const rule = typeof code === 'string' ? { rule: code } : {};
    switch (err.cause.type) {
      case REJECTION.notOnOrder:
        return notFound();
      case REJECTION.forbidden:
        return new HttpProblem(403, 'forbidden', reason, rule);
      case REJECTION.wrongState:
        return new HttpProblem(409, 'wrong_state', reason, rule);
      case REJECTION.ruleViolation: {
        // The API's body fields carry the validator's field names.
        const errors =
          typeof field === 'string'
            ? [{ field: `body.${field}`, ...(rule.rule ? { code: rule.rule } : {}), message: reason }]
            : undefined;
        return new HttpProblem(422, 'rule_violated', reason, { ...rule, ...(errors ? { errors } : {}) });
      }
    }
  }
  // Anything else that failed inside the workflow (a bug, data it cannot use) is not the caller's doing:
  // the order cannot take actions until that is fixed, so the answer is "unavailable, retry later".
  if (err instanceof WorkflowUpdateFailedError) {
    return new HttpProblem(503, 'order_unavailable', 'The order cannot take actions right now; retry shortly', {
      retryAfter: 30,
    });
  }
  if (err instanceof Error && /workflow execution already completed/i.test(err.message)) {
    return new HttpProblem(409, 'wrong_state', 'The order is closed');
  }
  return undefined;
}

/**
 * A body over its parser's limit (express's 413, `limit` in bytes), said in Chinese and naming the body: a
 * photo's (image/*) as a photo, any other as the request's content.
 */
export function bodyTooLarge(limit: number | undefined, contentType: string | undefined): HttpProblem {
  const bound = limit ? `（上限 ${byteSize(limit)}）` : '';
  const message = contentType?.startsWith('image/') ? `照片文件过大${bound}` : `请求内容过大${bound}`;
  return new HttpProblem(413, 'body_too_large', message, { errors: [{ field: 'body', message }] });
}

export function toProblem(err: unknown, contentType?: string): HttpProblem {
  if (err instanceof HttpProblem) return err;
  if (err instanceof OrderNotFound) return notFound();
  const mapped = temporalProblem(err);
  if (mapped) return mapped;
  if (isUnavailable(err))
    return new HttpProblem(503, 'unavailable', 'A backing service is unavailable; retry shortly', { retryAfter: 5 });
  const status =
    (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
  // Errors raised by Express's own body parser (size limit, malformed JSON, wrong charset).
  if (status === 413) return bodyTooLarge((err as { limit?: number }).limit, contentType);
  if (status === 400 && (err as { type?: string }).type === 'entity.parse.failed') {
    return parseFailure((err as { body?: unknown }).body);
  }
  if (status && status >= 400 && status < 500) return new HttpProblem(status, 'bad_request', (err as Error).message);
  return new HttpProblem(500, 'internal_error', 'Internal error');
}

/** An unexpected error as a log line may carry it. */
export interface LoggableError {
  name: string;
  sqlState?: string;
  message?: string;
  stack?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * A database error by its name and SQLSTATE alone: its message and fields quote the query's bound values
 * (drizzle: "Failed query: … params: …"), citizen data among them. Any other error with its message and stack.
 */
export function loggableError(err: unknown): LoggableError {
  const chain: Error[] = [];
  for (let e: unknown = err; e instanceof Error && chain.length < 8; e = e.cause) chain.push(e);
  const name = chain[0]?.name ?? typeof err;
  const sqlState = chain
    .map((e) => (e as { code?: unknown }).code)
    .find((c): c is string => typeof c === 'string' && SQLSTATE.test(c));
  if (sqlState !== undefined || chain.some((e) => 'query' in e || 'params' in e || 'parameters' in e)) {
    return sqlState === undefined ? { name } : { name, sqlState };
  }
  const top = chain[0];
  return top ? { name, message: top.message, ...(top.stack ? { stack: top.stack } : {}) } : { name };
}

/** Answers every error as a problem; `onInternal` gets a server-side failure (5xx), fit for the log. */
export const problemHandler =
  (onInternal: (err: LoggableError) => void): ErrorRequestHandler =>
  (err, req, res, _next) => {
    const problem = toProblem(err, req.get('content-type'));
    if (problem.status >= 500) onInternal(loggableError(err));
    // Already answered (503 by the request timeout): a late failure has no one to go to.
    if (res.headersSent) return;
    sendProblem(res, problem);
  };
