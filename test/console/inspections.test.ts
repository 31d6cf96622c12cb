/**
 * 抽查 in a real browser on real Temporal and PostgreSQL: the week's sample drawn over closed orders and
 * intakes; the inspector scores a closed order on the rubric and opens a supervision case (问责线索)
 * against its unit with a reason, and scores an operator's intake.
 */
import { describe, expect, it } from 'vitest';
import { drawInspection } from '../../db/inspection';
import { eventually } from '../../support';
import { consoleSuite, expectAccessible, latinWords, screenshot, UI } from '../helpers/browser';
import { noiseComplaint } from '../helpers/orders';

const suite = consoleSuite({
  // A demo operator's id (op-NNN): the intake's operator is shown by it.
  operator: ['operator', 'CENTRE', 'op-002'],
  visitor: ['visitor', 'CENTRE', 'visit-api'],
  coordinator: ['coordinator', 'CENTRE', 'coord-api'],
  CGJ: ['department', 'CGJ', 'dept-cgj-api'],
});
const as = (who: string) => suite.as(who);
const HOUR = 3_600_000;

describe('抽查', () => {
  it('lets the inspector score a sampled order on the rubric and open a supervision case against the unit', async () => {
    const created = await as('operator').post('/orders', noiseComplaint);
    const orderId = created.body.orderId as string;
    expect((await as('CGJ').post(`/orders/${orderId}/acknowledge`)).status).toBe(200);
    const reply = '经核查，该工地夜间施工未办理许可，执法人员已于当晚到场责令停工并立案处罚，此后夜查未再发现。';
    expect((await as('CGJ').post(`/orders/${orderId}/complete`, { reply })).status).toBe(200);
    await as('visitor').post(`/orders/${orderId}/visit`, { satisfaction: 'satisfied', resolution: 'resolved' });
    const now = Date.now();
    await eventually(
      () =>
        drawInspection(suite.stack.harness.testDb.database.db, {
          week: '2026-11-30',
          from: now - HOUR,
          to: now + HOUR,
          seed: 'browser-test',
          sizes: { order: 3, intake: 2 },
          policyVersion: 1,
          drawnAt: now,
        }),
      (d) => d.items === 2,
    );

    const page = await suite.users.signedIn('inspect-001', '/console/inspections');
    const row = page.locator('tr', { hasText: '办理抽查' });
    await row.waitFor(UI);
    await row.getByRole('button', { name: '评分' }).click();
    const form = page.getByTestId('inspection-form');
    await expect(form.textContent()).resolves.toContain(reply);
    for (const [item, score] of [
      ['办理时效', '5 分'],
      ['答复实质', '2 分'],
      ['服务态度', '4 分'],
      ['问题真正解决', '1 分'],
    ] as const) {
      await form.locator('.ant-form-item', { hasText: item }).getByText(score, { exact: true }).click();
    }
    await form.getByLabel('抽查意见').fill('暗访：夜间仍有施工，答复与实际不符');
    await form.getByText('开具问责线索', { exact: true }).click();
    await form.getByRole('button', { name: '提交评分' }).click();
    await form.getByText('请填写理由').waitFor(UI);
    await form.getByLabel('问责理由').fill('答复称已停工，暗访发现仍在夜间施工，涉嫌虚假办结');
    // The error fades out: the check reads the screen once it has gone.
    await form.getByText('请填写理由').waitFor({ state: 'detached', ...UI });
    expect(await latinWords(page)).toEqual([]);
    await expectAccessible(page, '抽查');
    await screenshot(page, 'inspection');
    await form.getByRole('button', { name: '提交评分' }).click();
    await expect(page.getByTestId('notice').textContent(UI)).resolves.toBe('已评分，并已开具问责线索。');

    const cases = await as('coordinator').get('/supervision-cases');
    expect(cases.body.items).toEqual([
      expect.objectContaining({ unit: 'CGJ', orderId, reason: '答复称已停工，暗访发现仍在夜间施工，涉嫌虚假办结' }),
    ]);

    // The operator's intake of the same order: scored on the intake rubric, no action offered.
    const intake = page.locator('tr', { hasText: '受理抽查' });
    await intake.getByRole('button', { name: '评分' }).click();
    const intakeForm = page.getByTestId('inspection-form');
    for (const item of ['分类准确', '要素完整', '规范答复（转办口径）']) {
      await intakeForm.locator('.ant-form-item', { hasText: item }).getByText('4 分', { exact: true }).click();
    }
    // An intake is judged on the operator's work: nothing to reopen, no unit to hold to account.
    expect(await intakeForm.textContent()).not.toContain('重办');
    await intakeForm.getByRole('button', { name: '提交评分' }).click();
    await expect(page.getByTestId('notice').textContent(UI)).resolves.toBe('已评分。');
    await expect.poll(() => page.locator('tr', { hasText: orderId }).count(), UI).toBe(0);
  }, 120_000);
});
