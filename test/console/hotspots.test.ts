/**
 * 热点分析 in a real browser on real Temporal and PostgreSQL, as the coordinator: noise complaints filed
 * through the API at one 事发地址 (distinct callers, so intake holds none as a repeat), with the weeks and
 * months before written as read-model copies of one of them (history intake cannot backdate); the week's
 * hotspot judged significant by the rule shown above the table, the place listed as a structural problem
 * with its orders, taken on as 专项治理 and listed in the tracker.
 */
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { orders } from '../../db/schema';
import { chinaWeekStart } from '../../domain/hotspots';
import { eventually } from '../../support';
import { choose, consoleSuite, expectAccessible, latinWords, screenshot, UI } from '../helpers/browser';
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
  const db = suite.stack.harness.testDb.database.db;
  await eventually(
    () => db.select().from(orders).where(eq(orders.orderId, filed[0]!)),
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
  const hot = page.getByRole('table', { name: '本周热点' });
  const row = hot.locator('tbody tr', { hasText: '噪音扰民-施工噪音' }).first();
  await expect.poll(() => row.innerText(), UI).toContain('显著热点');
  expect((await row.locator('td').allInnerTexts()).slice(0, 5)).toEqual([
    '噪音扰民-施工噪音',
    '临江区',
    '5',
    '1.0',
    '+4.0',
  ]);
  await page.getByText('判定规则：本周件数不少于 5 件').waitFor(UI);
  await expect.poll(() => page.locator('canvas').count(), UI).toBe(1);

  const candidate = page.getByTestId('candidate').filter({ hasText: ADDRESS });
  await candidate.waitFor(UI);
  for (const id of [...filed, ...earlier])
    expect(await candidate.getByRole('link', { name: id, exact: true }).getAttribute('href')).toBe(
      `/console/orders/${id}`,
    );
  await screenshot(page, 'hotspots');

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

  expect(await latinWords(page)).toEqual([]);
  await expectAccessible(page, '热点分析');
  await screenshot(page, 'hotspots-topic');
});
