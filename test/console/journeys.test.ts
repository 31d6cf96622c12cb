/**
 * The console in a real browser, one journey per screen, end to end through the UI on real Temporal
 * and PostgreSQL. Each screen is checked with axe-core and photographed.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleStack, expectAccessible, screenshot, type ConsoleStack } from '../helpers/browser';

let stack: ConsoleStack;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startConsoleStack();
});
afterAll(async () => {
  await stack?.close();
});

/** A fresh browser (own sessionStorage) signed in as a demo user through the sign-in page. */
async function signedIn(sub: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const context = await stack.browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${stack.base}/console/`);
  await page.getByRole('button', { name: `登录 ${sub}` }).click();
  await expect.poll(() => page.locator('header').textContent()).toContain(sub);
  return page;
}

describe('console', () => {
  it('signs in from the demo user list', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${stack.base}/`);
    await expect.poll(() => page.url()).toContain('/console/');
    await page.getByText('演示用户（开发环境一键登录）').waitFor();
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await context.close();
  });

  it('intake', async () => {
    const page = await signedIn('op-001');
    await page.getByText('受理台 · 新来电').waitFor();
    await page.getByLabel('诉求内容').fill('夜间施工噪音扰民，晚上十一点后仍在打桩');
    await page.getByLabel('派单分类（可搜索）').click();
    await page.keyboard.type('施工噪');
    await page.locator('.ant-select-item-option', { hasText: '噪音扰民-施工噪音' }).click();
    await page.getByLabel('市民姓名').fill('张三');
    await page.getByLabel('联系电话').fill('13800138000');
    await page.getByTestId('dispatch-preview').getByText('临江区城市管理综合执法局').first().waitFor();
    await expectAccessible(page, 'intake');
    await screenshot(page, 'intake');
  });
});
