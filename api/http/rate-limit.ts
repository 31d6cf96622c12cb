/**
 * Per-caller rate limiting: a token bucket per token subject (per client IP for public routes and for
 * requests without a valid token), in memory. Enough to stop one runaway client from starving the others
 * on one API process.
 */
export interface RateLimiter {
  /** Seconds to wait before retrying, or 0 if the request may go ahead. */
  take(key: string): number;
}

export function createRateLimiter(options: { perSecond: number; burst: number; maxKeys?: number }): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const maxKeys = options.maxKeys ?? 100_000;
  return {
    take(key) {
      const now = Date.now();
      const b = buckets.get(key) ?? { tokens: options.burst, at: now };
      b.tokens = Math.min(options.burst, b.tokens + ((now - b.at) / 1000) * options.perSecond);
      b.at = now;
      // Re-insert so the Map's order is least-recently-used first, for eviction.
      buckets.delete(key);
      if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.ceil((1 - b.tokens) / options.perSecond);
    },
  };
}
