/**
 * 政策预演 in a real browser on real Temporal and PostgreSQL: two units each sign for an order, CGJ after
 * four seconds and WATER at once; the manager previews a three-second 签收时限 over the last thirty days.
 * Computed by hand: CGJ's signature becomes a breach (按时签收率 100% → 0%, composite 100 → 25: only the
 * response (weight 0.15) and return (0.05, none returned) rates exist), WATER keeps 100; the tie for first
 * becomes WATER 1, CGJ 2; the one changed order is CGJ's. The stored figures are the same afterwards.
 */
import { describe, expect, it } from 'vitest';
import { consoleSuite, expectAccessible, latinWords, screenshot, UI } from '../helpers/browser';
import { noiseComplaint } from '../helpers/orders';

const suite = consoleSuite({
  operator: ['operator', 'CENTRE', 'op-api'],
  manager: ['manager', 'CENTRE', 'dir-api'],
  CGJ: ['department', 'CGJ', 'dept-cgj-api'],
  WATER: ['department', 'WATER', 'dept-water-api'],
});
const as = (who: string) => suite.as(who);
const kpis = async () => {
  const from = encodeURIComponent(new Date(Date.now() - 30 * 86_400_000).toISOString());
  const to = encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString());
  return (await as('manager').get(`/kpis?from=${from}&to=${to}`)).body.rows;
};

describe('政策预演', () => {
  it('a shorter response limit turns CGJ’s late signature into a breach and moves the ranking as computed by hand', async () => {
    const created = Date.now();
    const noise = await as('operator').post('/orders', noiseComplaint);
    const water = await as('operator').post('/orders', {
      ...noiseComplaint,
      category: 'water_quality',
      description: '自来水发黄有异味',
      citizen: { ...noiseComplaint.citizen, phone: '13900001111' },
    });
    expect([noise.status, water.status]).toEqual([201, 201]);
    expect((await as('WATER').post(`/orders/${water.body.orderId}/acknowledge`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, created + 4_500 - Date.now())));
    expect((await as('CGJ').post(`/orders/${noise.body.orderId}/acknowledge`)).status).toBe(200);
    const before = await kpis();
    expect(before.map((r: { group: string }) => r.group)).toEqual(expect.arrayContaining(['CGJ', 'WATER']));

    const page = await suite.users.signedIn('dir-001', '/console/preview');
    const limit = page.getByLabel('签收时限');
    await limit.waitFor(UI);
    expect(await limit.inputValue()).toBe('15');
    await limit.fill('0.05');
    await page.getByRole('button', { name: '开始预演' }).click();
    const units = page.getByTestId('preview-units');
    await units.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('rank-CGJ').innerText()).toMatch(/^1 → 2/);
    expect(await page.getByTestId('rank-WATER').innerText()).toMatch(/^1 → 1/);
    const cgj = units.locator('tr', { hasText: '临江区城市管理综合执法局' });
    expect(await cgj.innerText()).toContain('100.0 → 25.0');
    expect(await cgj.innerText()).toContain('100.0% → 0.0%');
    const changes = page.getByTestId('preview-changes');
    expect(await changes.locator('tbody tr').count()).toBe(1);
    expect(await changes.innerText()).toContain(noise.body.orderId);
    expect(await changes.innerText()).toContain('签收：按时 → 超时');
    expect(await latinWords(page)).toEqual([]);
    // The pointer leaves the button it clicked (its hover colour is lighter), which fades back: read the colours then.
    await page.mouse.move(0, 0);
    await page.locator('.ant-btn-loading').waitFor({ state: 'detached', ...UI });
    await page.evaluate('Promise.allSettled(document.getAnimations().map((a) => a.finished))');
    await expectAccessible(page, 'policy preview');
    await screenshot(page, 'preview');

    // The preview changed no stored figure.
    expect(await kpis()).toEqual(before);
  });

  it('refuses a candidate out of range in Chinese, naming the setting', async () => {
    const page = await suite.users.signedIn('dir-001', '/console/preview');
    const limit = page.getByLabel('签收时限');
    await limit.waitFor(UI);
    await limit.fill('5000');
    await page.getByRole('button', { name: '开始预演' }).click();
    await page
      .getByRole('alert')
      .getByText(/签收时限/)
      .waitFor(UI);
    expect(await latinWords(page)).toEqual([]);
  });
});
