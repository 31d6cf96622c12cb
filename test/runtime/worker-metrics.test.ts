/**
 * The worker's Prometheus exporter: its address comes from WORKER_METRICS_ADDRESS, and a second instance
 * on the same host that finds it taken stops with a message saying which address and which setting.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKER_METRICS_ADDRESS, workerMetricsAddress } from '../../runtime/config';
import { createLogger } from '../../adapters/logger';
import { installWorkerRuntime } from '../../runtime/worker';
import { freePort } from '../../support';

const held: Server[] = [];
afterAll(() => held.forEach((s) => s.close()));

describe('WORKER_METRICS_ADDRESS', () => {
  it('defaults to 127.0.0.1:9464, takes host:port, turns the exporter off when empty, and refuses anything else', () => {
    expect(workerMetricsAddress(undefined)).toBe(DEFAULT_WORKER_METRICS_ADDRESS);
    expect(DEFAULT_WORKER_METRICS_ADDRESS).toBe('127.0.0.1:9464');
    expect(workerMetricsAddress('0.0.0.0:9465')).toBe('0.0.0.0:9465');
    expect(workerMetricsAddress('')).toBeUndefined();
    for (const bad of ['9465', 'localhost', '127.0.0.1:0', '127.0.0.1:70000', 'a b:1']) {
      expect(() => workerMetricsAddress(bad), bad).toThrow(/WORKER_METRICS_ADDRESS must be host:port/);
    }
  });

  it('stops a worker whose exporter address another instance holds, naming the address and the setting', async () => {
    const port = await freePort();
    const other = createServer().listen(port, '127.0.0.1');
    held.push(other);
    await new Promise((resolve) => other.once('listening', resolve));
    const address = `127.0.0.1:${port}`;
    expect(() => installWorkerRuntime(createLogger('silent', 'test'), address)).toThrow(
      new RegExp(`cannot listen on ${address}: the address is in use .*WORKER_METRICS_ADDRESS`),
    );
  });
});
