/**
 * 督查专报 in a real browser on real Temporal and PostgreSQL, as the hotline manager: orders taken through
 * a handling breach (and its escalation), a dispute the coordinator refused and a templated reply; the
 * manager picks the day and the unit, reads each section with the orders behind its figures linked, prints
 * it without the navigation and a section to a page, and downloads the server's PDF.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { chinaDay } from '../../domain/calendar';
import { eventually } from '../../support';
import { choose, consoleSuite, expectAccessible, latinWords, screenshot, SCREENSHOT_DIR, UI } from '../helpers/browser';
import { noiseComplaint } from '../helpers/orders';

const suite = consoleSuite({
  operator: ['operator', 'CENTRE', 'op-902'],
  coordinator: ['coordinator', 'CENTRE', 'coord-902'],
  CGJ: ['department', 'CGJ', 'dept-cgj-902'],
});
const as = (who: string) => suite.as(who);

async function order(i: number): Promise<string> {
  const res = await as('operator').post('/orders', {
    ...noiseComplaint,
    citizen: { ...noiseComplaint.citizen, phone: `1372222${String(i).padStart(4, '0')}` },
  });
  expect(res.status).toBe(201);
  return res.body.orderId as string;
}

const until = (id: string, type: string) =>
  eventually(
    () => as('coordinator').get(`/orders/${id}/audit`),
    (r) => (r.body.events ?? []).some((e: { type: string }) => e.type === type),
    { timeoutMs: 30_000 },
  );

it('reads a unit’s report for a day, section by section with its orders, prints it and downloads the PDF', async () => {
  const [late, kept, templated] = (await Promise.all([1, 2, 3].map(order))) as [string, string, string];
  const ready = (id: string) =>
    eventually(
      () => as('CGJ').post(`/orders/${id}/acknowledge`, {}),
      (r) => r.status === 200,
    );
  await Promise.all([ready(late), ready(templated)]);
  await as('coordinator').post(`/orders/${late}/deadline`, {
    clock: 'handling',
    dueAt: new Date(Date.now() + 2_000).toISOString(),
    reason: '按领导批示限期办结',
  });
  await eventually(
    () => as('CGJ').post(`/orders/${kept}/return`, { reason: '该工地不在本单位管辖范围' }),
    (r) => r.status === 200,
  );
  await as('coordinator').post(`/orders/${kept}/ruling`, { decision: 'keep', reason: '属于城管执法范围' });
  await as('CGJ').post(`/orders/${templated}/complete`, { reply: '已处理' });
  await Promise.all([until(late, 'clock_breached'), until(kept, 'ruled'), until(templated, 'quality_finding')]);

  const page = await suite.users.signedIn('dir-001', '/console/dashboard');
  await page.getByRole('menuitem', { name: '督查专报' }).click();
  await page.getByRole('heading', { name: /^督查专报 · 全中心 · / }).waitFor(UI);
  // Today (China time), and the unit.
  await page.getByRole('radiogroup', { name: '报告周期' }).getByText('日', { exact: true }).click();
  await page.getByLabel('报告日期').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(chinaDay(Date.now()));
  await page.keyboard.press('Enter');
  await choose(page, '报告单位', '临江区城市管理综合执法局', '城市管理');
  await page
    .getByRole('heading', { name: /^督查专报 · 临江区城市管理综合执法局 · \d{4}年\d{1,2}月\d{1,2}日$/ })
    .waitFor(UI);

  const section = (key: string) => page.getByTestId(`report-${key}`);
  const link = (key: string, id: string) => section(key).getByRole('link', { name: id, exact: true });
  await link('breaches', late).waitFor(UI);
  expect(await link('breaches', late).getAttribute('href')).toBe(`/console/orders/${late}`);
  await expect(section('breaches').innerText()).resolves.toContain('办理超时');
  await expect(section('escalations').innerText()).resolves.toContain('办理超时');
  expect(
    await section('disputes').locator('tbody tr', { hasText: '退单不成立（中心胜，维持原派单）' }).innerText(),
  ).toContain(kept);
  await expect(section('quality').innerText()).resolves.toContain('只有套话');
  await link('quality', templated).first().waitFor(UI);
  await expect(section('inspection').innerText()).resolves.toContain('这段时间没有抽查评分');
  await expect(section('kpis').innerText()).resolves.toContain('按时办结率');
  expect(await latinWords(page)).toEqual([]);
  await page.mouse.move(0, 0);
  await page.evaluate('Promise.allSettled(document.getAnimations().map((a) => a.finished))');
  await expectAccessible(page, '督查专报');
  await screenshot(page, 'supervision-report');

  // Printed: no navigation or controls, each section from the top of a page.
  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('header').isVisible()).toBe(false);
  expect(await page.getByRole('button', { name: '下载版式文件' }).isVisible()).toBe(false);
  const breakBefore = (e: unknown) =>
    (globalThis as unknown as { getComputedStyle(e: unknown): { breakBefore: string } }).getComputedStyle(e)
      .breakBefore;
  expect(await section('breaches').evaluate(breakBefore)).toBe('page');
  await page.emulateMedia({ media: 'screen' });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '下载版式文件' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^督查专报_临江区城市管理综合执法局_.*\.pdf$/);
  const pdf = await readFile((await download.path())!);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  // Kept beside the screenshots: docs/console/supervision-report-pdf.png is its first page.
  await download.saveAs(join(SCREENSHOT_DIR, 'supervision-report.pdf'));
}, 120_000);
