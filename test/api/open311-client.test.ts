/**
 * A real third-party Open311 client (civicbot's Open311Client, installed from PyPI into the project's .venv)
 * against the API on a loopback port: it lists the services, reads a definition, posts a request with
 * attributes (which it checks against that definition first) and reads it back.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePartner } from '../../db/open311';
import { auditTrail } from '../../support';
import { runOpen311Client } from '../../support/open311-client';
import { startApiHarness, type ApiHarness } from '../helpers/api';

let h: ApiHarness;
let server: Server;
let base: string;
beforeAll(async () => {
  h = await startApiHarness();
  await savePartner(h.testDb.database.db, {
    id: 'city-app',
    name: '江滨城市 App',
    apiKey: 'o311_client_key',
    by: 'test',
  });
  server = await new Promise((resolve) => {
    const s = h.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/open311/v2`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
});

describe('a third-party Open311 client', () => {
  it('lists the services, reads a definition, posts a request with attributes and reads it back', async () => {
    const run = await runOpen311Client(base, 'o311_client_key');
    expect(run.services).toEqual([...h.reference.get().catalogue.keys()]);
    expect(run.attributes).toEqual(['order_type', 'urgency', 'occurs', 'sms_consent']);
    const [posted] = run.posted;
    expect(posted!.service_request_id).toMatch(/^WO[0-9A-Z]{14}$/);
    expect(run.read_back).toMatchObject({
      service_request_id: posted!.service_request_id,
      service_code: 'noise_construction',
      status: 'open',
      agency_responsible: '临江区城市管理综合执法局',
    });
    // Read back without the citizen's data.
    expect(JSON.stringify(run.read_back)).not.toMatch(/欧阳|明远|13912345678|银杏路/);
    // The attributes reached the order: its type, the times it happens, the consent to SMS.
    const [received] = await auditTrail(h.testDb.database.db, posted!.service_request_id);
    expect(received).toMatchObject({
      type: 'received',
      actorId: 'open311:city-app',
      data: expect.objectContaining({ channel: 'open311', orderType: 'complaint' }),
    });
  }, 120_000);
});
