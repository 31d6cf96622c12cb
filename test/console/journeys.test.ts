/**
 * The console in a real browser, one journey per screen, end to end through the UI on real Temporal
 * and PostgreSQL (orders a journey only starts from are created through the API). Each screen is
 * checked with axe-core and photographed.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { issueToken } from '../../api/http/auth';
import { orders } from '../../db/schema';
import { eventually } from '../../support';
import { TEST_AUTH_SECRET } from '../helpers/api';
import {
  act,
  consoleSuite,
  choose,
  DESKTOP,
  expectAccessible,
  PHONE,
  screenshot,
  stateTag,
  UI,
} from '../helpers/browser';
import { noiseComplaint } from '../helpers/orders';

const suite = consoleSuite({
  operator: ['operator', 'CENTRE', 'op-api'],
  cgj: ['department', 'CGJ', 'dept-cgj-2'],
});
const as = (who: string) => suite.as(who);

const newPage = (viewport = DESKTOP) => suite.users.newPage(viewport);
const signedIn = (sub: string, path?: string) => suite.users.signedIn(sub, path);

async function fillIntake(page: Page, f: { description: string; category?: string; phone?: string; name?: string }) {
  await page.getByLabel('诉求内容').fill(f.description);
  if (f.category) await choose(page, '派单分类（可搜索）', f.category, f.category.slice(-3));
  if (f.name) await page.getByLabel('市民姓名').fill(f.name);
  if (f.phone) await page.getByLabel('联系电话').fill(f.phone);
}

/** Submits the intake form; the order number and verification code the desk shows. */
async function submitted(page: Page, button = '提交工单') {
  await page.getByRole('button', { name: button }).click();
  const title = await page.locator('.ant-result-title').textContent();
  const orderId = /WO[0-9A-Z]{14}/.exec(title ?? '')![0];
  return { orderId, code: (await page.getByTestId('verification-code').textContent())! };
}

let callerNumber = 0;
/**
 * An order created through the API (the journeys that start from an existing order), from a caller
 * of its own unless told: the same caller again would be held back as a likely repeat (并单).
 */
async function apiOrder(phone = `1390000${String(++callerNumber).padStart(4, '0')}`): Promise<string> {
  const res = await as('operator').post('/orders', { ...noiseComplaint, citizen: { name: '王五', phone } });
  expect(res.status).toBe(201);
  const orderId = res.body.orderId as string;
  await eventually(
    () => as('cgj').get(`/inbox?limit=100`),
    (r) => r.body.items.some((o: { orderId: string }) => o.orderId === orderId),
  );
  return orderId;
}

const openOrder = (page: Page, orderId: string) => suite.users.openOrder(page, orderId);

describe('console journeys', () => {
  it('sign-in lists the demo users; / redirects to the console; sign-out returns to it', async () => {
    const page = await newPage();
    await page.goto(`${suite.stack.base}/`);
    expect(page.url()).toBe(`${suite.stack.base}/console/`);
    await page.getByText('演示用户（开发环境一键登录）').waitFor();
    await expect.poll(() => page.getByRole('button', { name: /^登录 / }).count(), UI).toBeGreaterThanOrEqual(11);
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await page.getByRole('button', { name: '登录 coord-001' }).click();
    await page.getByRole('heading', { name: '督办协调' }).waitFor();
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByText('演示用户（开发环境一键登录）').waitFor();
  });

  it('intake → department signs and completes → return visit → closed, visible on the citizen page', async () => {
    const operator = await signedIn('op-001');
    await fillIntake(operator, {
      description: '夜间施工噪音扰民，晚上十一点后仍在打桩',
      category: '噪音扰民-施工噪音',
      name: '张三',
      phone: '13800138000',
    });
    const preview = operator.getByTestId('dispatch-preview');
    await preview.getByText('临江区城市管理综合执法局').waitFor();
    await preview.getByText('办理时限').first().waitFor();
    await expectAccessible(operator, 'intake');
    const { orderId, code } = await submitted(operator);
    expect(code).toMatch(/^\d{6}$/);

    const cgj = await signedIn('dept-cgj', '/console/inbox');
    const row = cgj.locator(`tr[data-order-id="${orderId}"]`);
    await row.waitFor();
    await expect.poll(() => row.locator('[data-sla]').getAttribute('data-sla'), UI).toBe('on_track');
    await expectAccessible(cgj, 'inbox');
    await screenshot(cgj, 'inbox');
    await row.getByRole('link', { name: orderId }).click();
    await expect.poll(() => stateTag(cgj).textContent(), UI).toBe('已派单');
    await act(cgj, '签收', { 签收备注: '已安排执法队员' });
    await expect.poll(() => stateTag(cgj).textContent(), UI).toBe('已签收');
    await act(cgj, '办结', { 答复市民内容: '已责令施工单位22点后停止施工' });
    await expect.poll(() => stateTag(cgj).textContent(), UI).toBe('已办结待回访');
    await cgj.locator('[data-audit-type="completed"]').waitFor();
    await expectAccessible(cgj, 'order page');
    await screenshot(cgj, 'order');

    const visitor = await signedIn('visit-001', '/console/visits');
    await visitor.locator(`tr[data-order-id="${orderId}"]`).waitFor();
    await expectAccessible(visitor, 'return visits');
    await screenshot(visitor, 'visits');
    await visitor.getByRole('link', { name: orderId }).click();
    await act(visitor, '回访评价', {}, ['满意', '已解决']);
    await expect.poll(() => stateTag(visitor).textContent(), UI).toBe('已结案');

    const citizen = await newPage(PHONE);
    await citizen.goto(`${suite.stack.base}/console/progress`);
    await citizen.getByLabel('工单编号').fill(orderId);
    await citizen.getByLabel('验证码').fill(code === '000000' ? '000001' : '000000');
    await citizen.getByRole('button', { name: '查询' }).click();
    await citizen.getByText('工单编号或验证码不正确').waitFor();
    await citizen.getByLabel('验证码').fill(code);
    await citizen.getByRole('button', { name: '查询' }).click();
    await citizen.getByTestId('public-reply').getByText('已责令施工单位22点后停止施工').waitFor();
    await citizen.getByRole('heading', { name: '已办结' }).waitFor();
    expect(await citizen.locator('main').textContent()).not.toContain('张三');
    await expectAccessible(citizen, 'citizen progress');
    await screenshot(citizen, 'progress');
  });

  it('answers a consultation directly from a knowledge-base suggestion', async () => {
    const operator = await signedIn('op-001');
    await choose(operator, '诉求类型', '咨询');
    await operator.getByLabel('诉求内容').fill('社保卡丢了怎么补办？');
    const suggestion = operator.locator('.ant-list-item', { hasText: '社保卡丢失如何挂失和补办' });
    await suggestion.getByRole('button', { name: /查看并答复/ }).click();
    await operator.getByTestId('kb-article-body').waitFor();
    await operator.getByRole('button', { name: '按此答复并办结' }).click();
    await operator.getByTestId('follow-up').getByText('直接答复并办结').waitFor();
    await operator.getByRole('link', { name: '查看工单' }).click();
    await expect.poll(() => stateTag(operator).textContent(), UI).toBe('已结案');
  });

  it('links a repeat contact to the open order at intake (并单), and finds the caller by phone', async () => {
    const primary = await apiOrder('13700001111');
    const operator = await signedIn('op-001');
    await fillIntake(operator, {
      description: '工地又在夜间施工',
      category: '噪音扰民-施工噪音',
      phone: '13700001111',
    });
    const candidate = operator.locator('.ant-list-item', { hasText: primary });
    await candidate.getByRole('button', { name: '并入此单' }).click();
    await operator.getByTestId('follow-up').getByText(`并入工单 ${primary}`).waitFor();

    await operator.getByRole('menuitem', { name: '工单查询' }).click();
    await operator.getByLabel('来电号码').fill('137 0000 1111');
    await operator.getByRole('button', { name: '按号码查询' }).click();
    await operator.locator(`tr[data-order-id="${primary}"]`).waitFor();
    await expectAccessible(operator, 'order search');
    await screenshot(operator, 'search');
  });

  it('a coordinator rules on a returned order (退单)', async () => {
    const orderId = await apiOrder();
    const cgj = await signedIn('dept-cgj');
    await openOrder(cgj, orderId);
    await act(cgj, '退单', { 退单理由: '属于住建部门职责，非本单位' });
    await expect.poll(() => stateTag(cgj).textContent(), UI).toBe('退单待裁定');

    const coordinator = await signedIn('coord-001', '/console/board');
    const row = coordinator.locator(`tr[data-order-id="${orderId}"]`);
    await row.locator('[data-sla]').first().waitFor();
    await expectAccessible(coordinator, 'coordination board');
    await screenshot(coordinator, 'board');
    await row.getByRole('link', { name: orderId }).click();
    await act(coordinator, '退单裁定', { 裁定理由: '夜间施工噪音由城管执法负责' }, ['维持原承办单位']);
    await expect.poll(() => stateTag(coordinator).textContent(), UI).toBe('已派单');
  });

  it('a coordinator grants an extension; an override without a reason is refused', async () => {
    const orderId = await apiOrder();
    expect((await as('cgj').post(`/orders/${orderId}/acknowledge`)).status).toBe(200);
    const cgj = await signedIn('dept-cgj');
    await openOrder(cgj, orderId);
    // The longest extension the policy allows on the working calendar, as the picker offers it.
    await act(cgj, '延期申请', { 延期理由: '需协调施工单位整改' }, [], 1);
    await expect.poll(() => stateTag(cgj).textContent(), UI).toBe('延期申请中');

    const coordinator = await signedIn('coord-001', '/console/board');
    await coordinator.getByRole('tab', { name: '延期申请' }).click();
    const row = coordinator.locator(`tr[data-order-id="${orderId}"]`);
    await row.getByText('需协调施工单位整改').waitFor();
    await row.getByRole('link', { name: orderId }).click();
    await act(coordinator, '延期审批', { 审批意见: '同意延期' }, ['批准']);
    await expect.poll(() => stateTag(coordinator).textContent(), UI).toBe('已签收');
    await coordinator.locator('[data-audit-type="extension_granted"]').waitFor();

    await coordinator.getByRole('button', { name: '强制结案', exact: true }).click();
    const dialog = coordinator.getByRole('dialog');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.getByText('请填写结案理由').waitFor();
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(await stateTag(coordinator).textContent()).toBe('已签收');
  });

  it('a department of another unit sees nothing of the order', async () => {
    const orderId = await apiOrder();
    const water = await signedIn('dept-water', '/console/inbox');
    await water.getByRole('heading', { name: '部门工作台 · 待办工单' }).waitFor();
    await water.locator('.ant-table-tbody').first().waitFor();
    expect(await water.locator(`tr[data-order-id="${orderId}"]`).count()).toBe(0);
    await openOrder(water, orderId);
    await water.getByRole('alert').getByText('未找到（或无权查看）').waitFor();
  });

  it('an inbox row changes live when another user acts', async () => {
    const cgj = await signedIn('dept-cgj', '/console/inbox');
    await cgj.locator('.ant-table-tbody').first().waitFor();
    const started = Date.now();
    const orderId = await apiOrder();
    const row = cgj.locator(`tr[data-order-id="${orderId}"]`);
    await row.waitFor({ timeout: 5_000 });
    const appeared = Date.now() - started;
    const acted = Date.now();
    expect((await as('cgj').post(`/orders/${orderId}/acknowledge`)).status).toBe(200);
    await row.getByText('已签收').waitFor({ timeout: 5_000 });
    console.log(
      `live inbox: new order on screen ${appeared} ms after intake started, sign-for ${Date.now() - acted} ms`,
    );
  });

  it('an expired token returns to sign-in and keeps the half-filled intake form', async () => {
    const page = await newPage();
    await page.goto(`${suite.stack.base}/console/intake`);
    const short = await issueToken(TEST_AUTH_SECRET, { sub: 'op-short', role: 'operator', unit: 'CENTRE' }, '8s');
    await page.getByLabel('令牌').fill(short);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByLabel('诉求内容').fill('小区门口路灯坏了一个月');
    await page.getByLabel('市民姓名').fill('赵六');
    await page.getByText('登录已过期').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: '登录 op-001' }).click();
    await expect.poll(() => page.getByLabel('诉求内容').inputValue(), UI).toBe('小区门口路灯坏了一个月');
    expect(await page.getByLabel('市民姓名').inputValue()).toBe('赵六');
  });

  it('the review queue for the reviewer role', async () => {
    const reviewer = await signedIn('review-001');
    await reviewer.getByRole('heading', { name: '第三方评议 · 待评议' }).waitFor();
    await expectAccessible(reviewer, 'review queue');
    await screenshot(reviewer, 'reviews');
  });

  it('an inbox of 1,000 open orders renders its first page quickly', async () => {
    const now = Date.now();
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      orderId: `WO${String(i).padStart(4, '0')}PERFSCJG00`,
      orderType: 'complaint',
      channel: 'phone',
      category: 'food_safety',
      urgency: 'normal',
      state: i % 3 ? 'dispatched' : 'acknowledged',
      slaState: ['on_track', 'at_risk', 'breached'][i % 3]!,
      leadUnit: 'SCJG',
      assistingUnits: [],
      policyVersion: 1,
      snapshot: {},
      receivedAt: new Date(now - 3_600_000),
      responseDueAt: new Date(now + (i - 300) * 60_000),
      handlingDueAt: new Date(now + i * 3_600_000),
      updatedAt: new Date(now),
      lastSeq: 2,
    }));
    await suite.stack.harness.testDb.database.db.insert(orders).values(rows);
    const scjg = await signedIn('dept-scjg');
    await scjg.goto(`${suite.stack.base}/console/inbox`);
    await expect.poll(() => scjg.locator('tr[data-order-id]').count(), UI).toBe(50);
    const ms = await scjg.evaluate(
      () => (globalThis as unknown as { firstRowsAt: Record<string, number> }).firstRowsAt.inbox!,
    );
    console.log(`inbox with 1,000 open orders: first 50 rows on screen ${ms.toFixed(0)} ms after navigation start`);
    const first = await scjg.locator('tr[data-order-id]').first().getAttribute('data-order-id');
    expect(first).toBe('WO0000PERFSCJG00');
    await scjg.getByRole('button', { name: '加载更多' }).click();
    await expect.poll(() => scjg.locator('tr[data-order-id]').count(), UI).toBe(100);
  });
});
