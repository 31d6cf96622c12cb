/**
 * 照片 on the order page, in a real browser on real Temporal and PostgreSQL: the citizen's photo taken in
 * at intake and the lead unit's after-photo, captioned 市民照片 / 办结照片, seen by an assisting unit.
 */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { byteSize } from '../../domain/photos';
import { choose, consoleSuite, act, expectAccessible, latinWords, screenshot, stateTag, UI } from '../helpers/browser';
import { noiseComplaint } from '../helpers/orders';

const suite = consoleSuite({
  operator: ['operator', 'CENTRE', 'op-api'],
  CGJ: ['department', 'CGJ', 'dept-cgj'],
});
/** The thumbnails whose image has loaded (from the API, with the viewer's token). */
const loadedImages = (panel: Locator) =>
  panel
    .locator('img')
    .evaluateAll((imgs) => imgs.filter((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0).length);
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
    await expect.poll(() => loadedImages(panel), UI).toBe(2);
    expect(await latinWords(zjj)).toEqual([]);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(zjj, 'order-photos');
  }, 120_000);

  it('takes the operator’s photo at intake and the unit’s after-photo at 办结, and refuses a disguised or oversized file in Chinese', async () => {
    const { harness } = suite.stack;
    const choosePhoto = (page: Page, name: string, buffer: Buffer, mimeType = 'image/jpeg') =>
      page.locator('input[type="file"]').setInputFiles({ name, mimeType, buffer });

    // Intake first, the photo after: the order is made before any photo is sent.
    const operator = await suite.users.signedIn('op-001');
    await operator.getByLabel('诉求内容').fill('工地深夜打桩，市民拍下现场照片');
    await choose(operator, '派单分类（可搜索）', '噪音扰民-施工噪音', '施工噪音');
    await operator.getByLabel('市民姓名').fill('周八');
    await operator.getByLabel('联系电话').fill('13900005501');
    await operator.getByRole('button', { name: '提交工单' }).click();
    const orderId = /WO[0-9A-Z]{14}/.exec((await operator.locator('.ant-result-title').textContent()) ?? '')![0];
    await choosePhoto(operator, 'scene.jpg', photo('red.jpg'));
    await expect.poll(() => operator.getByTestId('photos-uploaded').textContent(), UI).toBe('已上传 1 张照片');
    // A file that calls itself a JPEG and is none: refused with the API's Chinese reason.
    await choosePhoto(operator, 'holiday.jpg', Buffer.from('<?php system($_GET["c"]); ?>'));
    await expect
      .poll(() => operator.getByTestId('photo-refusal').textContent(), UI)
      .toBe('文件不是 JPEG、PNG 或 WebP 图片');
    expect(await latinWords(operator)).toEqual([]);

    // The lead unit signs, adds its after-photo on the order page (an oversized one refused), and completes.
    const cgj = await suite.users.signedIn('dept-cgj');
    await suite.users.openOrder(cgj, orderId);
    await act(cgj, '签收', { 签收备注: '已安排执法队员夜查' });
    await expect.poll(() => stateTag(cgj).textContent(), UI).toBe('已签收');
    await choosePhoto(cgj, 'after.webp', photo('red.webp'), 'image/webp');
    const panel = cgj.getByTestId('photos');
    await expect.poll(() => panel.innerText(), UI).toContain('办结照片');
    const max = harness.reference.get().policy.photos.maxBytes;
    await choosePhoto(cgj, 'huge.jpg', Buffer.concat([photo('red.jpg'), Buffer.alloc(max)]));
    await expect
      .poll(() => cgj.getByTestId('photo-refusal').textContent(), UI)
      .toBe(`照片大小超过上限（${byteSize(max)}）`);
    expect(await panel.innerText()).toContain('市民照片');
    expect(await latinWords(cgj)).toEqual([]);
    await cgj.mouse.move(0, 0);
    await cgj.evaluate('Promise.allSettled(document.getAnimations().map((a) => a.finished))');
    await expectAccessible(cgj, '照片', '[data-testid="photo-panel"]');
    // The timeline reloads after each upload: the screenshot waits for it, as the unit would.
    const timeline = cgj.locator('.ant-card', { has: cgj.getByRole('heading', { name: '处理时间线' }) });
    await expect.poll(() => timeline.innerText(), UI).toContain('签收');
    await cgj.getByTestId('photo-panel').scrollIntoViewIfNeeded();
    await screenshot(cgj, 'photos');
    await act(cgj, '办结', { 答复市民内容: '夜查发现违规打桩，已责令停工并处罚款' });
    await expect.poll(() => stateTag(cgj).textContent(), UI).toBe('已办结待回访');
    // Completed: no more after-photos.
    await expect.poll(() => cgj.getByRole('button', { name: '上传办结照片' }).count(), UI).toBe(0);

    // Both on the order page, loaded.
    const centre = await suite.users.signedIn('op-001');
    await suite.users.openOrder(centre, orderId);
    const shown = centre.getByTestId('photos');
    await expect.poll(() => shown.innerText(), UI).toContain('办结照片');
    expect(await shown.innerText()).toContain('市民照片');
    await expect.poll(() => loadedImages(shown), UI).toBe(2);
    expect(await latinWords(centre)).toEqual([]);
  }, 180_000);
});
