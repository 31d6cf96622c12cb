/**
 * 质检 in a real browser on real Temporal and PostgreSQL: the unit reports an order done (办结) with a
 * templated reply and its order page shows the findings in Chinese, the return visit held for review;
 * the reviewer reads the request beside the reply on 质检复核 and clears the finding with a reason.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { act, consoleSuite, expectAccessible, latinWords, screenshot, stateTag, UI } from '../helpers/browser';
import { noiseComplaint } from '../helpers/orders';

const suite = consoleSuite({
  operator: ['operator', 'CENTRE', 'op-api'],
  CGJ: ['department', 'CGJ', 'dept-cgj-api'],
});
const as = (who: string) => suite.as(who);

const TEMPLATED = '您好，您反映的问题已收悉，我单位高度重视，已转相关部门处理。感谢您对我们工作的理解和支持！';
let orderId: string;
let unit: Page;

describe('质检', () => {
  it('shows the unit the findings on its reply after 办结, and holds the return visit for review', async () => {
    const created = await as('operator').post('/orders', noiseComplaint);
    expect(created.status).toBe(201);
    orderId = created.body.orderId;
    expect((await as('CGJ').post(`/orders/${orderId}/acknowledge`)).status).toBe(200);

    unit = await suite.users.signedIn('dept-cgj', '/console/inbox');
    await suite.users.openOrder(unit, orderId);
    await act(unit, '办结', { 答复市民内容: TEMPLATED });
    const findings = unit.getByTestId('quality-findings');
    await findings.waitFor(UI);
    await expect(findings.textContent()).resolves.toContain('答复只有套话');
    await expect(findings.textContent()).resolves.toContain('待质检复核，复核后方可回访');
    await expect(stateTag(unit).textContent()).resolves.toBe('已办结待回访');
    expect(await latinWords(unit)).toEqual([]);
    await expectAccessible(unit, '工单详情');
    await screenshot(unit, 'quality-findings');
  }, 120_000);

  it('lets the reviewer read the request beside the reply and clear a false finding with a reason', async () => {
    const reviewer = await suite.users.signedIn('review-001', '/console/quality-reviews');
    const row = reviewer.locator('tr', { hasText: orderId });
    await row.waitFor(UI);
    await expect(row.textContent()).resolves.toContain('答复只有套话');
    await row.getByRole('button', { name: '查看答复' }).click();
    const card = reviewer.getByTestId('quality-review');
    await expect(card.textContent()).resolves.toContain(noiseComplaint.description);
    await expect(card.textContent()).resolves.toContain(TEMPLATED);
    expect(await latinWords(reviewer)).toEqual([]);
    await expectAccessible(reviewer, '质检复核');
    await screenshot(reviewer, 'quality-review');

    await reviewer.getByRole('button', { name: '问题不成立，转回访' }).click();
    const dialog = reviewer.getByRole('dialog');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.getByText('请填写理由').waitFor(UI);
    await dialog.getByLabel('复核意见').fill('已说明转办去向，答复属实');
    await dialog.getByRole('button', { name: '提交' }).click();
    await reviewer.getByTestId('notice').waitFor(UI);
    // The queue is read again after the decision: the order leaves it once that read has come back.
    await expect.poll(() => reviewer.locator('tr', { hasText: orderId }).count(), UI).toBe(0);

    // The unit's page follows: the finding stays on the record, cleared.
    await unit.reload();
    await expect(unit.getByTestId('quality-findings').textContent()).resolves.toContain('复核认定问题不成立');
  }, 120_000);
});
