/**
 * No request hangs: one that has no answer within the limit (a dependency that neither answers nor
 * fails, e.g. a Temporal update waiting for a worker that is down, or a database behind a network
 * partition) gets 503 with Retry-After. The handler may still finish later; its answer is dropped, and
 * what it did is safe to retry with the same Idempotency-Key.
 */
import type { RequestHandler } from 'express';
import { HttpProblem, sendProblem } from './problem';

export const REQUEST_TIMEOUT_MS = 10_000;

export function requestTimeout(ms = REQUEST_TIMEOUT_MS): RequestHandler {
  return (_req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      sendProblem(
        res,
        new HttpProblem(503, 'timeout', `No answer from a backing service within ${ms / 1000} s; retry shortly`, {
          retryAfter: 5,
        }),
      );
    }, ms);
    const clear = () => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}
