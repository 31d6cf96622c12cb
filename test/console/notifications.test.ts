/**
 * 通知记录 on the order page, in a real browser on real Temporal and PostgreSQL: the console notices sent
 * to the units, the lead unit's webhook failing while its system is down (and why, in Chinese), and the
 * citizen's SMS waiting — each line in Chinese only; the unit's 站内通知; the intake form asking for the
 * citizen's consent.
 */
import { describe, expect, it } from 'vitest';
import { setUnitWebhook } from '../../db/notifications';
import { UNIT_NOTICES } from '../../projections/unit-notices';
import { ensureOutboxDeliveries } from '../../runtime/outbox-deliveries';
import { eventually, freePort } from '../../support';
import { consoleSuite, expectAccessible, latinWords, lineCount, screenshot, UI } from '../helpers/browser';
import { noiseComplaint } from '../helpers/orders';

const suite = consoleSuite({ operator: ['operator', 'CENTRE', 'op-api'] });

describe('通知记录', () => {
  it('shows what the order told whom and whether it went, in Chinese', async () => {
    const { harness } = suite.stack;
    await ensureOutboxDeliveries(harness.env.client, [UNIT_NOTICES]);
    await setUnitWebhook(harness.testDb.database.db, {
      unit: 'CGJ',
      // Nobody listens there: the unit's system is down.
      url: `http://127.0.0.1:${await freePort()}/hotline`,
      secret: 'whsec-test',
      updatedBy: 'admin-test',
    });
    const res = await suite.as('operator').post('/orders', {
      ...noiseComplaint,
      citizen: { ...noiseComplaint.citizen, smsConsent: true },
    });
    expect(res.status).toBe(201);
    const orderId = res.body.orderId as string;
    await eventually(
      () => suite.as('operator').get(`/orders/${orderId}/notifications`),
      (r) =>
        r.body.deliveries.some(
          (d: { channel: string; status: string }) => d.channel === 'webhook' && d.status === 'failed',
        ),
    );

    // The operator who took the call follows it up: every delivery, the citizen's SMS among them.
    const page = await suite.users.signedIn('op-001');
    await suite.users.openOrder(page, orderId);
    const panel = page.getByTestId('notifications');
    await expect.poll(() => panel.innerText(), UI).toContain('单位系统无法连接');
    const text = await panel.innerText();
    for (const words of [
      '站内通知',
      '已送达',
      '单位接口',
      '发送失败，重试中',
      '短信',
      '市民',
      '受理告知（工单号与查询码）',
    ])
      expect(text).toContain(words);
    // Across the page, each delivery on one line: in a side column every unit's name wrapped into three.
    const rows = panel.locator('tbody tr.ant-table-row');
    for (const row of await rows.all()) expect(await lineCount(row)).toBe(1);
    // The citizen's number is nowhere in the panel.
    expect(text).not.toContain(noiseComplaint.citizen.phone!);
    expect(await latinWords(page)).toEqual([]);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'order-notifications');

    // The lead unit sees what it was told, and nothing of the citizen's messages.
    const cgj = await suite.users.signedIn('dept-cgj');
    await suite.users.openOrder(cgj, orderId);
    const own = cgj.getByTestId('notifications');
    await expect.poll(() => own.innerText(), UI).toContain('单位系统无法连接');
    expect(await own.innerText()).not.toContain('短信');
    expect(await latinWords(cgj)).toEqual([]);
    // The panel's own contrast and roles (the page's 退单 button is antd's danger red, outside this change).
    await expectAccessible(cgj, '通知记录', '[data-testid="notifications"]');

    // Its 站内通知 lists the order's dispatch, opening the order.
    await cgj.goto(`${suite.stack.base}/console/notices`);
    const notices = cgj.getByTestId('notices');
    await expect.poll(() => notices.innerText(), UI).toContain(orderId);
    expect(await notices.innerText()).toContain('派单');
    expect(await latinWords(cgj)).toEqual([]);
    await expectAccessible(cgj, '站内通知');
    await screenshot(cgj, 'notices');

    // The operator's intake desk asks for the citizen's consent.
    await page.goto(`${suite.stack.base}/console/intake`);
    await page.getByText('市民同意接收短信通知', { exact: false }).waitFor(UI);
  }, 120_000);
});
