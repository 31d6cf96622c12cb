/**
 * Valid-looking input beyond what the storage holds is a 400 naming the field, never a 500 (int4 ids,
 * years the calendar and PostgreSQL do not share); an absurd SLA policy is a 422 naming each setting;
 * every CSV export neutralises cells a spreadsheet would run as formulas.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importedCell, neutralisedCell } from '../../api/http/csv';
import { kpisToCsv } from '../../api/kpis';
import { DEFAULT_POLICY } from '../../db/seed-data';
import type { Role } from '../../domain/order';
import { startApiHarness, type ApiHarness } from '../helpers/api';

let h: ApiHarness;
const tokens = {} as Record<Role, string>;
beforeAll(async () => {
  h = await startApiHarness();
  for (const role of ['admin', 'reviewer', 'coordinator', 'operator', 'auditor'] as const)
    tokens[role] = await h.token(role);
});
afterAll(async () => h?.close());

const as = (role: Role) => ({
  get: (path: string) => request(h.app).get(path).set('Authorization', `Bearer ${tokens[role]}`),
  send: (method: 'post' | 'put', path: string, body: object | string, type = 'application/json') =>
    request(h.app)[method](path).set('Authorization', `Bearer ${tokens[role]}`).set('Content-Type', type).send(body),
});

const INT4_MAX = 2 ** 31 - 1;

describe('numbers and dates bounded to the storage', () => {
  it('refuses review ids and offsets beyond int4 with 400, and takes the largest int4', async () => {
    const after = await as('reviewer').get(`/reviews?after=${INT4_MAX + 1}`);
    expect(after.status).toBe(400);
    expect(after.body.errors).toEqual([{ field: 'query.after', message: expect.any(String) }]);
    expect((await as('reviewer').get(`/reviews?after=${INT4_MAX}`)).status).toBe(200);
    const decide = await as('reviewer').send('post', `/reviews/${INT4_MAX + 1}`, { outcome: 'upheld', reason: '核实' });
    expect(decide.status).toBe(400);
    expect(decide.body.errors).toEqual([{ field: 'path.id', message: expect.any(String) }]);
    expect(
      (await as('reviewer').send('post', `/reviews/${INT4_MAX}`, { outcome: 'upheld', reason: '核实' })).status,
    ).toBe(404);
  });

  it('refuses calendar days and instants in years the calendar and the database do not hold', async () => {
    const calendar = await as('admin').send('put', '/admin/calendar/2026', {
      holidays: [],
      makeupWorkdays: ['0050-01-03'],
      source: '国务院办公厅通知',
      provisional: false,
      reason: '年度安排',
    });
    expect(calendar.status).toBe(400);
    expect(calendar.body.errors).toEqual([{ field: 'body.makeupWorkdays.0', message: expect.stringMatching(/1900/) }]);

    const article = {
      title: '社保卡挂失',
      body: '携带身份证到社保窗口办理',
      category: 'social_security',
      keywords: ['社保卡'],
      reason: '新增条目',
    };
    const kb = await as('admin').send('put', '/admin/kb/KB_BOUNDS', {
      ...article,
      validFrom: '0000-01-01',
      validTo: null,
    });
    expect(kb.status).toBe(400);
    expect(kb.body.errors).toEqual([{ field: 'body.validFrom', message: expect.stringMatching(/1900/) }]);
    expect(
      (await as('admin').send('put', '/admin/kb/KB_BOUNDS', { ...article, validFrom: '2026-01-01', validTo: null }))
        .status,
    ).toBe(200);

    const kpis = await as('coordinator').get('/kpis?from=0000-01-01T00:00:00Z&to=0000-02-01T00:00:00Z');
    expect(kpis.status).toBe(400);
    expect(kpis.body.errors.map((e: { field: string }) => e.field)).toEqual(['query.from', 'query.to']);
    for (const [role, path, field] of [
      ['operator', '/orders?receivedFrom=0001-01-01T00:00:00%2B08:00', 'query.receivedFrom'],
      ['auditor', '/audit.csv?from=0001-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'query.from'],
      ['auditor', '/privacy/contact-views?from=0001-01-01T00:00:00Z', 'query.from'],
    ] as const) {
      const res = await as(role).get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.errors, path).toEqual([{ field, message: expect.stringMatching(/1900/) }]);
    }
  });
});

describe('SLA policy publication', () => {
  it('refuses settings out of their sane range with 422 naming each, and publishes nothing', async () => {
    const before = (await as('admin').get('/admin/policy')).body.version;
    const res = await as('admin').send('post', '/admin/policy', {
      ...DEFAULT_POLICY,
      responseLimit: { unit: 'working_days', amount: 924 },
      emergencyLimit: { unit: 'calendar_days', amount: 2.4e-23 },
      kpiWeights: { ...DEFAULT_POLICY.kpiWeights, satisfaction: 1e-311 },
      reason: '时限调整',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.responseLimit',
      'body.emergencyLimit',
      'body.kpiWeights.satisfaction',
    ]);
    expect((await as('admin').get('/admin/policy')).body.version).toBe(before);
  });
});

describe('CSV exports', () => {
  it('prefix a quote to every text cell a spreadsheet would take for a formula, and leave numbers alone', () => {
    for (const cell of ['=1+1', '+1', '-1+2', '@SUM(A1)', '\tx', '\rx'])
      expect(neutralisedCell(cell), JSON.stringify(cell)).toBe(`'${cell}`);
    for (const cell of ['道路破损', 'a=b', '', -1, 0.5, null]) expect(neutralisedCell(cell)).toBe(cell);
    expect(importedCell("'=1+1")).toBe('=1+1');
    expect(importedCell("'quoted")).toBe("'quoted");
    const csv = kpisToCsv([
      {
        group: '=HYPERLINK("http://evil")',
        raw: { orders: 1, counts: {} },
        adjusted: { orders: 1, counts: {} },
      } as unknown as Parameters<typeof kpisToCsv>[0][number],
    ]);
    expect(csv.split('\n')[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil""\)",raw,1,/);
  });

  it('export a catalogue name that starts a formula quoted, and import it back as it was', async () => {
    const name = '=HYPERLINK("http://evil","道路破损")';
    const put = await as('admin').send('put', '/admin/catalogue/road_damage', {
      name,
      leadUnit: 'CGJ',
      assistingUnits: [],
      defaultUrgency: 'normal',
      handlingClass: 'general',
      handlingLimit: null,
      reason: '更名',
    });
    expect(put.status).toBe(200);
    const exported = await as('admin').get('/admin/catalogue.csv');
    const line = exported.text.split('\n').find((l) => l.startsWith('road_damage,'));
    expect(line).toBe(`road_damage,"'=HYPERLINK(""http://evil"",""道路破损"")",CGJ,,normal,general,`);
    expect(
      (
        await as('admin').send(
          'post',
          `/admin/catalogue.csv?reason=${encodeURIComponent('原样导回')}`,
          exported.text,
          'text/csv',
        )
      ).status,
    ).toBe(200);
    const entries = (await as('admin').get('/admin/catalogue')).body.entries as { code: string; name: string }[];
    expect(entries.find((e) => e.code === 'road_damage')?.name).toBe(name);
  });
});
