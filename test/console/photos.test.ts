/**
 * 照片 on the order page, in a real browser on real Temporal and PostgreSQL: the citizen's photo taken in
 * at intake and the lead unit's after-photo, captioned 市民照片 / 办结照片, seen by an assisting unit.
 */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { consoleSuite, latinWords, screenshot, UI } from '../helpers/browser';
import { noiseComplaint } from '../helpers/orders';

const suite = consoleSuite({
  operator: ['operator', 'CENTRE', 'op-api'],
  CGJ: ['department', 'CGJ', 'dept-cgj'],
});
const photo = (name: string) => readFileSync(new URL(`../fixtures/photos/${name}`, import.meta.url));

describe('照片', () => {
  it('shows the citizen’s photo and the unit’s after-photo, captioned in Chinese, to an assisting unit', async () => {
    const { harness } = suite.stack;
    const created = await suite.as('operator').post('/orders', noiseComplaint);
    const orderId = created.body.orderId as string;
    const upload = async (role: 'operator' | 'department', unit: string, bytes: Buffer, type: string) => {
      const res = await request(harness.app)
        .post(`/orders/${orderId}/photos`)
        .set('Authorization', `Bearer ${await harness.token(role, unit)}`)
        .set('Content-Type', type)
        .send(bytes);
      expect(res.status).toBe(201);
    };
    await upload('operator', 'CENTRE', photo('red.jpg'), 'image/jpeg');
    expect((await suite.as('CGJ').post(`/orders/${orderId}/acknowledge`)).status).toBe(200);
    await upload('department', 'CGJ', photo('red.webp'), 'image/webp');

    const zjj = await suite.users.signedIn('dept-zjj');
    await suite.users.openOrder(zjj, orderId);
    const panel = zjj.getByTestId('photos');
    await expect.poll(() => panel.innerText(), UI).toContain('办结照片');
    expect(await panel.innerText()).toContain('市民照片');
    // Both thumbnails loaded from the API with the unit's token.
    await expect
      .poll(
        () =>
          panel
            .locator('img')
            .evaluateAll(
              (imgs) => imgs.filter((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0).length,
            ),
        UI,
      )
      .toBe(2);
    expect(await latinWords(zjj)).toEqual([]);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(zjj, 'order-photos');
  }, 120_000);
});
