/**
 * Open311 GeoReport v2 at /open311/v2, contract tests of every endpoint in both formats on the real API,
 * Temporal and PostgreSQL: discovery, services and their definitions, POST of a request (form-encoded,
 * attributes validated, a location required, a re-send the same order, the partner's key checked and
 * rate limited), GET of requests (no personal data, +08:00 times, the 90-day window, paging) and tokens,
 * and the spec's error bodies and status codes.
 */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokePartner, savePartner } from '../../db/open311';
import { photos } from '../../db/schema';
import { auditTrail } from '../../support';
import { JURISDICTION_ID } from '../../api/open311';
import { startApiHarness, type ApiHarness } from '../helpers/api';

const KEY = 'o311_test_city_app_key';
const JPEG = readFileSync(new URL('../fixtures/photos/red.jpg', import.meta.url));
const WEBP = readFileSync(new URL('../fixtures/photos/red.webp', import.meta.url));
const citizen = { first_name: '明远', last_name: '欧阳', phone: '13912345678', email: 'ouyang.mingyuan@example.cn' };
const DESCRIPTION = '银杏路工地夜间打桩，噪音很大';
const ADDRESS = '江滨市滨江区银杏路77号';
const PERSONAL = [citizen.first_name, citizen.last_name, citizen.phone, citizen.email, DESCRIPTION, ADDRESS, '银杏路'];

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
  const db = h.testDb.database.db;
  await savePartner(db, { id: 'city-app', name: '江滨城市 App', apiKey: KEY, by: 'test' });
  await savePartner(db, { id: 'old-app', name: '旧系统', apiKey: 'o311_revoked', by: 'test' });
  await revokePartner(db, 'old-app');
  await savePartner(db, { id: 'busy-app', name: '频繁系统', apiKey: 'o311_busy', by: 'test' });
});
afterAll(async () => h?.close());

type Tree = string | { [name: string]: Tree | Tree[] };

/** Our XML (elements and text only) as a tree: a repeated element becomes a list. */
function parseXml(xml: string): Record<string, Tree> {
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const tokens = body.match(/<[^>]+>|[^<]+/g) ?? [];
  const unescape = (s: string) =>
    s.replace(/&(lt|gt|amp|apos|quot);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' })[e]!);
  const stack: { name: string; children: [string, Tree][]; text: string }[] = [{ name: '#', children: [], text: '' }];
  for (const t of tokens) {
    if (t.startsWith('</')) {
      const done = stack.pop()!;
      expect(t).toBe(`</${done.name}>`);
      const node: Tree = done.children.length ? group(done.children) : unescape(done.text);
      stack.at(-1)!.children.push([done.name, node]);
    } else if (t.endsWith('/>')) stack.at(-1)!.children.push([t.slice(1, -2), '']);
    else if (t.startsWith('<')) stack.push({ name: t.slice(1, -1), children: [], text: '' });
    else stack.at(-1)!.text += t;
  }
  expect(stack).toHaveLength(1);
  return group(stack[0]!.children) as Record<string, Tree>;
}
function group(children: [string, Tree][]): Tree {
  const out: Record<string, Tree | Tree[]> = {};
  for (const [name, node] of children) {
    const had = out[name];
    out[name] = had === undefined ? node : Array.isArray(had) ? [...had, node] : [had, node];
  }
  return out;
}
/** A list element's items, one or many. */
const items = (node: Tree | Tree[] | undefined): Tree[] =>
  node === undefined ? [] : Array.isArray(node) ? node : [node];

const FORMATS = ['json', 'xml'] as const;
type Fmt = (typeof FORMATS)[number];

const get = (path: string) => request(h.app).get(`/open311/v2/${path}`);
const post = (fmt: Fmt, form: Record<string, string | string[]>) =>
  request(h.app).post(`/open311/v2/requests.${fmt}`).type('form').send(form);

/** The form as multipart/form-data (a list field repeated), with a `media` file when given. */
function postMultipart(fmt: Fmt, fields: Record<string, string | string[]>, media?: Buffer) {
  let req = request(h.app).post(`/open311/v2/requests.${fmt}`);
  for (const [name, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) req = req.field(name, v);
  return media ? req.attach('media', media, { filename: 'photo.jpg', contentType: 'image/jpeg' }) : req;
}

const bearer = async (role: 'operator' | 'department') => `Bearer ${await h.token(role)}`;

/** The answer as a tree in either format: JSON as it is, XML parsed under its root. */
function answer(fmt: Fmt, res: request.Response, root: string, item?: string): unknown {
  if (fmt === 'json') {
    expect(res.type).toBe('application/json');
    return res.body;
  }
  expect(res.type).toBe('application/xml');
  const tree = parseXml(res.text)[root] as Record<string, Tree>;
  return item ? items(tree[item]) : tree;
}

const errors = (fmt: Fmt, res: request.Response) =>
  answer(fmt, res, 'errors', 'error') as { code: string | number; description: string }[];

const form = (extra: Record<string, string | string[]> = {}) => ({
  api_key: KEY,
  service_code: 'noise_construction',
  lat: '30.27415',
  long: '120.15515',
  address_string: ADDRESS,
  description: DESCRIPTION,
  ...citizen,
  'attribute[order_type]': 'complaint',
  'attribute[occurs][]': ['night', 'weekend'],
  'attribute[sms_consent]': 'yes',
  ...extra,
});

describe.each(FORMATS)('Open311 GeoReport v2 (%s)', (fmt) => {
  let filed: string;

  it('discovery names the endpoint and both formats', async () => {
    const res = await get(`discovery.${fmt}`).expect(200);
    const d = answer(fmt, res, 'discovery') as { endpoints: unknown };
    const [endpoint] = (fmt === 'json' ? d.endpoints : items((d.endpoints as Record<string, Tree>).endpoint)) as {
      url: string;
      specification: string;
    }[];
    expect(endpoint!.url).toMatch(/\/open311\/v2$/);
    expect(endpoint!.specification).toBe('http://wiki.open311.org/GeoReport_v2');
  });

  it('services are the dispatch catalogue, with group, keywords and type realtime', async () => {
    const res = await get(`services.${fmt}`).expect(200);
    const services = answer(fmt, res, 'services', 'service') as Record<string, unknown>[];
    expect(services.length).toBe(h.reference.get().catalogue.size);
    const noise = services.find((s) => s.service_code === 'noise_construction')!;
    expect(noise).toMatchObject({ type: 'realtime', service_name: '噪音扰民-施工噪音', group: '噪音扰民' });
    expect(String(noise.metadata)).toBe('true');
    expect(noise.keywords).toBe('噪音扰民,施工噪音');
  });

  it('a service definition declares its attributes with the spec’s datatypes', async () => {
    const res = await get(`services/noise_construction.${fmt}`).expect(200);
    const def = answer(fmt, res, 'service_definition') as Record<string, unknown>;
    const attributes = (
      fmt === 'json' ? def.attributes : items((def.attributes as Record<string, Tree>).attribute)
    ) as {
      code: string;
      datatype: string;
      required: unknown;
      values: unknown;
    }[];
    expect(attributes.map((a) => [a.code, a.datatype, String(a.required)])).toEqual([
      ['order_type', 'singlevaluelist', 'true'],
      ['urgency', 'singlevaluelist', 'false'],
      ['occurs', 'multivaluelist', 'false'],
      ['sms_consent', 'singlevaluelist', 'false'],
    ]);
    const missing = await get(`services/no_such_service.${fmt}`).expect(404);
    expect(errors(fmt, missing)).toEqual([
      { code: 'service_code', description: expect.stringContaining('no_such_service') },
    ]);
  });

  it('files a request: an order of channel open311 with its partner as the intake actor; a re-send is the same order', async () => {
    const res = await post(fmt, form({ description: `${DESCRIPTION}（${fmt}）` })).expect(201);
    const [created] = answer(fmt, res, 'service_requests', 'request') as {
      service_request_id: string;
      service_notice: string;
    }[];
    filed = created!.service_request_id;
    expect(filed).toMatch(/^WO[0-9A-Z]{14}$/);
    expect(created!.service_notice).toMatch(/查询码 \d{6}/);

    const again = await post(fmt, form({ description: `${DESCRIPTION}（${fmt}）` })).expect(200);
    expect(
      (answer(fmt, again, 'service_requests', 'request') as { service_request_id: string }[])[0]!.service_request_id,
    ).toBe(filed);

    const trail = await auditTrail(h.testDb.database.db, filed);
    expect(trail[0]).toMatchObject({
      type: 'received',
      actorId: 'open311:city-app',
      data: expect.objectContaining({ channel: 'open311', orderType: 'complaint' }),
    });
    // The names, phone and email are the citizen's: in full to the centre, masked as the phone is to an auditor.
    const operator = await request(h.app)
      .get(`/orders/${filed}`)
      .set('Authorization', `Bearer ${await h.token('operator')}`)
      .expect(200);
    expect(operator.body.citizen).toEqual({
      name: '欧阳明远',
      phone: citizen.phone,
      email: citizen.email,
      smsConsent: true,
    });
    const auditor = await request(h.app)
      .get(`/orders/${filed}`)
      .set('Authorization', `Bearer ${await h.token('auditor')}`)
      .expect(200);
    expect(auditor.body.citizen).toEqual({ name: '欧*', phone: '139****5678', email: 'o***@example.cn' });
  });

  it('reads the request back without personal data: status, notes, agency, times in +08:00', async () => {
    const res = await get(`requests/${filed}.${fmt}`).expect(200);
    const [r] = answer(fmt, res, 'service_requests', 'request') as Record<string, string>[];
    expect(r).toMatchObject({
      service_request_id: filed,
      status: 'open',
      service_code: 'noise_construction',
      agency_responsible: '临江区城市管理综合执法局',
    });
    expect(r!.status_notes).toBeTruthy();
    for (const t of ['requested_datetime', 'updated_datetime', 'expected_datetime'])
      expect(r![t]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    for (const p of PERSONAL) expect(res.text).not.toContain(p);
    expect(String(r!.lat)).toBe('30.274');

    const token = await get(`tokens/${filed}.${fmt}`).expect(200);
    expect(answer(fmt, token, 'service_requests', 'request')).toEqual([{ service_request_id: filed, token: filed }]);
    const unknown = await get(`requests/WO00000000000000.${fmt}`).expect(404);
    expect(errors(fmt, unknown)[0]!.code).toBe('service_request_id');
  });

  it('lists requests: the last 90 days by default, by status and service, in pages, never personal data', async () => {
    await post(fmt, form({ description: `楼下餐馆油烟扰民（${fmt}）` })).expect(201);
    const all = answer(fmt, await get(`requests.${fmt}`).expect(200), 'service_requests', 'request') as {
      service_request_id: string;
    }[];
    expect(all.map((r) => r.service_request_id)).toContain(filed);
    const closed = answer(
      fmt,
      await get(`requests.${fmt}?status=closed`).expect(200),
      'service_requests',
      'request',
    ) as unknown[];
    expect(closed).toEqual([]);
    const ids = answer(
      fmt,
      await get(`requests.${fmt}?service_request_id=${filed}&service_code=noise_construction`).expect(200),
      'service_requests',
      'request',
    ) as { service_request_id: string }[];
    expect(ids.map((r) => r.service_request_id)).toEqual([filed]);
    const first = answer(
      fmt,
      await get(`requests.${fmt}?page_size=1&page=1`).expect(200),
      'service_requests',
      'request',
    ) as { service_request_id: string }[];
    const second = answer(
      fmt,
      await get(`requests.${fmt}?page_size=1&page=2`).expect(200),
      'service_requests',
      'request',
    ) as { service_request_id: string }[];
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(first[0]!.service_request_id).not.toBe(second[0]!.service_request_id);
    const old = answer(
      fmt,
      await get(`requests.${fmt}?start_date=2020-01-01T00:00:00%2B08:00&end_date=2020-03-01T00:00:00%2B08:00`).expect(
        200,
      ),
      'service_requests',
      'request',
    );
    expect(old).toEqual([]);
    const tooLong = await get(`requests.${fmt}?start_date=2020-01-01T00:00:00Z&end_date=2020-06-01T00:00:00Z`).expect(
      400,
    );
    expect(errors(fmt, tooLong)[0]!.code).toBe('start_date');
    const res = await get(`requests.${fmt}`);
    for (const p of PERSONAL) expect(res.text).not.toContain(p);
  });

  it('takes the citizen’s photo as the multipart media file and a partner’s media_url as a link; media_url read back is the unit’s after-photo only', async () => {
    const description = `楼道堆放杂物堵塞消防通道（${fmt} 附照片）`;
    const linked = 'https://partner.example/photos/2026/a1.jpg';
    const res = await postMultipart(fmt, form({ description, media_url: linked }), JPEG).expect(201);
    const [created] = answer(fmt, res, 'service_requests', 'request') as { service_request_id: string }[];
    const id = created!.service_request_id;
    const stored = await h.testDb.database.db.select().from(photos).where(eq(photos.orderId, id));
    expect(stored).toMatchObject([{ kind: 'intake', uploadedBy: 'open311:city-app', contentType: 'image/jpeg' }]);
    // A re-send with its photo is the same order, the photo stored once.
    await postMultipart(fmt, form({ description, media_url: linked }), JPEG).expect(200);
    expect(await h.testDb.database.db.select().from(photos).where(eq(photos.orderId, id))).toHaveLength(1);
    // The link is the centre's to open by hand, in the request text: the server never fetched it.
    const order = await request(h.app)
      .get(`/orders/${id}`)
      .set('Authorization', await bearer('operator'));
    expect(order.body.description).toContain(`（合作方照片链接，未经核验：${linked}）`);

    const read = async () =>
      (
        answer(fmt, await get(`requests/${id}.${fmt}`).expect(200), 'service_requests', 'request') as {
          media_url: string;
        }[]
      )[0]!.media_url;
    // The citizen's photo is never the request's media_url.
    expect([null, '']).toContain(await read());
    const unit = await bearer('department');
    const ack = await request(h.app)
      .post(`/orders/${id}/acknowledge`)
      .set('Authorization', unit)
      .set('Idempotency-Key', `open311-ack-${fmt}`)
      .send({});
    expect(ack.status).toBe(200);
    const after = await request(h.app)
      .post(`/orders/${id}/photos`)
      .set('Authorization', unit)
      .set('Content-Type', 'image/webp')
      .send(WEBP)
      .expect(201);
    const mediaUrl = await read();
    expect(mediaUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/open311/v2/media/${id}/${after.body.id}$`));
    const shown = await request(h.app).get(new URL(mediaUrl).pathname).buffer(true).expect(200);
    expect(shown.headers['content-type']).toBe('image/webp');
    expect(Buffer.from(shown.body as Buffer).equals(WEBP)).toBe(true);
    // Not the citizen's photo, by any id.
    await request(h.app).get(`/open311/v2/media/${id}/${stored[0]!.id}`).expect(404);
  });

  it('refuses a disguised or oversized photo and a link that is not https, naming media and media_url', async () => {
    const before = (await h.testDb.database.db.select().from(photos)).length;
    const cases: [Buffer | undefined, Record<string, string>, number, string, RegExp][] = [
      [Buffer.from('<?php system($_GET["c"]); ?>'), {}, 400, 'media', /不是 JPEG、PNG 或 WebP 图片/],
      [
        Buffer.concat([JPEG, Buffer.alloc(h.reference.get().policy.photos.maxBytes)]),
        {},
        400,
        'media',
        /照片大小超过上限/,
      ],
      [Buffer.concat([JPEG, Buffer.alloc(21 * 1024 * 1024)]), {}, 413, 'media', /照片文件过大（上限 20 MB）/],
      [undefined, { media_url: 'http://10.0.0.1/admin' }, 400, 'media_url', /https/],
      [undefined, { media_url: 'file:///etc/passwd' }, 400, 'media_url', /https/],
    ];
    for (const [media, extra, status, code, message] of cases) {
      const res = await postMultipart(fmt, form({ description: `${code} 拒收测试 ${status}`, ...extra }), media);
      expect(res.status, code).toBe(status);
      expect(errors(fmt, res), code).toEqual([{ code, description: expect.stringMatching(message) }]);
    }
    expect((await h.testDb.database.db.select().from(photos)).length).toBe(before);
  });

  it('refuses with the spec’s error bodies: key, location, attributes, jurisdiction', async () => {
    const cases: [Record<string, string | string[]>, number, string][] = [
      [{ api_key: 'nope' }, 403, 'api_key'],
      [{ api_key: 'o311_revoked' }, 403, 'api_key'],
      [{ lat: '', long: '', address_string: '' }, 400, 'location'],
      [{ 'attribute[order_type]': 'praise' }, 400, 'attribute[order_type]'],
      [{ 'attribute[order_type]': '' }, 400, 'attribute[order_type]'],
      [{ 'attribute[colour]': 'red' }, 400, 'attribute[colour]'],
      [{ service_code: 'no_such_service' }, 404, 'service_code'],
      [{ phone: 'call me' }, 400, 'citizen.phone'],
      [{ email: 'not-an-address' }, 400, 'citizen.email'],
      [{ jurisdiction_id: 'elsewhere.gov' }, 404, 'jurisdiction_id'],
    ];
    for (const [change, status, code] of cases) {
      const res = await post(fmt, form(change));
      expect(res.status, JSON.stringify(change)).toBe(status);
      expect(
        errors(fmt, res).map((e) => e.code),
        JSON.stringify(change),
      ).toContain(code);
    }
    const okHere = await get(`services.${fmt}?jurisdiction_id=${JURISDICTION_ID}`);
    expect(okHere.status).toBe(200);
    expect((await get(`services.html`)).status).toBe(404);
  });
});

describe('Open311 partners', () => {
  it('are rate limited each on its own', async () => {
    const statuses: number[] = [];
    // Refused for the location, after the key and the rate limit were checked: no order is made.
    for (let i = 0; i < 80; i++)
      statuses.push((await post('json', form({ api_key: 'o311_busy', lat: '', long: '', address_string: '' }))).status);
    expect(statuses.slice(0, 60).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(60)).toContain(429);
    const other = await post('json', form({ lat: '', long: '', address_string: '' }));
    expect(other.status).toBe(400);
  });
});
