/**
 * The authorisation matrix: every role × every endpoint × own/other unit's order, against a table
 * written by hand. A new endpoint without a row here fails the build.
 */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../db/seed-data';
import { ROLES, type Role } from '../../domain/order';
import { openApiPath } from '../../api/http/openapi';
import { startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

/** Every role, a department once as the order's unit and once as another. */
type Caller = 'anonymous' | 'own_unit' | 'other_unit' | Exclude<Role, 'department'>;
const CALLERS: Caller[] = [
  'anonymous',
  'own_unit',
  'other_unit',
  ...ROLES.filter((r): r is Exclude<Role, 'department'> => r !== 'department'),
];

interface Row {
  /** Roles that may call it; `public` needs no token. */
  allowed: (Role | 'public')[];
  /** A valid body, so an allowed caller gets past validation to the object-level check. */
  body?: object;
  /** The body's media type when it is not JSON (the body then a file's bytes). */
  contentType?: 'image/jpeg';
  /** Whether the endpoint is about one order (a department of another unit gets 404). */
  order?: boolean;
  /** The own unit's part on the order, when not the lead (the order's lead is CGJ, ZJJ assists). */
  ownUnit?: 'ZJJ';
  /** The concrete path, for routes with parameters other than the order number. */
  path?: string;
  /** A stream that never ends (server-sent events): only callers turned away are asked here; the console's live test streams it. */
  stream?: true;
}

const future = () => new Date(Date.now() + 30 * 86_400_000).toISOString();
const PERIOD = '2026-01-01T00:00:00%2B08:00&to=2027-01-01T00:00:00%2B08:00';
/** The manager (中心主任) reads every figure and every order's trail, and takes no action on an order. */
const KPI_READERS: Role[] = ['coordinator', 'auditor', 'admin', 'manager'];
const ALL_READERS: Role[] = ['operator', 'department', 'coordinator', 'visitor', 'auditor', 'manager'];

const MATRIX: Record<string, Row> = {
  'get /healthz': { allowed: ['public'] },
  'get /readyz': { allowed: ['public'] },
  'get /openapi.json': { allowed: ['public'] },
  'get /public/orders/{orderId}': { allowed: ['public'] },
  'get /public/orders/{orderId}/photos/{photoId}': {
    allowed: ['public'],
    path: '/public/orders/WO0000000000000X/photos/1?code=000000',
  },
  'post /orders': { allowed: ['operator'], body: noiseComplaint },
  'get /orders': { allowed: ALL_READERS },
  'get /inbox': { allowed: ['department'] },
  'get /notices': { allowed: ['department', 'coordinator'] },
  'get /inbox/counts': { allowed: ['department'] },
  'get /escalations/counts': { allowed: ['coordinator'] },
  'get /held': { allowed: ['operator', 'coordinator'] },
  'get /escalations': { allowed: ['coordinator'] },
  'get /visits': { allowed: ['visitor'] },
  'get /orders/{orderId}': { allowed: ALL_READERS, order: true },
  'get /orders/{orderId}/audit': { allowed: ALL_READERS, order: true },
  'get /orders/{orderId}/notifications': { allowed: ALL_READERS, order: true },
  'post /orders/{orderId}/photos': {
    allowed: ['operator', 'department'],
    order: true,
    body: readFileSync(new URL('../fixtures/photos/red.jpg', import.meta.url)),
    contentType: 'image/jpeg',
  },
  'get /orders/{orderId}/photos': { allowed: ALL_READERS, order: true },
  'get /orders/{orderId}/photos/{photoId}': { allowed: ALL_READERS, path: '/orders/WO0000000000000X/photos/1' },
  'get /admin/webhooks': { allowed: ['admin'] },
  'put /admin/units/{code}/webhook': {
    allowed: ['admin'],
    path: '/admin/units/JTJ/webhook',
    body: { url: 'https://jtj.example.gov.cn/hotline' },
  },
  'delete /admin/units/{code}/webhook': { allowed: ['admin'], path: '/admin/units/JTJ/webhook' },
  'get /admin/open311-partners': { allowed: ['admin'] },
  'put /admin/open311-partners/{id}': {
    allowed: ['admin'],
    path: '/admin/open311-partners/city-app',
    body: { name: '江滨城市 App' },
  },
  'delete /admin/open311-partners/{id}': { allowed: ['admin'], path: '/admin/open311-partners/city-app' },
  'post /orders/{orderId}/classify': {
    allowed: ['operator'],
    order: true,
    body: { orderType: 'complaint', category: 'noise_construction' },
  },
  'post /orders/{orderId}/dispatch': { allowed: ['operator', 'coordinator'], order: true, body: {} },
  'post /orders/{orderId}/answer': { allowed: ['operator'], order: true, body: { articleId: 'KB0001' } },
  'post /orders/{orderId}/refer': { allowed: ['operator'], order: true, body: { channel: 'market' } },
  'post /orders/{orderId}/withdraw': { allowed: ['operator'], order: true, body: { reason: '市民撤诉' } },
  'post /orders/{orderId}/merge': {
    allowed: ['operator', 'coordinator'],
    order: true,
    body: { primaryOrderId: 'WO0000000000000X' },
  },
  'post /orders/{orderId}/acknowledge': { allowed: ['department'], order: true, body: {} },
  'post /orders/{orderId}/return': { allowed: ['department'], order: true, body: { reason: '非本单位职责' } },
  'post /orders/{orderId}/extension-request': {
    allowed: ['department'],
    order: true,
    body: { reason: '需协调', newDueAt: future() },
  },
  'post /orders/{orderId}/notes': { allowed: ['department'], order: true, body: { note: '进展' } },
  'post /orders/{orderId}/contribution': {
    allowed: ['department'],
    order: true,
    body: { note: '意见' },
    ownUnit: 'ZJJ',
  },
  'post /orders/{orderId}/complete': { allowed: ['department'], order: true, body: { reply: '已处理' } },
  'post /orders/{orderId}/ruling': {
    allowed: ['coordinator'],
    order: true,
    body: { decision: 'keep', reason: '维持' },
  },
  'post /orders/{orderId}/reassign': {
    allowed: ['coordinator'],
    order: true,
    body: { leadUnit: 'ZJJ', reason: '改派' },
  },
  'post /orders/{orderId}/assisting-units': {
    allowed: ['coordinator'],
    order: true,
    body: { unit: 'JTJ', reason: '协办' },
  },
  'post /orders/{orderId}/assisting-units/remove': {
    allowed: ['coordinator'],
    order: true,
    body: { unit: 'ZJJ', reason: '不需协办' },
  },
  'post /orders/{orderId}/extension-decision': {
    allowed: ['coordinator'],
    order: true,
    body: { grant: false, reason: '不同意' },
  },
  'post /orders/{orderId}/deadline': {
    allowed: ['coordinator'],
    order: true,
    body: { clock: 'handling', dueAt: future(), reason: '调整' },
  },
  'post /orders/{orderId}/pause': { allowed: ['coordinator'], order: true, body: { reason: '等待市民补充材料' } },
  'post /orders/{orderId}/resume': { allowed: ['coordinator'], order: true, body: { reason: '材料已补充' } },
  'post /orders/{orderId}/escalate': { allowed: ['coordinator'], order: true, body: { level: 3, reason: '跨部门' } },
  'post /orders/{orderId}/deescalate': { allowed: ['coordinator'], order: true, body: { level: 0, reason: '已协调' } },
  'post /orders/{orderId}/force-close': { allowed: ['coordinator'], order: true, body: { justification: '重复诉求' } },
  'post /orders/{orderId}/visit': {
    allowed: ['visitor'],
    order: true,
    body: { satisfaction: 'satisfied', resolution: 'resolved' },
  },
  'post /orders/{orderId}/visit-attempts': { allowed: ['visitor'], order: true, body: {} },
  'post /orders/{orderId}/quality/clear': { allowed: ['reviewer'], order: true, body: { reason: '答复属实' } },
  'post /orders/{orderId}/quality/return': { allowed: ['reviewer'], order: true, body: { reason: '请据实答复' } },
  'post /orders/{orderId}/verification-code': { allowed: ['operator'], order: true, body: { phone: '13800138000' } },
  'get /admin/units': { allowed: ['admin', 'auditor'] },
  'put /admin/units/{code}': {
    allowed: ['admin'],
    path: '/admin/units/JTJ',
    body: { name: '交通运输局', kind: 'department', parentCode: 'LJQ', isBackstop: false, reason: '测试' },
  },
  'get /admin/catalogue': { allowed: ['admin', 'auditor'] },
  'put /admin/catalogue/{code}': {
    allowed: ['admin'],
    path: '/admin/catalogue/street_light',
    body: {
      name: '路灯故障',
      leadUnit: 'CGJ',
      assistingUnits: [],
      defaultUrgency: 'normal',
      handlingClass: 'general',
      handlingLimit: { unit: 'calendar_days', amount: 3 },
      reason: '测试',
    },
  },
  'get /admin/catalogue.csv': { allowed: ['admin', 'auditor'] },
  'post /admin/catalogue.csv': { allowed: ['admin'], body: {} },
  'post /admin/catalogue.csv/preview': { allowed: ['admin'], body: {} },
  'get /admin/policy': { allowed: ['admin', 'auditor', 'manager'] },
  'post /admin/policy': { allowed: ['admin'], body: {} },
  'get /admin/policy/versions': { allowed: ['admin', 'auditor'] },
  'get /admin/calendar': { allowed: ['admin', 'auditor'] },
  'get /admin/calendar-years': { allowed: ['admin', 'auditor'] },
  'put /admin/calendar/{year}': {
    allowed: ['admin'],
    path: '/admin/calendar/2029',
    body: { holidays: ['2029-01-01'], makeupWorkdays: [], source: 'test', provisional: true, reason: '测试' },
  },
  'get /admin/versions/{kind}': { allowed: ['admin', 'auditor'], path: '/admin/versions/units' },
  'get /admin/referral-channels': { allowed: ['admin', 'auditor', 'operator'] },
  'put /admin/referral-channels/{code}': {
    allowed: ['admin'],
    path: '/admin/referral-channels/authz_test',
    body: { name: '测试渠道', reply: '测试答复', reason: '测试' },
  },
  'post /admin/referral-channels/{code}/retire': {
    allowed: ['admin'],
    path: '/admin/referral-channels/authz_test/retire',
    body: { reason: '测试' },
  },
  'get /kb/search': { allowed: ['operator', 'coordinator', 'admin'], path: '/kb/search?q=%E7%A4%BE%E4%BF%9D%E5%8D%A1' },
  'get /kb/articles/{code}': { allowed: ['operator', 'coordinator', 'admin'], path: '/kb/articles/KB0001' },
  'post /kb/suggestions': { allowed: ['operator', 'coordinator', 'admin'], body: { text: '社保卡丢了怎么补办' } },
  'post /intake/suggestions': { allowed: ['operator'], body: { description: '楼下工地半夜还在打桩' } },
  'post /intake/transcript': { allowed: ['operator'], body: { transcript: '你好，楼下工地半夜还在打桩。' } },
  'get /admin/kb': { allowed: ['admin', 'auditor'] },
  'put /admin/kb/{code}': {
    allowed: ['admin'],
    path: '/admin/kb/KB9000',
    body: {
      title: '测试',
      body: '测试内容',
      category: 'social_security',
      keywords: ['测试'],
      validFrom: '2026-01-01',
      validTo: null,
      reason: '测试',
    },
  },
  'post /kb/gaps': { allowed: ['operator'], body: { question: '新政策怎么申请', unit: 'CGJ' } },
  'get /kb/gaps': { allowed: ['department', 'admin', 'coordinator'] },
  'get /orders/{orderId}/repeat-candidates': { allowed: ['operator', 'coordinator'] },
  'get /reviews': { allowed: ['reviewer', 'coordinator', 'auditor', 'manager'] },
  'post /reviews/{id}': { allowed: ['reviewer'], path: '/reviews/999999', body: { outcome: 'upheld', reason: '核实' } },
  'get /quality-reviews': { allowed: ['reviewer', 'coordinator', 'auditor', 'manager'] },
  'get /inspections': { allowed: ['inspector', 'coordinator', 'manager', 'auditor'] },
  'post /inspections/{id}': {
    allowed: ['inspector'],
    path: '/inspections/999999',
    body: { scores: { timeliness: 5, substance: 5, attitude: 5, solved: 5 } },
  },
  'get /supervision-cases': { allowed: ['inspector', 'coordinator', 'manager', 'auditor'] },
  'get /hotspots': { allowed: ['coordinator', 'manager', 'auditor'], path: '/hotspots?week=2026-11-30' },
  'get /district-map': { allowed: ['coordinator', 'manager', 'auditor'] },
  'get /structural-problems': { allowed: ['coordinator', 'manager', 'auditor'] },
  'post /topics': {
    allowed: ['coordinator'],
    body: { category: 'noise', address: '滨江路12号', ownerUnit: 'CGJ', targetDate: '2027-03-31', reason: '反复投诉' },
  },
  'get /topics': { allowed: ['coordinator', 'manager', 'auditor'] },
  'get /kpis': { allowed: KPI_READERS, path: `/kpis?from=${PERIOD}` },
  'get /kpis.csv': { allowed: KPI_READERS, path: `/kpis.csv?from=${PERIOD}` },
  'get /kpis/outcomes': {
    allowed: KPI_READERS,
    path: `/kpis/outcomes?unit=CGJ&rate=returnRate&part=numerator&from=${PERIOD}`,
  },
  'get /kpis/units/{unit}': { allowed: KPI_READERS, path: `/kpis/units/CGJ?from=${PERIOD}` },
  'get /supervision-reports': {
    allowed: ['manager', 'coordinator', 'auditor'],
    path: `/supervision-reports?unit=CGJ&from=${PERIOD}`,
  },
  'get /supervision-reports.pdf': {
    allowed: ['manager', 'coordinator', 'auditor'],
    path: `/supervision-reports.pdf?from=${PERIOD}`,
  },
  'post /policy-previews': {
    allowed: ['manager', 'admin'],
    body: { from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00', policy: DEFAULT_POLICY },
  },
  'get /policy-previews/{previewId}': {
    allowed: ['manager', 'admin'],
    path: '/policy-previews/policy-preview-00000000-0000-4000-8000-000000000000',
  },
  // #25 item 6: not the administrator, whose role is reference data only.
  'get /wall': { allowed: ['manager', 'coordinator'] },
  'get /audit.csv': { allowed: ['auditor'], path: `/audit.csv?from=${PERIOD}` },
  'get /privacy/contact-views': { allowed: ['auditor'] },
  'get /privacy/anonymisations': { allowed: ['auditor'] },
  'post /intake/preview': { allowed: ['operator'], body: noiseComplaint },
  'post /search/orders-by-phone': { allowed: ['operator', 'coordinator'], body: { phone: '13800138000' } },
  'get /lookups': { allowed: [...ALL_READERS, 'reviewer', 'admin', 'inspector'] },
  'get /live': { allowed: [...ALL_READERS, 'reviewer'], stream: true },
  'get /dev/users': { allowed: ['public'] },
  'post /dev/sign-in': { allowed: ['public'], body: { sub: 'operator-1' } },
};

let h: ApiHarness;
const tokens: Partial<Record<Caller | 'assisting', string>> = {};

beforeAll(async () => {
  h = await startApiHarness();
  tokens.operator = await h.token('operator');
  tokens.own_unit = await h.token('department', 'CGJ');
  tokens.other_unit = await h.token('department', 'WATER');
  tokens.assisting = await h.token('department', 'ZJJ');
  tokens.coordinator = await h.token('coordinator');
  tokens.visitor = await h.token('visitor');
  tokens.admin = await h.token('admin');
  tokens.auditor = await h.token('auditor');
  tokens.reviewer = await h.token('reviewer', null);
  tokens.manager = await h.token('manager');
  tokens.inspector = await h.token('inspector');
}, 120_000);
afterAll(async () => h?.close());

const roleOf = (c: Caller): Role | null =>
  c === 'anonymous' ? null : c === 'own_unit' || c === 'other_unit' ? 'department' : c;

describe('authorisation matrix', () => {
  it('has a row for every route, and no row for a route that does not exist', () => {
    const routes = h.routes.map((r) => `${r.method} ${openApiPath(r.path)}`).sort();
    expect(Object.keys(MATRIX).sort()).toEqual(routes);
  });

  it('answers each caller as the table says', async () => {
    let n = 0;
    for (const [key, row] of Object.entries(MATRIX)) {
      const [method, template] = key.split(' ') as ['get' | 'post' | 'put', string];
      // A fresh order of CGJ (lead) for each endpoint, so one row's actions never disturb another's.
      const created = await request(h.app)
        .post('/orders')
        .set('Authorization', `Bearer ${tokens.operator}`)
        .set('Idempotency-Key', `authz-order-${++n}-${Date.now()}`)
        .send(noiseComplaint);
      expect(created.status).toBe(201);
      const path = row.path ?? template.replace('{orderId}', created.body.orderId);
      // Callers that must be turned away go first; allowed callers, who may change the order, last.
      const ordered = [...CALLERS].sort((a, b) => Number(allows(row, a)) - Number(allows(row, b)));
      for (const caller of ordered) {
        if (row.stream && (allows(row, caller) || row.allowed.includes('public'))) continue;
        let req = request(h.app)[method](path);
        const token = caller === 'own_unit' && row.ownUnit ? tokens.assisting : tokens[caller];
        if (token) req = req.set('Authorization', `Bearer ${token}`);
        const res =
          method !== 'get'
            ? await req
                .set('Idempotency-Key', `authz-${++n}-${Date.now()}`)
                .type(row.contentType ?? 'json')
                .send(row.body ?? {})
            : await req;
        const where = `${key} as ${caller} → ${res.status} ${res.body?.code ?? ''}`;
        if (row.allowed.includes('public')) expect(res.status, where).not.toBe(401);
        else if (caller === 'anonymous') expect(res.status, where).toBe(401);
        else if (!allows(row, caller)) expect(res.status, where).toBe(403);
        else if (row.order && caller === 'other_unit') expect(res.status, where).toBe(404);
        else {
          expect([401, 403], where).not.toContain(res.status);
          if (row.order) expect(res.status, where).not.toBe(404);
          expect(res.status, where).toBeLessThan(500);
        }
      }
    }
  }, 240_000);
});

function allows(row: Row, caller: Caller): boolean {
  const role = roleOf(caller);
  return row.allowed.includes('public') || (role !== null && row.allowed.includes(role));
}
