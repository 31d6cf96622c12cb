/**
 * The desks a shift lives on, in a real browser on real Temporal and PostgreSQL: the held queue (待派单),
 * the unit's inbox and order page, the coordinators' board and the return-visit queue — each screen read
 * as its user reads it (Chinese only, the clock that concerns them, who acted), checked with axe-core and
 * photographed. Orders are made through the API; a few read-model rows are written directly where a
 * state takes minutes of real time (a clock at 80 %, a breach).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { orders } from '../../db/schema';
import { DEFAULT_POLICY } from '../../db/seed-data';
import { eventually } from '../../support';
import { act, consoleSuite, expectAccessible, latinWords, screenshot, stateTag, UI } from '../helpers/browser';
import { noiseComplaint, unclassifiedHelp } from '../helpers/orders';

const suite = consoleSuite({
  operator: ['operator', 'CENTRE', 'op-api'],
  coordinator: ['coordinator', 'CENTRE', 'coord-api'],
  visitor: ['visitor', 'CENTRE', 'visit-api'],
  admin: ['admin', 'CENTRE', 'admin-api'],
  CGJ: ['department', 'CGJ', 'dept-cgj-api'],
});
const as = (who: string) => suite.as(who);

const MIN = 60_000;
/** Disputes on the board when its time to show is measured. */
const DISPUTES = 20;
let callerNumber = 0;
const phone = () => `1360000${String(++callerNumber).padStart(4, '0')}`;

/** A complaint through the API from a caller of its own, in CGJ's inbox (ZJJ and STHJ assist). */
async function complaint(description = noiseComplaint.description): Promise<string> {
  const res = await as('operator').post('/orders', {
    ...noiseComplaint,
    description,
    citizen: { ...noiseComplaint.citizen, phone: phone() },
  });
  expect(res.status).toBe(201);
  const orderId = res.body.orderId as string;
  await eventually(
    () => as('CGJ').get(`/inbox?limit=100`),
    (r) => r.body.items.some((o: { orderId: string }) => o.orderId === orderId),
  );
  return orderId;
}

let fakeNumber = 0;
/**
 * A read-model row as the workflow would have written it minutes ago (no workflow behind it: only for
 * what a list shows). `clock`: its one live clock; `snapshot`: more of the order's view.
 */
async function pastRow(f: {
  state: string;
  leadUnit: string | null;
  receivedAgoMs: number;
  clock: { kind: string; dueInMs: number; slaState: string };
  escalationLevel?: number;
  snapshot?: Record<string, unknown>;
}): Promise<string> {
  const now = Date.now();
  const orderId = `WO${String(++fakeNumber).padStart(4, '0')}DESKROW000`;
  const dueAt = now + f.clock.dueInMs;
  await suite.stack.harness.testDb.database.db.insert(orders).values({
    orderId,
    orderType: 'complaint',
    channel: 'phone',
    category: 'noise_construction',
    urgency: 'normal',
    state: f.state,
    slaState: f.clock.slaState,
    escalationLevel: f.escalationLevel ?? 0,
    leadUnit: f.leadUnit,
    assistingUnits: [],
    policyVersion: 1,
    snapshot: {
      description: '深夜工地打桩，噪音很大',
      categoryName: '噪音扰民-施工噪音',
      incidentAddress: '临江区建设路18号工地',
      clocks: [
        {
          kind: f.clock.kind,
          subject: null,
          dueAt,
          remainingMs: f.clock.dueInMs,
          paused: false,
          slaState: f.clock.slaState,
          stoppedAt: null,
        },
      ],
      ...f.snapshot,
    },
    receivedAt: new Date(now - f.receivedAgoMs),
    responseDueAt: f.clock.kind === 'response' ? new Date(dueAt) : null,
    handlingDueAt: f.clock.kind === 'handling' ? new Date(dueAt) : null,
    updatedAt: new Date(now),
    lastSeq: 3,
  });
  return orderId;
}

const row = (page: Page, orderId: string) => page.locator(`tr[data-order-id="${orderId}"]`);
const gone = (page: Page, orderId: string) => expect.poll(() => row(page, orderId).count(), UI).toBe(0);

async function readAsUser(page: Page, screen: string) {
  // No row under the pointer: a hovered row's colours are not what the reader sees.
  await page.mouse.move(0, 0);
  expect(await latinWords(page), `Latin words on ${screen}`).toEqual([]);
  await expectAccessible(page, screen);
  await screenshot(page, screen);
}

describe('the desks', () => {
  it('待派单: a held order is one click from a unit or its primary order, and warns before its response clock breaches', async () => {
    // The demo city's policy: a likely repeat is held back from dispatch (the harness turns that off).
    expect((await as('admin').post('/admin/policy', { ...DEFAULT_POLICY, reason: '恢复暂缓派单' })).status).toBe(200);
    const caller = phone();
    const body = { ...noiseComplaint, citizen: { ...noiseComplaint.citizen, phone: caller } };
    const primary = (await as('operator').post('/orders', body)).body.orderId as string;
    await eventually(
      () => as('CGJ').get('/inbox?limit=100'),
      (r) => r.body.items.some((o: { orderId: string }) => o.orderId === primary),
    );
    const repeat = await as('operator').post('/orders', { ...body, description: '工地又在半夜打桩' });
    expect(repeat.body.dispatchHeld).toBeDefined();
    const noUnit = await as('operator').post('/orders', {
      ...unclassifiedHelp,
      citizen: { ...unclassifiedHelp.citizen, phone: phone() },
    });
    // A held order twelve of its fifteen minutes on: 80 % of its response clock gone.
    const late = await pastRow({
      state: 'received',
      leadUnit: null,
      receivedAgoMs: 12 * MIN,
      clock: { kind: 'response', dueInMs: 3 * MIN, slaState: 'at_risk' },
    });

    const operator = await suite.users.signedIn('op-001', '/console/held');
    await row(operator, late).waitFor();
    expect(await row(operator, late).getAttribute('data-warn')).toBe('75');
    await operator.getByTestId('held-warning').waitFor();
    expect(await row(operator, late).locator('[data-sla]').textContent()).toMatch(/^临期 · 剩余 2分\d+秒$/);
    const repeated = row(operator, repeat.body.orderId);
    await repeated.getByRole('button', { name: `并入 ${primary}` }).waitFor();
    await repeated.getByRole('button', { name: '派单至临江区城市管理综合执法局' }).waitFor();
    await readAsUser(operator, 'held');

    await repeated.getByRole('button', { name: `并入 ${primary}` }).click();
    await gone(operator, repeat.body.orderId);
    await eventually(
      () => as('operator').get(`/orders/${repeat.body.orderId}`),
      (r) => r.body.closureCode === 'merged',
    );

    const unowned = row(operator, noUnit.body.orderId);
    await unowned.getByLabel(`${noUnit.body.orderId} 派至单位`).click();
    await operator.keyboard.type('城市管理');
    await operator
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '城市管理' })
      .first()
      .click();
    await unowned.getByRole('button', { name: '派单', exact: true }).click();
    await gone(operator, noUnit.body.orderId);
    const dispatched = await as('operator').get(`/orders/${noUnit.body.orderId}`);
    expect(dispatched.body).toMatchObject({ state: 'dispatched', leadUnit: 'CGJ' });

    // Coordinators see the queue too, from their board.
    const coordinator = await suite.users.signedIn('coord-001', '/console/board');
    await coordinator.getByRole('link', { name: /^待派单工单（\d+）$/ }).click();
    await row(coordinator, late).waitFor();
    expect(
      (
        await as('admin').post('/admin/policy', {
          ...DEFAULT_POLICY,
          repeat: { ...DEFAULT_POLICY.repeat, holdConfidence: 1 },
          reason: '不再暂缓派单',
        })
      ).status,
    ).toBe(200);
  });

  it('部门工作台 and the order page: the request and place, search, counts, the unit’s own clock, paused, awaiting a ruling, breached, a new order highlighted', async () => {
    const signed = await complaint('小区旁工地夜间施工，电锯声持续到凌晨');
    expect((await as('CGJ').post(`/orders/${signed}/acknowledge`)).status).toBe(200);
    const paused = await complaint();
    expect((await as('coordinator').post(`/orders/${paused}/pause`, { reason: '等待市民补充材料' })).status).toBe(200);
    const returned = await complaint();
    expect((await as('CGJ').post(`/orders/${returned}/return`, { reason: '属于住建部门职责' })).status).toBe(200);
    const breached = await pastRow({
      state: 'dispatched',
      leadUnit: 'CGJ',
      receivedAgoMs: 19 * MIN,
      clock: { kind: 'response', dueInMs: -(4 * MIN + 9_000), slaState: 'breached' },
    });

    const cgj = await suite.users.signedIn('dept-cgj', '/console/inbox');
    const breachedCell = row(cgj, breached).locator('[data-sla]');
    await expect.poll(() => breachedCell.textContent(), UI).toMatch(/^已超时 4分\d+秒$/);
    await expect.poll(() => row(cgj, paused).locator('[data-sla]').textContent(), UI).toMatch(/^暂停计时/);
    expect(await row(cgj, returned).locator('[data-sla]').textContent()).toBe('待裁定');
    await row(cgj, breached).getByText('深夜工地打桩，噪音很大').waitFor();
    await row(cgj, breached).getByText('地点：临江区建设路18号工地').waitFor();
    const arriving = await complaint('桥下夜间施工噪音扰民');
    await expect.poll(() => row(cgj, arriving).getAttribute('data-new'), UI).toBe('true');
    await readAsUser(cgj, 'inbox');
    const counts = (await as('CGJ').get('/inbox/counts')).body as { lead: Record<string, number> };
    const lead = Object.values(counts.lead).reduce((a, b) => a + b, 0);
    await cgj.getByRole('tab', { name: `主办（${lead}）` }).waitFor(UI);
    await cgj.getByLabel('状态筛选').click();
    await cgj.locator('.ant-select-item-option', { hasText: `退单待裁定（${counts.lead.returned}）` }).waitFor();
    await cgj.keyboard.press('Escape');

    await cgj.getByLabel('搜索工单').fill('电锯声');
    await cgj.getByLabel('搜索工单').press('Enter');
    await expect.poll(() => cgj.locator('tr[data-order-id]').count(), UI).toBe(1);
    await row(cgj, signed).waitFor();

    // An assisting unit counts down its own 协办时限, not the lead's 15-minute response clock.
    const zjj = await suite.users.signedIn('dept-zjj', '/console/inbox');
    await zjj.getByRole('tab', { name: /^协办（\d+）$/ }).click();
    await row(zjj, signed).waitFor();
    await zjj.getByRole('columnheader', { name: '协办时限' }).waitFor();
    expect(await row(zjj, signed).locator('[data-sla]').textContent()).toMatch(/^剩余 \d+天/);

    // The order page: paused clocks say so; one pause of every clock is one line, naming who acted.
    await suite.users.openOrder(cgj, paused);
    await cgj
      .locator('tr[data-clock="handling"]')
      .getByText(/^暂停计时/)
      .waitFor();
    await cgj.locator('[data-audit-type="clock_paused"]').first().waitFor();
    expect(await cgj.locator('[data-audit-type="clock_paused"]').count()).toBe(1);
    const pauseLine = (await cgj.locator('[data-audit-type="clock_paused"]').textContent())!;
    expect(pauseLine).toContain('协调督办员');
    expect(pauseLine).toMatch(/签收时限.*办理时限|办理时限.*签收时限/);
    expect(await cgj.locator('[data-audit-type="received"]').textContent()).toContain('话务员');

    // 延期申请: the picker knows the working calendar and the policy's longest extension.
    await suite.users.openOrder(cgj, signed);
    await cgj.getByRole('button', { name: '延期申请', exact: true }).click();
    const dialog = cgj.getByRole('dialog');
    await cgj.locator('[data-audit-type="acknowledged"]').getByText('临江区城市管理综合执法局').waitFor();
    const window = await dialog.getByTestId('deadline-window').textContent();
    expect(window).toMatch(
      /按政策最长延长 15工作日，即至 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}（北京时间），节假日和周末不可选/,
    );
    const picker = cgj.locator('.ant-picker-dropdown:visible');
    // A click while the dialog still animates in may not open the picker: click until it is open.
    await expect
      .poll(async () => {
        if (!(await picker.count())) await dialog.getByLabel('申请延期至', { exact: true }).click();
        return picker.count();
      }, UI)
      .toBe(1);
    // Days off after the current deadline cannot be picked (the window's days off, from the API).
    const { deadlineWindow } = (await as('CGJ').get(`/orders/${signed}`)).body as {
      deadlineWindow: { current: string; daysOff: string[] };
    };
    const currentDay = new Date(Date.parse(deadlineWindow.current) + 8 * 3_600_000).toISOString().slice(0, 10);
    const after = deadlineWindow.daysOff.filter((d) => d > currentDay);
    let checked = 0;
    // The month shown first, then the next if this one has no day off left.
    for (let month = 0; month < 2 && !checked; month++) {
      if (month) await picker.locator('.ant-picker-date-panel .ant-picker-header-next-btn').click();
      const shown = (await picker.locator('.ant-picker-date-panel .ant-picker-header-view').innerText()).match(/\d+/g)!;
      const prefix = `${shown[0]}-${shown[1]!.padStart(2, '0')}-`;
      for (const day of after.filter((d) => d.startsWith(prefix))) {
        const cell = picker.locator('td.ant-picker-cell-in-view', { hasText: new RegExp(`^${Number(day.slice(8))}$`) });
        expect(await cell.getAttribute('class'), day).toContain('ant-picker-cell-disabled');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    await cgj.keyboard.press('Escape');
    await dialog.getByRole('button', { name: '取消' }).click();
    await act(cgj, '延期申请', { 延期理由: '需协调施工单位整改' }, [], 1);
    await expect.poll(() => stateTag(cgj).textContent(), UI).toBe('延期申请中');
    await readAsUser(cgj, 'order');
  });

  it('督办协调: tabs with counts from rows that carry every column, causes and reasons in Chinese, a refusal beside its field, pause only when a clock runs', async () => {
    // A morning's disputes: the board once read each row's order, one request per row.
    const disputes = await Promise.all(Array.from({ length: DISPUTES }, () => complaint()));
    for (const id of disputes) {
      expect((await as('CGJ').post(`/orders/${id}/return`, { reason: '施工许可归住建局管理' })).status).toBe(200);
    }
    const disputed = disputes[0]!;
    const supervised = await pastRow({
      state: 'dispatched',
      leadUnit: 'CGJ',
      receivedAgoMs: 40 * MIN,
      escalationLevel: 2,
      clock: { kind: 'response', dueInMs: -25 * MIN, slaState: 'breached' },
      snapshot: { escalations: [{ level: 2, at: Date.now() - 25 * MIN, cause: 'response clock breached' }] },
    });
    const overdue = await pastRow({
      state: 'acknowledged',
      leadUnit: 'CGJ',
      receivedAgoMs: 3 * 86_400_000,
      escalationLevel: 1,
      clock: { kind: 'handling', dueInMs: -MIN, slaState: 'breached' },
      snapshot: { escalations: [{ level: 1, at: Date.now() - 86_400_000, cause: 'handling clock at 50%' }] },
    });

    const coordinator = await suite.users.newPage();
    await coordinator.goto(`${suite.stack.base}/console/`);
    await coordinator.getByRole('button', { name: '登录 coord-001' }).click();
    const disputeRow = row(coordinator, disputed);
    await disputeRow.getByText('施工许可归住建局管理').waitFor();
    // Time to show: the board opened afresh by a signed-in coordinator, every column of its rows at once.
    await coordinator.goto(`${suite.stack.base}/console/board`);
    await disputeRow.getByText('施工许可归住建局管理').waitFor();
    const shown = await coordinator.evaluate(
      () => (globalThis as unknown as { firstRowsAt: Record<string, number> }).firstRowsAt.board!,
    );
    console.log(
      `board of ${DISPUTES} disputes: first rows, every column filled, on screen ${shown.toFixed(0)} ms after navigation start`,
    );
    await disputeRow.locator('[data-sla]').first().waitFor();
    const counts = (await as('coordinator').get('/escalations/counts')).body.counts as Record<string, number>;
    await coordinator.getByRole('tab', { name: `退单待裁定（${counts.disputes}）` }).waitFor();
    await readAsUser(coordinator, 'board');

    await coordinator.getByRole('tab', { name: `督办（L2 及以上）（${counts.supervision}）` }).click();
    await row(coordinator, supervised).getByText('响应超时').waitFor();
    await coordinator.getByRole('tab', { name: `超时未督办（${counts.overdue}）` }).click();
    await row(coordinator, overdue).getByText('办理时限已过 50%').waitFor();
    expect(await latinWords(coordinator)).toEqual([]);

    // 改派 without a unit: the API's rule, in Chinese, beside 改派至.
    await suite.users.openOrder(coordinator, disputed);
    await coordinator.getByRole('button', { name: '暂停计时', exact: true }).waitFor();
    expect(await coordinator.getByRole('button', { name: '恢复计时', exact: true }).count()).toBe(0);
    await coordinator.getByRole('button', { name: '退单裁定', exact: true }).click();
    const dialog = coordinator.getByRole('dialog');
    await dialog.getByText('改派其他单位', { exact: true }).click();
    await dialog.getByLabel('裁定理由', { exact: true }).fill('应由其他单位办理');
    await dialog.getByRole('button', { name: '提交' }).click();
    const field = dialog.locator('.ant-form-item', { has: coordinator.getByText('改派至（改派时必填）') });
    await field.locator('.ant-form-item-explain-error').getByText('改派须选择当前主办单位以外的单位').waitFor();
    expect(await latinWords(coordinator)).toEqual([]);
    await dialog.getByRole('button', { name: '取消' }).click();

    await act(coordinator, '暂停计时', { 暂停理由: '等待住建局出具意见' });
    await coordinator.getByRole('button', { name: '恢复计时', exact: true }).waitFor();
    expect(await coordinator.getByRole('button', { name: '暂停计时', exact: true }).count()).toBe(0);
  });

  it('回访: the visit deadline, the failed attempts and a call script with the request and the unit’s reply', async () => {
    const orderId = await complaint('工地围挡倒塌占道，行人无法通过');
    expect((await as('CGJ').post(`/orders/${orderId}/acknowledge`)).status).toBe(200);
    const reply = '已责令施工单位当日恢复围挡并清理占道';
    expect((await as('CGJ').post(`/orders/${orderId}/complete`, { reply })).status).toBe(200);
    expect((await as('visitor').post(`/orders/${orderId}/visit-attempts`, { note: '无人接听' })).status).toBe(200);

    const visitor = await suite.users.signedIn('visit-001', '/console/visits');
    const visit = row(visitor, orderId);
    await expect.poll(() => visit.locator('[data-sla]').getAttribute('data-sla'), UI).toBe('on_track');
    expect(await visit.locator('[data-sla]').textContent()).toMatch(/^剩余 \d+天/);
    expect(await visit.getByTestId('visit-attempts').textContent()).toBe('1 次');
    await visit.getByRole('button', { name: /展开/ }).click();
    const script = visitor.getByTestId(`script-${orderId}`);
    await script.getByText('工地围挡倒塌占道，行人无法通过').waitFor();
    await script.getByText(reply).waitFor();
    await script.getByText('您对办理结果是否满意？（满意 / 基本满意 / 不满意）').waitFor();
    await readAsUser(visitor, 'visits');
  });
});
