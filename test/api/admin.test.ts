/**
 * Reference data managed through the API: versioned, validated, and never changing the rules of an
 * order that is already running.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../db/seed-data';
import { workflowView } from '../../support';
import { startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
let admin: string;
let operator: string;
let n = 0;

beforeAll(async () => {
  h = await startApiHarness();
  admin = await h.token('admin');
  operator = await h.token('operator');
});
afterAll(async () => h?.close());

const asAdmin = {
  get: (path: string) => request(h.app).get(path).set('Authorization', `Bearer ${admin}`),
  put: (path: string, body: object) => request(h.app).put(path).set('Authorization', `Bearer ${admin}`).send(body),
  post: (path: string, body: object | string, type = 'application/json') =>
    request(h.app).post(path).set('Authorization', `Bearer ${admin}`).set('Content-Type', type).send(body),
};

async function createOrder() {
  const res = await request(h.app)
    .post('/orders')
    .set('Authorization', `Bearer ${operator}`)
    .set('Idempotency-Key', `admin-test-${++n}-${Date.now()}`)
    // A caller of their own each time: the same caller about the same matter would be held as a repeat.
    .send({ ...noiseComplaint, citizen: { ...noiseComplaint.citizen, phone: `1390000${String(n).padStart(4, '0')}` } });
  expect(res.status).toBe(201);
  return res.body as {
    orderId: string;
    policyVersion: number;
    receivedAt: string;
    clocks: { kind: string; dueAt: string }[];
  };
}

const responseLimitOf = (o: { receivedAt: string; clocks: { kind: string; dueAt: string }[] }) =>
  Date.parse(o.clocks.find((c) => c.kind === 'response')!.dueAt) - Date.parse(o.receivedAt);

describe('SLA policy versions', () => {
  it('applies a new version to new orders while a running order keeps the version it started under', async () => {
    const before = await createOrder();
    expect(responseLimitOf(before)).toBe(15 * 60_000);
    const published = await asAdmin.post('/admin/policy', {
      ...DEFAULT_POLICY,
      responseLimit: { unit: 'minutes', amount: 30 },
      reason: '签收时限放宽',
    });
    expect(published.status).toBe(200);
    expect(published.body.version).toBe(before.policyVersion + 1);

    const after = await createOrder();
    expect(after.policyVersion).toBe(published.body.version);
    expect(responseLimitOf(after)).toBe(30 * 60_000);
    const running = await workflowView(h.env.client, before.orderId);
    expect(running.policyVersion).toBe(before.policyVersion);
    expect(running.clocks.find((c) => c.kind === 'response')!.dueAt! - running.receivedAt).toBe(15 * 60_000);
  });

  it('rejects an invalid policy naming the field, and publishes nothing', async () => {
    const current = (await asAdmin.get('/admin/policy')).body.version;
    const res = await asAdmin.post('/admin/policy', {
      ...DEFAULT_POLICY,
      warningThresholds: [0.75, 0.5],
      reason: '预警提前',
    });
    // A rule over several values (ascending), not the shape of one: 422, as the policy's other bounds.
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('body.warningThresholds');
    expect((await asAdmin.get('/admin/policy')).body.version).toBe(current);
  });
});

describe('dispatch catalogue', () => {
  it('exports as CSV and imports the same file back as a new version', async () => {
    const exported = await asAdmin.get('/admin/catalogue.csv');
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toMatch(/text\/csv/);
    const lines = exported.text.trim().split('\n');
    expect(lines[0]).toBe('code,name,lead_unit,assisting_units,default_urgency,handling_class,handling_limit');
    expect(lines).toHaveLength(36);
    const versionBefore = (await asAdmin.get('/admin/catalogue')).body.version;
    const edited = exported.text.replace(/^noise_construction,([^,]*),CGJ,/m, 'noise_construction,$1,JTJ,');
    const imported = await asAdmin.post(
      `/admin/catalogue.csv?reason=${encodeURIComponent('噪音改派')}`,
      edited,
      'text/csv',
    );
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({ imported: 35, version: versionBefore + 1 });
    expect(((await createOrder()) as unknown as { leadUnit: string }).leadUnit).toBe('JTJ');
    const history = await asAdmin.get('/admin/versions/catalogue');
    expect(history.body.versions[0]).toMatchObject({ version: versionBefore + 1, note: 'CSV import of 35 categories' });
  });

  it('rejects a CSV with bad rows, naming each, and changes nothing', async () => {
    const versionBefore = (await asAdmin.get('/admin/catalogue')).body.version;
    const csv = [
      'code,name,lead_unit,assisting_units,default_urgency,handling_class,handling_limit',
      'road_damage,道路破损,NOPE,,normal,general,',
      'Bad Code,名称,CGJ,,sometimes,general,7 fortnights',
    ].join('\n');
    const res = await asAdmin.post(`/admin/catalogue.csv?reason=${encodeURIComponent('目录更新')}`, csv, 'text/csv');
    expect(res.status).toBe(422);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body.row[2].lead_unit',
        'body.row[3].code',
        'body.row[3].default_urgency',
        'body.row[3].handling_limit',
      ]),
    );
    expect((await asAdmin.get('/admin/catalogue')).body.version).toBe(versionBefore);
    expect((await asAdmin.get('/admin/catalogue')).body.entries).toHaveLength(35);
  });
});

describe('units and calendar', () => {
  it('refuses a second backstop unit or a loop in the escalation chain', async () => {
    const second = await asAdmin.put('/admin/units/CGJ', {
      name: '城管局',
      kind: 'department',
      parentCode: 'LJQ',
      isBackstop: true,
      reason: '兜底调整',
    });
    expect(second.status).toBe(422);
    expect(second.body.detail).toMatch(/exactly one backstop/);
    const loop = await asAdmin.put('/admin/units/LJQ', {
      name: '临江区人民政府',
      kind: 'district',
      parentCode: 'CGJ',
      isBackstop: true,
      reason: '兜底调整',
    });
    expect(loop.status).toBe(422);
    const renamed = await asAdmin.put('/admin/units/JTJ', {
      name: '交通运输局',
      kind: 'department',
      parentCode: 'LJQ',
      isBackstop: false,
      contact: { dutyPhone: '0571-8800 1234', liaison: '值班科' },
      reason: '更名',
    });
    expect(renamed.status).toBe(200);
    const history = await asAdmin.get('/admin/versions/units');
    expect(history.body.versions[0]).toMatchObject({ version: renamed.body.version, note: 'unit JTJ' });
    const units = (await asAdmin.get('/admin/units')).body.units as {
      code: string;
      parentCode: string;
      isBackstop: boolean;
      contact: object;
    }[];
    expect(units.find((u) => u.code === 'JTJ')!.contact).toEqual({ dutyPhone: '0571-8800 1234', liaison: '值班科' });
    expect(units.find((u) => u.code === 'CGJ')).toMatchObject({ isBackstop: false, parentCode: 'LJQ' });
  });

  it('takes a year the package does not know, checking its days', async () => {
    const bad = await asAdmin.put('/admin/calendar/2028', {
      holidays: ['2028-01-01', '2027-12-31'],
      makeupWorkdays: ['2028-01-05'],
      source: '国务院办公厅 2028',
      provisional: false,
      reason: '国务院通知发布',
    });
    expect(bad.status).toBe(422);
    const ok = await asAdmin.put('/admin/calendar/2028', {
      holidays: ['2028-01-01', '2028-01-02', '2028-01-03'],
      makeupWorkdays: ['2028-01-08'],
      source: '国务院办公厅 2028',
      provisional: false,
      reason: '国务院通知发布',
    });
    expect(ok.status).toBe(200);
    const cal = (await asAdmin.get('/admin/calendar')).body;
    expect(cal.version).toBe(ok.body.version);
    expect(cal.calendar.holidays).toContain('2028-01-03');
    expect(cal.calendar.makeupWorkdays).toContain('2028-01-08');
  });
});

describe('the administrator’s changes (#23 item 3)', () => {
  const csvOf = async () => (await asAdmin.get('/admin/catalogue.csv')).text;

  it('previews a catalogue import change by change, and the import is refused once the catalogue moved on', async () => {
    const { version, entries } = (await asAdmin.get('/admin/catalogue')).body;
    const csv = (await csvOf())
      .replace(/^(street_light,)[^,\n]*/m, '$1路灯不亮')
      .replace(/^dog_management,.*\n/m, '')
      .concat('tree_fallen,树木倒伏,CGJ,,urgent,general,2 working_days\n');
    const preview = await asAdmin.post('/admin/catalogue.csv/preview', csv, 'text/csv');
    expect(preview.status).toBe(200);
    expect(preview.body.version).toBe(version);
    expect(preview.body.added.map((e: { code: string }) => e.code)).toEqual(['tree_fallen']);
    expect(preview.body.added[0].handlingLimit).toEqual({ amount: 2, unit: 'working_days' });
    expect(preview.body.removed.map((e: { code: string }) => e.code)).toEqual(['dog_management']);
    expect(preview.body.changed).toEqual([
      expect.objectContaining({ fields: ['name'], after: expect.objectContaining({ name: '路灯不亮' }) }),
    ]);
    expect(preview.body.unchanged).toBe(entries.length - 2);
    // The preview changed nothing.
    expect((await asAdmin.get('/admin/catalogue')).body.version).toBe(version);

    const reason = encodeURIComponent('按市政务办通知调整');
    await asAdmin.put('/admin/referral-channels/other', {
      name: '其他渠道',
      reply: '请咨询主管部门。',
      reason: '新增渠道',
    });
    const stale = await asAdmin.post(`/admin/catalogue.csv?basedOn=${version - 1}&reason=${reason}`, csv, 'text/csv');
    expect(stale.status).toBe(409);
    const applied = await asAdmin.post(`/admin/catalogue.csv?basedOn=${version}&reason=${reason}`, csv, 'text/csv');
    expect(applied.status).toBe(200);
    const [latest] = (await asAdmin.get('/admin/versions/catalogue')).body.versions;
    expect(latest).toMatchObject({ version: version + 1, reason: '按市政务办通知调整' });
    expect(latest.publishedBy).toEqual(expect.any(String));
  });

  it('records who and why beside each version: units, policy, calendar, referral channels, knowledge base', async () => {
    const why = { reason: '值班电话更换' };
    const unit = (await asAdmin.get('/admin/units')).body.units.find((u: { code: string }) => u.code === 'WATER');
    const { code: _code, ...fields } = unit;
    expect(
      (await asAdmin.put('/admin/units/WATER', { ...fields, contact: { dutyPhone: '0571-1234' }, ...why })).status,
    ).toBe(200);
    expect((await asAdmin.get('/admin/versions/units')).body.versions[0].reason).toBe('值班电话更换');

    const policy = await asAdmin.post('/admin/policy', { ...DEFAULT_POLICY, reason: '签收时限调整' });
    expect(policy.status).toBe(200);
    const versions = (await asAdmin.get('/admin/policy/versions')).body;
    expect(versions.inForce).toBe(policy.body.version);
    expect(versions.versions[0]).toMatchObject({ version: policy.body.version, reason: '签收时限调整' });
    expect(versions.versions[0].policy).toMatchObject({ responseLimit: DEFAULT_POLICY.responseLimit });

    const year = {
      holidays: ['2029-01-01'],
      makeupWorkdays: ['2029-01-06'],
      source: '国务院办公厅通知',
      provisional: true,
    };
    expect((await asAdmin.put('/admin/calendar/2029', { ...year, reason: '预排' })).status).toBe(200);
    const years = (await asAdmin.get('/admin/calendar-years')).body.years;
    expect(years.find((y: { year: number }) => y.year === 2029)).toEqual({ year: 2029, ...year });
    expect((await asAdmin.get('/admin/versions/calendar')).body.versions[0].reason).toBe('预排');

    expect((await asAdmin.post('/admin/referral-channels/other/retire', { reason: '渠道撤销' })).status).toBe(200);
    expect((await asAdmin.get('/admin/versions/referrals')).body.versions[0].reason).toBe('渠道撤销');

    const article = {
      title: '居住证办理',
      body: '携带身份证到社区服务中心办理。',
      category: 'social_security',
      keywords: ['居住证'],
      validFrom: '2026-01-01',
      validTo: '2026-01-31',
      reason: '新增条目',
    };
    expect((await asAdmin.put('/admin/kb/KB_RESIDENCE', article)).status).toBe(200);
    const kb = (await asAdmin.get('/admin/versions/kb')).body.versions[0];
    expect(kb).toMatchObject({ note: 'article KB_RESIDENCE', reason: '新增条目' });
    const listed = (await asAdmin.get('/admin/kb')).body.articles;
    expect(listed.find((a: { code: string }) => a.code === 'KB_RESIDENCE')).toMatchObject({
      validTo: '2026-01-31',
      inForce: false,
    });
  });

  it('refuses every change without a reason, or with a blank one, naming the field, and changes nothing', async () => {
    const kinds = ['units', 'catalogue', 'calendar', 'referrals', 'kb'];
    const versions = async () => ({
      policy: (await asAdmin.get('/admin/policy')).body.version,
      ...Object.fromEntries(
        await Promise.all(
          kinds.map(async (k) => [k, (await asAdmin.get(`/admin/versions/${k}`)).body.versions[0]?.version]),
        ),
      ),
    });
    const before = await versions();
    const changes: [string, string, object][] = [
      ['put', '/admin/units/WATER', { name: '临江水务集团', kind: 'utility', parentCode: 'LJQ', isBackstop: false }],
      [
        'put',
        '/admin/catalogue/street_light',
        {
          name: '路灯不亮',
          leadUnit: 'CGJ',
          assistingUnits: [],
          defaultUrgency: 'normal',
          handlingClass: 'general',
          handlingLimit: null,
        },
      ],
      ['post', '/admin/policy', DEFAULT_POLICY],
      [
        'put',
        '/admin/calendar/2030',
        { holidays: [], makeupWorkdays: [], source: '国务院办公厅通知', provisional: true },
      ],
      ['put', '/admin/referral-channels/other', { name: '其他渠道', reply: '请咨询主管部门。' }],
      ['post', '/admin/referral-channels/other/retire', {}],
      [
        'put',
        '/admin/kb/KB_NO_REASON',
        {
          title: '居住证办理',
          body: '携带身份证办理。',
          category: 'social_security',
          keywords: ['居住证'],
          validFrom: '2026-01-01',
          validTo: null,
        },
      ],
    ];
    // A full-width space is blank too.
    for (const [reason, message] of [
      [undefined, '变更原因：必须填写'],
      [' \u3000 ', '变更原因：不能为空'],
    ]) {
      for (const [method, path, body] of changes) {
        const res = await (method === 'put' ? asAdmin.put : asAdmin.post)(path, { ...body, reason });
        expect(res.status, path).toBe(400);
        expect(res.body, path).toMatchObject({
          code: 'validation_failed',
          errors: [{ field: 'body.reason', message }],
        });
      }
      const query = reason === undefined ? '' : `?reason=${encodeURIComponent(reason)}`;
      const imported = await asAdmin.post(`/admin/catalogue.csv${query}`, await csvOf(), 'text/csv');
      expect(imported.status).toBe(400);
      expect(imported.body.errors).toEqual([{ field: 'query.reason', message }]);
    }
    expect(await versions()).toEqual(before);
  });

  it('refuses a change in Chinese, naming the field', async () => {
    const unit = await asAdmin.put('/admin/units/WATER', {
      name: '临江水务集团',
      kind: 'utility',
      parentCode: 'LJQ',
      isBackstop: false,
      contact: { dutyPhone: '值班室' },
      reason: '值班电话更换',
    });
    expect(unit.status).toBe(400);
    expect(unit.body.errors).toEqual([
      { field: 'body.contact.dutyPhone', message: '值班电话：须为电话号码（数字，可含 +、- 和空格）' },
    ]);
    const policy = await asAdmin.post('/admin/policy', {
      ...DEFAULT_POLICY,
      handlingLimits: {
        ...DEFAULT_POLICY.handlingLimits,
        general: { urgent: { unit: 'days', amount: 3 }, normal: DEFAULT_POLICY.handlingLimits.general.normal },
      },
      responseLimit: { unit: 'hours', amount: 48 },
      reason: '签收时限放宽',
    });
    expect(policy.status).toBe(400);
    expect(policy.body.errors).toEqual([
      { field: 'body.handlingLimits.general.urgent.unit', message: '一般类紧急件办理时限：不在可选范围内' },
    ]);
    const range = await asAdmin.post('/admin/policy', {
      ...DEFAULT_POLICY,
      responseLimit: { unit: 'hours', amount: 48 },
      reason: '签收时限放宽',
    });
    expect(range.status).toBe(422);
    expect(range.body.errors).toEqual([{ field: 'body.responseLimit', message: '签收时限：须在 3 秒 到 1 天 之间' }]);
    const csv =
      'code,name,lead_unit,assisting_units,default_urgency,handling_class,handling_limit\nroad_damage,道路破损,NOPE,,normal,general,\n';
    const rows = await asAdmin.post('/admin/catalogue.csv/preview', csv, 'text/csv');
    expect(rows.body.errors).toEqual([
      { field: 'body.row[2].lead_unit', message: '第 2 行「牵头单位」：没有代码为 NOPE 的单位' },
    ]);
    const calendar = await asAdmin.put('/admin/calendar/2029', {
      holidays: [],
      makeupWorkdays: ['2029-01-03'],
      source: '国务院办公厅通知',
      provisional: true,
      reason: '预排',
    });
    expect(calendar.body.errors).toEqual([
      { field: 'body.makeupWorkdays', message: '调休上班日：2029-01-03 本是工作日，不能作为调休上班日' },
    ]);
  });
});
