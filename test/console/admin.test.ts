/**
 * The administrator's screens (#23 item 3) in a real browser on real Temporal and PostgreSQL, as an
 * administrator goes through them: a unit's duty contact edited and stored; the dispatch catalogue
 * exported, a changed file previewed change by change and imported, the catalogue read back equal to the
 * file; a policy version drafted, shown as a diff against the one in force and published; a 调休 day
 * edited; a refused change shown in Chinese naming the field; each change recorded with who and why.
 */
import { readFileSync } from 'node:fs';
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleSuite, expectAccessible, latinWords, screenshot, UI } from '../helpers/browser';

const suite = consoleSuite({
  admin: ['admin', 'CENTRE', 'admin-api'],
  operator: ['operator', 'CENTRE', 'op-api'],
});
const as = (who: string) => suite.as(who);
const ADMIN = 'admin-001';

let page: Page;
const open = async (path: string, heading: string) => {
  await page.goto(`${suite.stack.base}/console${path}`);
  await page.getByRole('heading', { name: heading }).waitFor(UI);
};
/**
 * Latin words on the screen, but for the test harness's own name: it published the policy the stack started
 * with, and the screens name who published each version.
 */
const latinWordsBut = async () => (await latinWords(page)).filter((w) => !w.includes('test-harness'));
/** The latest version of a reference set, as the API records it. */
const latestVersion = async (kind: string) => (await as('admin').get(`/admin/versions/${kind}`)).body.versions[0];

describe('the administrator’s screens', () => {
  it('lists a demo administrator, manager and auditor on the sign-in page; the administrator’s home has a menu', async () => {
    const signIn = await suite.users.newPage();
    await signIn.goto(`${suite.stack.base}/console/`);
    for (const sub of [ADMIN, 'dir-001', 'audit-001'])
      await signIn.getByRole('button', { name: `登录 ${sub}` }).waitFor(UI);

    page = await suite.users.signedIn(ADMIN);
    await page.getByRole('heading', { name: '单位管理' }).waitFor(UI);
    expect(page.url()).toMatch(/\/console\/units$/);
    const menu = await page.getByRole('menu').first().innerText();
    for (const item of ['单位', '派单目录', '工作日历', '考核与时限政策', '转办渠道', '知识库', '知识库缺口'])
      expect(menu).toContain(item);
  });

  it('edits a unit’s duty contact with a reason; the API has it, with who and why', async () => {
    const water = page.getByTestId('units').getByRole('row', { name: /江滨水务集团/ });
    await water.getByRole('button', { name: /^编辑/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('值班电话').fill('0571-8765 4321');
    await dialog.getByLabel('值班联系人').fill('调度中心');
    await dialog.getByLabel('变更原因').fill('供水公司值班电话更换');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden', ...UI });
    await water.getByText('0571-8765 4321').waitFor(UI);

    const units = (await as('admin').get('/admin/units')).body.units as { code: string; contact: object }[];
    expect(units.find((u) => u.code === 'WATER')!.contact).toEqual({
      dutyPhone: '0571-8765 4321',
      liaison: '调度中心',
    });
    expect(await latestVersion('units')).toMatchObject({ publishedBy: ADMIN, reason: '供水公司值班电话更换' });
    await page.getByTestId('history-units').getByText('供水公司值班电话更换').waitFor(UI);
    await expectAccessible(page, '单位管理');
    await screenshot(page, 'admin-units');
  });

  it('shows a refused change as a Chinese message naming the field, and stores nothing', async () => {
    const before = await latestVersion('units');
    const water = page.getByTestId('units').getByRole('row', { name: /江滨水务集团/ });
    await water.getByRole('button', { name: /^编辑/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('值班电话').fill('值班室');
    await dialog.getByLabel('变更原因').fill('核对');
    await dialog.getByRole('button', { name: '保存' }).click();
    const alert = dialog.getByRole('alert').first();
    await alert.waitFor(UI);
    expect(await alert.innerText()).toContain('值班电话：须为电话号码');
    expect(await alert.innerText()).not.toMatch(/[A-Za-z]{2,}/);
    // Marked at the field too.
    await dialog.locator('.ant-form-item-explain-error', { hasText: '值班电话：须为电话号码' }).waitFor(UI);
    // The click on 保存 scrolled the dialog, taller than the window, past its title.
    await dialog.locator('.ant-modal-title').scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-refused');
    expect(await latestVersion('units')).toEqual(before);
    await dialog.getByRole('button', { name: '取消' }).click();
  });

  it('refuses a unit’s malformed e-mail address under the field in Chinese before sending anything, and stores a good one', async () => {
    const water = page.getByTestId('units').getByRole('row', { name: /江滨水务集团/ });
    await water.getByRole('button', { name: /^编辑/ }).click();
    const dialog = page.getByRole('dialog');
    const sent: string[] = [];
    const onRequest = (r: Request) => void (r.method() === 'PUT' && sent.push(r.url()));
    page.on('request', onRequest);
    const email = dialog.getByLabel('电子邮箱');
    await dialog.getByLabel('变更原因').fill('登记值班邮箱');
    // The intake form's rule (domain/email.ts): a full-width ＠ from a Chinese input method, a domain without a dot.
    for (const [typed, message] of [
      ['zhiban＠jbwater.cn', '@ 和 . 不能是全角'],
      ['zhiban@jbwater', '域名中须有点'],
    ]) {
      await email.fill(typed!);
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.locator('.ant-form-item-explain-error', { hasText: message! }).waitFor(UI);
    }
    page.off('request', onRequest);
    expect(sent).toEqual([]);

    await email.fill(' zhiban@jbwater.cn ');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden', ...UI });
    const units = (await as('admin').get('/admin/units')).body.units as { code: string; contact: object }[];
    expect(units.find((u) => u.code === 'WATER')!.contact).toMatchObject({ email: 'zhiban@jbwater.cn' });
  });

  it('exports the catalogue, previews a changed file change by change, imports it, and the catalogue equals the file', async () => {
    await open('/catalogue', '派单目录');
    const search = page.getByRole('textbox', { name: '搜索分类' });
    await search.fill('路灯');
    await expect.poll(() => page.getByTestId('catalogue').locator('tbody tr.ant-table-row').count(), UI).toBe(1);
    await search.fill('');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出逗号分隔文件' }).click(),
    ]);
    const exported = readFileSync((await download.path())!, 'utf8');
    expect(exported).toBe((await as('admin').get('/admin/catalogue.csv')).text);

    // The file a department sends back: one category renamed, one removed, one added (in code order, as exported).
    const [header, ...rows] = exported.trimEnd().split('\n');
    const edited = [
      ...rows
        .filter((r) => !r.startsWith('dog_management,'))
        .map((r) => r.replace(/^street_light,[^,]*,/, 'street_light,路灯不亮,')),
      'tree_fallen,树木倒伏,CGJ,,urgent,general,2 working_days',
    ].sort();
    const file = `${[header, ...edited].join('\n')}\n`;
    const versionBefore = (await as('admin').get('/admin/catalogue')).body.version;
    await page.locator('input[type=file]').setInputFiles({
      name: '派单目录_修订.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(file),
    });
    const preview = page.getByTestId('import-preview');
    await preview.waitFor(UI);
    const dialog = page.getByRole('dialog');
    await dialog.getByText('新增 1 个，修改 1 个，删除 1 个，不变 33 个').waitFor(UI);
    const lines = await preview.locator('tbody tr.ant-table-row').allInnerTexts();
    expect(lines.map((l) => l.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^新增 树木倒伏 tree_fallen 牵头单位 临江区城市管理综合执法局，2 工作日$/),
      '修改 路灯不亮 street_light 分类名称：路灯故障 → 路灯不亮',
      expect.stringMatching(/^删除 \S+ dog_management 从目录中删除/),
    ]);
    // Nothing is applied by the preview.
    expect((await as('admin').get('/admin/catalogue')).body.version).toBe(versionBefore);
    // The dialog fades in: its colours are judged once it has (a CI run caught it half-way, 1 in 3).
    await page.evaluate('Promise.allSettled(document.getAnimations().map((a) => a.finished))');
    await expectAccessible(page, '派单目录导入预览');
    await screenshot(page, 'admin-catalogue-import');

    await dialog.getByLabel('变更原因').fill('按城管局修订的目录更新');
    await dialog.getByRole('button', { name: '确认导入' }).click();
    await dialog.waitFor({ state: 'hidden', ...UI });
    expect((await as('admin').get('/admin/catalogue.csv')).text).toBe(file);
    expect(await latestVersion('catalogue')).toMatchObject({
      version: versionBefore + 1,
      publishedBy: ADMIN,
      reason: '按城管局修订的目录更新',
    });
    await page.getByTestId('catalogue').getByText('树木倒伏').waitFor(UI);
    await expectAccessible(page, '派单目录');
    await screenshot(page, 'admin-catalogue');
  });

  it('drafts a policy version, shows it as a diff against the one in force, publishes it and compares the old one', async () => {
    await open('/policy', '考核与时限政策');
    const { inForce } = (await as('admin').get('/admin/policy/versions')).body;
    await page.getByRole('button', { name: '新建版本' }).click();
    await page.getByLabel('签收时限数值').fill('20');
    await page.getByLabel('满意率权重').fill('0.15');
    await page.getByLabel('热点每周最少件数').fill('6');
    // The photo size limit, stored in bytes, is read and typed in MB.
    const photoSize = page.getByLabel('单张照片大小上限');
    expect(await photoSize.inputValue()).toBe('8');
    await page.locator('.ant-input-number', { has: photoSize }).getByText('MB').waitFor(UI);
    await photoSize.fill('12.5');
    const diff = page.getByTestId('policy-diff').first();
    await page.getByTestId('diff-count').first().getByText('与现行版本不同的设置：4 项').waitFor(UI);
    const changed = (await diff.locator('tbody tr.ant-table-row').allInnerTexts()).map((l) => l.replace(/\s+/g, ' '));
    expect(changed).toEqual([
      expect.stringMatching(/^时限 签收时限 15 分钟 20 分钟 已改/),
      '考核权重 满意率权重 0.2 0.15 已改',
      '热点与每月一题 热点每周最少件数 5 件 6 件 已改',
      '照片 单张照片大小上限 8 MB 12.5 MB 已改',
    ]);
    expect(await latinWordsBut()).toEqual([]);
    await screenshot(page, 'admin-policy-draft');
    await page.getByLabel('变更原因').fill('签收时限放宽至20分钟，满意率权重下调');
    await page.getByRole('button', { name: '发布新版本' }).click();
    await page
      .getByTestId('policy-in-force')
      .getByText(`现行版本：第 ${inForce + 1} 版`)
      .waitFor(UI);

    const versions = (await as('admin').get('/admin/policy/versions')).body;
    expect(versions.inForce).toBe(inForce + 1);
    expect(versions.versions[0]).toMatchObject({ publishedBy: ADMIN, reason: '签收时限放宽至20分钟，满意率权重下调' });
    expect(versions.versions[0].policy.responseLimit).toEqual({ unit: 'minutes', amount: 20 });
    expect(versions.versions[0].policy.kpiWeights.satisfaction).toBe(0.15);
    expect(versions.versions[0].policy.hotspots).toEqual({ minCount: 6, alpha: 0.01, baselineWeeks: 4 });
    expect(versions.versions[0].policy.photos.maxBytes).toBe(12.5 * 1024 * 1024);

    await page.getByRole('button', { name: `对比第 ${inForce} 版` }).click();
    await page.getByText(`第 ${inForce} 版与现行第 ${inForce + 1} 版对比`).waitFor(UI);
    const old = (await page.getByTestId('policy-diff').last().locator('tbody tr.ant-table-row').allInnerTexts()).map(
      (l) => l.replace(/\s+/g, ' '),
    );
    expect(old[0]).toMatch(/^时限 签收时限 20 分钟 15 分钟 已改/);
    expect(old).toHaveLength(4);
    await expectAccessible(page, '考核与时限政策');
    expect(await latinWordsBut()).toEqual([]);
    await screenshot(page, 'admin-policy');
  });

  it('edits the 调休 days of the provisional year, and refuses a weekday as one in Chinese naming the field', async () => {
    const yearOf = async (year: number) =>
      (
        (await as('admin').get('/admin/calendar-years')).body.years as {
          year: number;
          makeupWorkdays: string[];
          provisional: boolean;
        }[]
      ).find((y) => y.year === year)!;
    const provisional = (
      (await as('admin').get('/admin/calendar-years')).body.years as { year: number; provisional: boolean }[]
    ).find((y) => y.provisional)!.year;
    const before = await yearOf(provisional);
    await open('/calendar', '工作日历');
    await page.getByRole('tab', { name: new RegExp(`${provisional} 年\\s*暂定`) }).waitFor(UI);
    // Two Saturdays in March that are not 调休 days yet are added, then the first taken out again.
    const [first, second] = [...Array(31).keys()]
      .map((d) => `${provisional}-03-${String(d + 1).padStart(2, '0')}`)
      .filter((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 6 && !before.makeupWorkdays.includes(d));
    const panel = page.getByRole('tabpanel');
    const addDay = async (day: string) => {
      const picker = panel.getByRole('textbox', { name: '添加调休上班日' });
      await picker.click();
      await picker.fill(day);
      await picker.press('Enter');
    };
    for (const day of [first!, second!]) {
      await addDay(day);
      await panel.getByTestId('days-调休上班日').getByText(`${day} 周六`).waitFor(UI);
    }
    await panel.getByLabel(`删除调休上班日 ${first}`).click();
    await panel.getByLabel('变更原因').fill('按通知调整调休安排');
    await panel.getByRole('button', { name: `保存 ${provisional} 年` }).click();
    await panel.getByRole('status').getByText(`已保存 ${provisional} 年工作日历`).waitFor(UI);
    const after = await yearOf(provisional);
    expect(after.makeupWorkdays).toEqual([...before.makeupWorkdays, second].sort());
    expect(await latestVersion('calendar')).toMatchObject({ publishedBy: ADMIN, reason: '按通知调整调休安排' });
    await expectAccessible(page, '工作日历');
    expect(await latinWordsBut()).toEqual([]);
    await screenshot(page, 'admin-calendar');

    const wednesday = `${provisional}-03-${String([...Array(7).keys()].find((d) => new Date(Date.UTC(provisional, 2, d + 1)).getUTCDay() === 3)! + 1).padStart(2, '0')}`;
    await addDay(wednesday);
    await panel.getByLabel('变更原因').fill('误加工作日');
    await panel.getByRole('button', { name: `保存 ${provisional} 年` }).click();
    const alert = panel.getByRole('alert').first();
    await alert.waitFor(UI);
    expect(await alert.innerText()).toContain(`调休上班日：${wednesday} 本是工作日，不能作为调休上班日`);
    expect(await latinWordsBut()).toEqual([]);
    await screenshot(page, 'admin-calendar-refused');
    expect((await yearOf(provisional)).makeupWorkdays).toEqual(after.makeupWorkdays);

    // The State Council publishes the year: its notice's table, pasted, replaces the provisional days.
    await panel.getByRole('button', { name: '导入国务院通知…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByLabel('通知表格')
      .fill(
        [
          '节日\t放假日期\t调休上班日期',
          `元旦\t${provisional - 1}年12月31日至${provisional}年1月2日\t`,
          '春节\t2月5日至11日\t2月14日（星期日）、2月20日（星期六）',
          '国庆节\t10月1日至7日\t9月26日（星期日）、10月9日（星期六）',
        ].join('\n'),
      );
    await dialog.getByRole('cell', { name: '春节' }).waitFor(UI);
    // The dialog's opening animation and the button's turn from disabled to enabled have ended: axe judges
    // the colours as they stay, not halfway through a fade.
    await dialog.evaluate((el) =>
      Promise.all(el.getAnimations({ subtree: true }).map((a: { finished: Promise<unknown> }) => a.finished)),
    );
    await expectAccessible(page, '导入国务院通知', '[role="dialog"]');
    await screenshot(page, 'admin-calendar-notice');
    await dialog.getByRole('button', { name: '填入表单' }).click();
    await panel
      .getByTestId('days-调休上班日')
      .getByText(new RegExp(`^${provisional}-02-14 `))
      .waitFor(UI);
    await panel.getByLabel('依据').fill(`国务院办公厅关于${provisional}年部分节假日安排的通知`);
    await panel.getByRole('switch', { name: /暂定/ }).click();
    await panel.getByLabel('变更原因').fill('国务院通知已公布');
    await panel.getByRole('button', { name: `保存 ${provisional} 年` }).click();
    await panel.getByRole('status').waitFor(UI);
    const published = await yearOf(provisional);
    expect(published.makeupWorkdays).toEqual([
      `${provisional}-02-14`,
      `${provisional}-02-20`,
      `${provisional}-09-26`,
      `${provisional}-10-09`,
    ]);
    expect(published.provisional).toBe(false);
  });

  it('shows the referral channels, the knowledge base with validity dates and the questions it could not answer', async () => {
    expect(
      (await as('operator').post('/kb/gaps', { question: '新出台的养老服务补贴如何申领？', unit: 'LJQ' })).status,
    ).toBe(201);
    await open('/referral-channels', '转办渠道');
    await page.getByTestId('referral-channels').locator('tbody tr.ant-table-row').first().waitFor(UI);
    await expectAccessible(page, '转办渠道');
    await screenshot(page, 'admin-referrals');

    await open('/kb', '知识库');
    const articles = page.getByTestId('kb-articles');
    await articles.locator('tbody tr.ant-table-row').first().waitFor(UI);
    await articles.getByText('在用').first().waitFor(UI);
    await expectAccessible(page, '知识库');
    await screenshot(page, 'admin-kb');

    await open('/kb-gaps', '知识库缺口 · 知识库未能解答的问题');
    await page.getByTestId('kb-gaps').getByText('新出台的养老服务补贴如何申领？').waitFor(UI);
    await expectAccessible(page, '知识库缺口');
    await screenshot(page, 'admin-kb-gaps');
  });
});
