/**
 * An order whose workflow task fails (a bug, a non-deterministic change, data the workflow cannot use):
 * callers get 503 with Retry-After — the order is stuck until the fix is deployed, not the request wrong.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../support';
import { updates } from '../../workflows/messages';
import { callers, startApiHarness, type ApiHarness } from '../helpers/api';
import { consultation, operator } from '../helpers/orders';

describe('an order whose workflow task fails', () => {
  let h: ApiHarness;
  let orderId: string;
  let as: ReturnType<typeof callers>;
  beforeAll(async () => {
    h = await startApiHarness();
    as = callers(h, { op: await h.token('operator'), coord: await h.token('coordinator') });
    orderId = (await as('op').post('/orders', consultation)).body.orderId;
    // Past the API: a classification whose handling limit the clock arithmetic cannot use.
    await h.env.client.workflow.getHandle(orderId).executeUpdate(updates.classify, {
      args: [
        {
          actor: operator,
          orderType: 'complaint',
          category: 'noise_construction',
          categoryName: '施工噪音',
          urgency: 'normal',
          handlingClass: 'general',
          categoryLimit: { unit: 'hours', amount: -1 },
        },
      ],
    });
  });
  afterAll(async () => {
    // The API answered 503 while its calls to the stuck workflow went on: terminating the workflow ends
    // them, and they settle before the connection closes under them.
    await h?.env.client.workflow
      .getHandle(orderId)
      .terminate()
      .catch(() => {});
    await sleep(1_000);
    await h?.close();
  });

  it('answers the action that fails the task, and what follows, with 503 and Retry-After', async () => {
    const dispatched = await as('op').post(`/orders/${orderId}/dispatch`, { leadUnit: 'CGJ' });
    expect(dispatched.status).toBe(503);
    expect(dispatched.headers['retry-after']).toBeDefined();
    const read = await request(h.app)
      .get(`/orders/${orderId}`)
      .set({ Authorization: `Bearer ${await h.token('coordinator')}` });
    expect(read.status).toBe(503);
  });
});
