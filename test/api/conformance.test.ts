/**
 * The OpenAPI document is a contract a tool checks: schemathesis runs every check against the served
 * document, as the operator, the coordinator and the admin, on a throw-away database with a real
 * Temporal dev server and worker — responses, statuses, media types, headers, negative and positive data,
 * unsupported methods; and the live event stream, event by event. Bounded: a few examples per operation.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../domain/order';
import { runConformance } from '../../support/conformance';
import { startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
let server: Server;
let base: string;

beforeAll(async () => {
  h = await startApiHarness({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  server = createServer(h.app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  // An order to find in lists, queues and the audit trail.
  const created = await fetch(`${base}/orders`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${await h.token('operator')}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': 'conformance-0001',
    },
    body: JSON.stringify(noiseComplaint),
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
});

// The runs are bounded by time, not by work, and each role's is its own process: they run side by side.
describe.concurrent('the OpenAPI document under schemathesis (every check)', () => {
  for (const role of ['operator', 'coordinator', 'admin'] satisfies Role[]) {
    it(`finds no failure as the ${role}`, async ({ expect }) => {
      const run = await runConformance(base, await h.token(role), { maxExamples: 5, seconds: 40 });
      if (!run.ok) console.log(run.output);
      expect(run.ok, `schemathesis as ${role}`).toBe(true);
    }, 120_000);
  }

  for (const role of ['operator', 'department', 'admin'] satisfies Role[]) {
    it(`finds the events of the live stream as the document declares them, as the ${role} (#25 item 10)`, async ({
      expect,
    }) => {
      const run = await runConformance(base, await h.token(role), { maxExamples: 3, seconds: 20, stream: true });
      if (!run.ok) console.log(run.output);
      expect(run.ok, `schemathesis on /live as ${role}`).toBe(true);
    }, 120_000);
  }
});
