/**
 * Prometheus metrics: the API's HTTP latency, plus (when the worker runs in the same process, as with
 * `npm start`) the worker's Temporal SDK metrics fetched from its exporter and served alongside.
 */
import type { Express, RequestHandler } from 'express';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export function createMetrics(workerMetricsUrl: string | undefined) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hotline_api_' });
  const latency = new Histogram({
    name: 'hotline_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const observe: RequestHandler = (req, res, next) => {
    const end = latency.startTimer();
    res.on('finish', () => {
      end({ method: req.method, route: req.route?.path ?? 'unmatched', status: String(res.statusCode) });
    });
    next();
  };

  const mount = (app: Express) => {
    app.get('/metrics', async (_req, res) => {
      let worker = '';
      if (workerMetricsUrl) {
        worker = await fetch(workerMetricsUrl, { signal: AbortSignal.timeout(2000) })
          .then((r) => (r.ok ? r.text() : ''))
          .catch(() => '');
      }
      res.type(registry.contentType).send((await registry.metrics()) + '\n' + worker);
    });
  };
  return { observe, mount };
}
