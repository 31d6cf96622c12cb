/**
 * The manager's 考核看板 in a real browser on real Temporal and PostgreSQL: the units' figures raw and
 * adjusted, the composite, rank and change against last week; a figure drilled down to its orders; the
 * CSV and workbook downloads equal to the screen. CGJ's figures come from orders made through the API;
 * other units' weeks are outcome rows written directly, as the trail would have yielded them over weeks
 * of real time (each row carries the order it counts, like every outcome row).
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { orderOutcomes } from '../../db/schema';
import type { OutcomeName } from '../../domain/kpi';
import { eventually } from '../../support';
import { consoleSuite, expectAccessible, latinWords, screenshot, UI } from '../helpers/browser';
import { noiseComplaint } from '../helpers/orders';

const suite = consoleSuite({
  // A work number as the wall shows it (话务员负荷).
  operator: ['operator', 'CENTRE', 'op-900'],
  manager: ['manager', 'CENTRE', 'dir-api'],
  CGJ: ['department', 'CGJ', 'dept-cgj-api'],
});
const as = (who: string) => suite.as(who);

const DAY = 86_400_000;
let rowNumber = 0;
/**
 * `n` outcomes of `name` for a unit, dated `weeksAgo` weeks before now, one order each, and for each `hits`
 * entry that many of them also counted as that name (as the trail yields one row per counted outcome).
 */
async function history(unit: string, weeksAgo: number, name: OutcomeName, n: number, hits: [OutcomeName, number][]) {
  const at = new Date(Date.now() - weeksAgo * 7 * DAY - 1000);
  const rows = Array.from({ length: n }, () => `WOHIST${String(++rowNumber).padStart(10, '0')}`).flatMap(
    (orderId, i) => [
      { orderId, seq: 2, name, at, unit, category: 'noise_construction', value: 1 },
      ...hits
        .filter(([, count]) => i < count)
        .map(([hit]) => ({ orderId, seq: 2, name: hit, at, unit, category: 'noise_construction', value: 1 })),
    ],
  );
  await suite.stack.harness.testDb.database.db.insert(orderOutcomes).values(rows);
}

/** The text each cell of the assessment table shows first (a rate's cell shows its counts below it). */
const screenRows = (page: Page) =>
  page
    .getByTestId('assessment')
    .locator('tbody tr.ant-table-row')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.split('\n')[0]!)));

/** A workbook number as the screen writes it in that number format. */
function shown(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (typeof v !== 'number') return String(v);
  if (cell.numFmt === '0.0%') return `${(v * 100).toFixed(1)}%`;
  if (cell.numFmt === '+0.0;-0.0;0.0') return `${v > 0 ? '+' : ''}${v.toFixed(1)}`;
  return cell.numFmt === '0.0' ? v.toFixed(1) : String(v);
}

let page: Page;
const orders: string[] = [];

describe('考核看板', () => {
  it('shows each unit’s rates raw and adjusted, the composite, rank and change against last week, and the trend', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await as('operator').post('/orders', {
        ...noiseComplaint,
        citizen: { ...noiseComplaint.citizen, phone: `1370000${String(i).padStart(4, '0')}` },
      });
      expect(res.status).toBe(201);
      orders.push(res.body.orderId);
    }
    expect((await as('CGJ').post(`/orders/${orders[0]}/acknowledge`)).status).toBe(200);
    expect((await as('CGJ').post(`/orders/${orders[1]}/return`, { reason: '非本单位职责' })).status).toBe(200);
    // WATER: 3 of 4 on time this week, 1 of 2 last week; SCJG: 2 of 4 satisfied, nothing last week; ZJJ: older weeks.
    await history('WATER', 0, 'responseJudged', 4, [['responseOnTime', 3]]);
    await history('WATER', 1, 'responseJudged', 2, [['responseOnTime', 1]]);
    await history('SCJG', 0, 'ratedVisits', 4, [['satisfied', 2]]);
    for (let w = 2; w < 8; w++) {
      await history('ZJJ', w, 'handlingJudged', 10, [['handlingOnTime', 10 - w]]);
      await history('ZJJ', w, 'ratedVisits', 10, [
        ['satisfied', 4 + w],
        ['resolved', 3 + w],
      ]);
    }
    await eventually(
      () =>
        as('manager').get(
          `/kpis?from=${encodeURIComponent(new Date(Date.now() - DAY).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + DAY).toISOString())}`,
        ),
      (r) =>
        r.body.rows.some(
          (row: { group: string; raw: { counts: Record<string, number> } }) =>
            row.group === 'CGJ' && row.raw.counts.returnedAssignments === 1,
        ),
    );

    page = await suite.users.signedIn('dir-001');
    // The manager's home is the dashboard; measured from a fresh load to CGJ's figures on the screen.
    const started = Date.now();
    await page.goto(`${suite.stack.base}/console/dashboard`);
    const cgjReturn = page.getByTestId('figure-CGJ-returnRate.raw');
    await cgjReturn.waitFor(UI);
    const firstRender = Date.now() - started;
    console.log(`考核看板 first render (fresh load → figures shown): ${firstRender} ms`);
    // #23 asks ≤ 2 s; the bound leaves room for a CI machine shared by other runs.
    expect(firstRender).toBeLessThan(5_000);

    const rows = await screenRows(page);
    const byUnit = Object.fromEntries(rows.map((r) => [r[1], r]));
    // Columns: rank, unit, eight rates × (raw, adjusted), composite × 2, change, rank change.
    // CGJ: signed 1 of 1 in time, returned 1 of 3 → (0.15·1 + 0.05·(1 − 1/3)) ÷ 0.20 = 91.7, first.
    expect(byUnit['临江区城市管理综合执法局']).toEqual([
      '1',
      '临江区城市管理综合执法局',
      '100.0%',
      '100.0%',
      ...Array(8).fill('—'),
      '33.3%',
      '33.3%',
      // 质检问题率: nothing completed yet; 派单准确率: nothing closed yet
      '—',
      '—',
      '—',
      '—',
      '91.7',
      '91.7',
      '上期无数据',
      '—',
    ]);
    await expect(cgjReturn.textContent()).resolves.toBe('33.3%1/3');
    const water = rows.find((r) => r[2] === '75.0%')!;
    // WATER: 75.0 now against 50.0 last week (+25.0), second now after first last week.
    expect([water[0], water.at(-4), water.at(-2), water.at(-1)]).toEqual(['2', '75.0', '+25.0', '下降1位']);
    expect(rows.map((r) => r[0])).toEqual(['1', '2', '3']);

    await expect.poll(() => page.locator('canvas').count(), UI).toBe(9);
    expect(await latinWords(page)).toEqual([]);
    await expectAccessible(page, '考核看板');
    await screenshot(page, 'dashboard');
  }, 120_000);

  it('drills a figure down to its orders: as many as its numerator and denominator count', async () => {
    const figure = page.getByTestId('figure-CGJ-returnRate.raw');
    const [, numerator, denominator] = /%(\d+)\/(\d+)$/.exec((await figure.textContent())!)!.map(Number);
    await figure.click();
    const drawer = page.getByRole('dialog');
    const listed = (part: string) =>
      drawer.getByTestId(`drill-${part}`).locator('tbody tr.ant-table-row td:first-child').allInnerTexts();
    await drawer.getByText(`已列出 ${numerator} 条，共 ${numerator} 条`).waitFor(UI);
    expect(await listed('numerator')).toEqual([orders[1]]);
    await drawer.getByRole('tab', { name: `计入分母（${denominator}）` }).click();
    await drawer.getByText(`已列出 ${denominator} 条，共 ${denominator} 条`).waitFor(UI);
    const behind = await listed('denominator');
    expect(behind).toHaveLength(denominator!);
    expect(behind.sort()).toEqual([...orders].sort());
    expect(await latinWords(page)).toEqual([]);
    await screenshot(page, 'dashboard-drill');
    // The order behind the figure opens with its trail, and the manager is offered no action on it.
    await drawer.getByRole('link', { name: orders[1] }).click();
    await page.getByText('非本单位职责').first().waitFor(UI);
    await expect(page.getByRole('button', { name: '裁定' }).count()).resolves.toBe(0);
    await page.goBack();
  }, 60_000);

  it('downloads the table as CSV and as a workbook, each equal to the screen', async () => {
    await page.getByTestId('figure-CGJ-returnRate.raw').waitFor(UI);
    const screen = await screenRows(page);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出逗号分隔文件' }).click(),
    ]);
    const lines = readFileSync((await csv.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((l) => l.slice(1, -1).split('","'));
    expect(lines[0]).toHaveLength(screen[0]!.length);
    expect(lines.slice(1)).toEqual(screen);

    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出电子表格' }).click(),
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await xlsx.path())!);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(2).values).toEqual([undefined, ...lines[0]!]);
    const cells = screen.map((_, i) => screen[0]!.map((__, j) => shown(sheet.getRow(i + 3).getCell(j + 1))));
    expect(cells).toEqual(screen);
  }, 60_000);

  it('a unit’s name opens its page for the same period: returns, extensions, escalations, categories', async () => {
    const p = await suite.users.signedIn('dir-001', '/console/dashboard');
    await p.getByRole('link', { name: '临江区城市管理综合执法局' }).click();
    const returns = p.getByTestId('unit-returns');
    await returns.waitFor(UI);
    // CGJ returned one order this week and nobody has ruled on it yet; it asked for no extension.
    expect((await returns.innerText()).replace(/\s+/g, ' ')).toBe(
      '提出退单 1 退单成立（改派） 0 退单不成立（维持） 0 待裁定 1',
    );
    expect((await p.getByTestId('unit-extensions').innerText()).replace(/\s+/g, ' ')).toBe(
      '申请 0 批准 0 驳回 0 待审批 0',
    );
    const categories = p.getByTestId('unit-categories');
    expect(await categories.locator('tbody tr').count()).toBe(1);
    expect(await categories.innerText()).toContain('噪音扰民-施工噪音');
    // The downloads hold the table on the screen.
    const screen = await categories
      .locator('tbody tr.ant-table-row')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText)));
    const [csv] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: '导出逗号分隔文件' }).click(),
    ]);
    const lines = readFileSync((await csv.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((l) => l.slice(1, -1).split('","'));
    expect(lines.slice(1)).toEqual(screen);
    const [xlsx] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: '导出电子表格' }).click(),
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await xlsx.path())!);
    const sheet = book.worksheets[0]!;
    expect(screen.map((row, i) => row.map((_, j) => shown(sheet.getRow(i + 3).getCell(j + 1))))).toEqual(screen);
    expect(await latinWords(p)).toEqual([]);
    await expectAccessible(p, '单位详情');
    await screenshot(p, 'dashboard-unit');
    await p.getByRole('link', { name: '返回考核看板' }).click();
    await p.getByTestId('figure-CGJ-returnRate.raw').waitFor(UI);
  });

  it('the duty wall follows a new order within 2 s, without a reload', async () => {
    await page.goto(`${suite.stack.base}/console/wall`);
    const value = (id: string) => page.getByTestId(`wall-${id}`).locator('.ant-statistic-content-value').textContent();
    await expect.poll(() => value('disputes'), UI).toBe('1');
    const before = Number(await value('open'));
    expect(before).toBeGreaterThanOrEqual(2);
    const res = await as('operator').post('/orders', {
      ...noiseComplaint,
      citizen: { ...noiseComplaint.citizen, phone: '13700009999' },
    });
    expect(res.status).toBe(201);
    const started = Date.now();
    await expect.poll(() => value('open'), { timeout: 2_000, interval: 50 }).toBe(String(before + 1));
    console.log(`值班大屏 followed a new order in ${Date.now() - started} ms`);
    expect(await latinWords(page)).toEqual([]);
    await expectAccessible(page, '值班大屏');
    await screenshot(page, 'wall');
  }, 60_000);
});
