/**
 * 热点分析 in a real browser on real Temporal and PostgreSQL, as the coordinator: noise complaints filed
 * through the API at one 事发地址 (distinct callers, so intake holds none as a repeat), with the weeks and
 * months before written as read-model copies of one of them (history intake cannot backdate); the week's
 * hotspot judged significant by the rule shown above the table, the place listed as a structural problem
 * with its orders, taken on as 专项治理 and listed in the tracker. Road complaints in 东湖区 (by address) and
 * 西山区 (by coordinates only) shade the district map; last week, picked on the page, shows its own counts.
 */
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { orders } from '../../db/schema';
import { chinaDay } from '../../domain/calendar';
import { chinaWeekStart } from '../../domain/hotspots';
import { eventually } from '../../support';
import { join } from 'node:path';
import {
  choose,
  consoleSuite,
  expectAccessible,
  latinWords,
  lineCount,
  screenshot,
  SCREENSHOT_DIR,
  UI,
} from '../helpers/browser';
import { orderCopies } from '../helpers/history';
import { noiseComplaint } from '../helpers/orders';

const suite = consoleSuite({ operator: ['operator', 'CENTRE', 'op-901'] });
const DAY = 86_400_000;
const ADDRESS = '临江区滨江路12号';

it('shows the week’s hotspot, a structural problem with its orders, and takes it on as 专项治理', async () => {
  const filed: string[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await suite.as('operator').post('/orders', {
      ...noiseComplaint,
      incidentAddress: ADDRESS,
      citizen: { ...noiseComplaint.citizen, phone: `1360000${String(i).padStart(4, '0')}` },
    });
    expect(res.status).toBe(201);
    filed.push(res.body.orderId);
  }
  const roads = [
    { incidentAddress: '东湖区望江路3号' },
    { incidentAddress: '东湖区文昌路18号' },
    { location: { lat: 30.27, lng: 120.1 } },
  ];
  for (const [i, where] of roads.entries()) {
    const res = await suite.as('operator').post('/orders', {
      ...noiseComplaint,
      category: 'road_damage',
      description: `路面塌陷一处，约一米见方，第 ${i + 1} 处`,
      ...where,
      citizen: { ...noiseComplaint.citizen, phone: `1370000${String(i).padStart(4, '0')}` },
    });
    expect(res.status).toBe(201);
    filed.push(res.body.orderId);
  }
  const db = suite.stack.harness.testDb.database.db;
  for (const id of filed)
    await eventually(
      () => db.select().from(orders).where(eq(orders.orderId, id)),
      (rows) => rows.length === 1,
    );
  const now = Date.now();
  const week = chinaWeekStart(now);
  // One a week in the four weeks before, and the same place in three earlier months.
  await orderCopies(
    db,
    filed[0]!,
    1,
    [1, 2, 3, 4].map((w) => week - w * 7 * DAY + DAY),
  );
  const earlier = await orderCopies(db, filed[0]!, 2, [now - 40 * DAY, now - 75 * DAY, now - 110 * DAY]);

  const page = await suite.users.signedIn('coord-001', '/console/hotspots');
  await page.getByRole('menuitem', { name: '热点分析' }).waitFor(UI);
  const hot = page.getByRole('table', { name: '本期热点' });
  const row = hot.locator('tbody tr', { hasText: '噪音扰民-施工噪音' }).first();
  await expect.poll(() => row.innerText(), UI).toContain('显著热点');
  expect((await row.locator('td').allInnerTexts()).slice(0, 6)).toEqual([
    '噪音扰民-施工噪音',
    '临江区',
    '5',
    '1',
    '+4',
    '1.0',
  ]);
  const thisWeek = `${chinaDay(week)} 至 ${chinaDay(week + 6 * DAY)}`;
  await page.getByRole('heading', { name: `热点分析 · ${thisWeek}` }).waitFor(UI);
  await page.getByText('判定规则：本期件数不少于 5 件').waitFor(UI);
  await expect.poll(() => page.locator('canvas').count(), UI).toBe(1);

  // The map: every district drawn and named with its count, shaded by it, the busiest darkest.
  const map = page.getByTestId('district-map');
  await expect
    .poll(() => map.locator('svg text').allTextContents(), UI)
    .toEqual(
      expect.arrayContaining(['临江区 5', '东湖区 2', '西山区 1', '北塘区 0', '南港区 0', '白沙区 0', '多', '少']),
    );
  expect(await map.getAttribute('aria-label')).toBe('各区本期件数地图：临江区 5 件，东湖区 2 件，西山区 1 件');
  const fills = await map
    .locator('svg path')
    .evaluateAll((paths) =>
      paths.map((p) => p.getAttribute('fill')).filter((f) => f?.startsWith('rgb') || f?.startsWith('#')),
    );
  expect(new Set(fills).size).toBeGreaterThanOrEqual(4);
  await map.getByText('东湖区 2', { exact: true }).hover();
  await expect.poll(() => map.innerText(), UI).toContain('东湖区\n本期 2 件\n上期 0 件（较上期 +2）');
  await map.screenshot({ path: join(SCREENSHOT_DIR, 'hotspot-map.png') });
  await page.mouse.move(0, 0);
  await page.evaluate('Promise.allSettled(document.getAnimations().map((a) => a.finished))');

  const candidate = page.getByTestId('candidate').filter({ hasText: ADDRESS });
  await candidate.waitFor(UI);
  for (const id of filed.slice(0, 5))
    expect(await candidate.getByRole('link', { name: id, exact: true }).getAttribute('href')).toBe(
      `/console/orders/${id}`,
    );
  for (const id of earlier)
    expect(await candidate.getByRole('link', { name: id, exact: true }).getAttribute('href')).toBe(
      `/console/orders/${id}`,
    );
  // The coordinator's menu is the longest: at 1440 px it folds into 更多 rather than widen the page.
  expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
  await screenshot(page, 'hotspots');

  // Last week, picked on the page: its one complaint against the one the week before, nothing on the roads.
  const lastWeek = week - 7 * DAY;
  await page.getByLabel('起始周').click();
  const inPanel = (day: number) => page.locator(`.ant-picker-dropdown:visible td[title="${chinaDay(day)}"]`);
  const shown = [0, 1, 2, 3, 4, 5, 6].map((d) => lastWeek + d * DAY);
  const pick = shown.find((d) => chinaDay(d).slice(0, 7) === chinaDay(week).slice(0, 7)) ?? lastWeek + 6 * DAY;
  if (!(await inPanel(pick).count()))
    await page.locator('.ant-picker-dropdown:visible .ant-picker-header-prev-btn').click();
  await inPanel(pick).click();
  await page.getByRole('heading', { name: `热点分析 · ${chinaDay(lastWeek)} 至 ${chinaDay(week - DAY)}` }).waitFor(UI);
  const before = hot.locator('tbody tr', { hasText: '噪音扰民-施工噪音' }).first();
  await expect
    .poll(async () => (await before.locator('td').allInnerTexts()).slice(0, 5), UI)
    .toEqual(['噪音扰民-施工噪音', '临江区', '1', '1', '0']);
  expect(await before.innerText()).toContain('否');
  expect(await hot.locator('tbody tr', { hasText: '道路' }).count()).toBe(0);
  await expect
    .poll(() => map.locator('svg text').allTextContents(), UI)
    .toEqual(expect.arrayContaining(['临江区 1', '东湖区 0', '西山区 0']));
  await page.getByLabel('起始周').click();
  await page.keyboard.press('Escape');
  await choose(page, '周数', '2 周');
  await expect
    .poll(() => page.getByRole('heading', { level: 1 }).innerText(), UI)
    .toBe(`热点分析 · ${chinaDay(lastWeek)} 至 ${chinaDay(week + 6 * DAY)}`);
  await expect.poll(() => before.locator('td').nth(2).innerText(), UI).toBe('6');
  await page.getByText('判定规则：本期件数不少于 10 件（每周 5 件）').waitFor(UI);

  await candidate.getByText('立为专项治理…').click();
  await choose(page, '责任单位', '临江区城市管理综合执法局', '城市管理');
  await page.getByLabel('目标完成日期').click();
  await page.keyboard.type('2027-03-31');
  await page.keyboard.press('Enter');
  await page.getByLabel('立项理由').fill('同一工地连续数月夜间施工被投诉');
  await candidate.getByRole('button', { name: '立为专项治理' }).click();
  await page.getByTestId('notice').waitFor(UI);
  await candidate.getByText('已立为专项治理').waitFor(UI);
  const topic = page.getByRole('table', { name: '专项治理' }).locator('tbody tr', { hasText: ADDRESS });
  await expect.poll(() => topic.innerText(), UI).toContain('临江区城市管理综合执法局');
  expect(await topic.innerText()).toContain('2027-03-31');
  // Each date on one line (the target date broke after its year), the page no wider than the window.
  expect(await lineCount(topic.locator('td').nth(3))).toBe(1);
  expect(await lineCount(topic.locator('td').nth(5))).toBe(1);
  expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);

  expect(await latinWords(page)).toEqual([]);
  await expectAccessible(page, '热点分析');
  await screenshot(page, 'hotspots-topic');
});
