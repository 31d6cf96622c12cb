/**
 * Open311 GeoReport v2 at /open311/v2 (the frozen spec at open311.org): discovery, the services (the dispatch
 * catalogue) and their definitions, requests filed (POST, by a partner's api_key) and followed (GET, by
 * anyone), tokens — each in XML and JSON by the path's suffix. A filed request becomes an order of channel
 * `open311`, its partner the intake actor; a partner's re-send of the same request is the same order. What
 * GET answers holds no personal data (db/open311.ts): no citizen, no request text, no address; its
 * `media_url` is the unit's after-photo (办结照片), served here without a key, never the citizen's photo.
 * A request's photo comes as the multipart `media` file (the citizen's, checked as every photo is: api/photos);
 * a partner's `media_url` is never fetched (docs/integration.md).
 */
import { createHash } from 'node:crypto';
import express, {
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type Response,
  type Router,
} from 'express';
import type { PhotoStore } from '../../adapters/photo-store';
import { partnerOfKey, publicRequests, type PublicRequestRow } from '../../db/open311';
import { photosOfOrder } from '../../db/photos';
import {
  ATTRIBUTES,
  attributesOfForm,
  DEFAULT_WINDOW_DAYS,
  MAX_REQUESTS,
  OCCURS,
  open311Time,
  validateAttributes,
} from '../../domain/open311';
import type { Logger } from '../../adapters/logger';
import type { Actor } from '../../domain/order';
import type { CatalogueEntry } from '../../domain/types';
import { createRateLimiter } from '../http/rate-limit';
import { bodyTooLarge, HttpProblem, toProblem } from '../http/problem';
import { createOrderBody, type CreateOrderBody } from '../intake';
import { awaitOrderRow } from '../order-reads';
import { createOrder, type OrderDeps } from '../orders';
import { attachPhoto, checkedPhoto } from '../photos';
import { PUBLIC_STATE } from '../public';
import { isFormat, open311Error, Open311Error, send, sendError, type Format } from './format';

/** This endpoint's one jurisdiction: a request naming another is refused (404), one naming none is this one's. */
export const JURISDICTION_ID = '12345.jiangbin.gov.cn';

export interface Open311Deps extends OrderDeps {
  /** Requests per second (and burst) each partner may POST. */
  partnerRate?: { perSecond: number; burst: number };
  logger: Logger;
  store: PhotoStore;
}

/** A multipart request's whole body: the policy's largest photo bound (domain/policy-bounds), and the form. */
const MULTIPART_LIMIT = '20mb';

/** The longest partner link kept: a URL any browser takes. */
const MEDIA_URL_CHARS = 1000;

/** The `media` file of a multipart POST, read by multipartForm before the handler. */
const mediaOf = new WeakMap<Request, Uint8Array>();

type Answer = { status: number; root: string; value: unknown };
type Handler = (req: Request, format: Format) => Promise<Answer>;

const DAY_MS = 86_400_000;

/** A catalogue name's words (停电/供电故障 → 停电, 供电故障), and its group: what comes before a dash (噪音扰民-施工噪音). */
const keywordsOf = (name: string) => name.split(/[-－—/、，,（）()]/).filter(Boolean);
const groupOf = (name: string) => name.split(/[-－—]/)[0]!;

function service(entry: CatalogueEntry, unitName: (code: string) => string) {
  return {
    service_code: entry.code,
    service_name: entry.name,
    description: `${entry.name}（主办单位：${unitName(entry.leadUnit)}）`,
    metadata: true,
    type: 'realtime',
    keywords: keywordsOf(entry.name).join(','),
    group: groupOf(entry.name),
  };
}

function serviceDefinition(code: string) {
  return {
    service_code: code,
    attributes: ATTRIBUTES.map((a, i) => ({
      variable: true,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatypeDescription,
      order: i + 1,
      description: a.description,
      values: a.values,
    })),
  };
}

/** A query or form field as one string (a repeated one is refused as the spec's 400). */
function field(source: Record<string, unknown>, name: string): string | undefined {
  const v = source[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw open311Error(400, `${name} 只能给一次`, name);
  return v;
}

function number(source: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const raw = field(source, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max)
    throw open311Error(400, `${name} 须为 ${min} 到 ${max} 之间的数`, name);
  return n;
}

function date(source: Record<string, unknown>, name: string): Date | undefined {
  const raw = field(source, name);
  if (raw === undefined) return undefined;
  const d = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(d.getTime())) {
    throw open311Error(400, `${name} 须为 W3C 时间，如 2026-12-01T00:00:00+08:00`, name);
  }
  return d;
}

/** A partner's request as the intake body (validated by the same schema as POST /orders). */
function intakeBody(form: Record<string, unknown>, entry: CatalogueEntry): CreateOrderBody {
  const lat = number(form, 'lat', -90, 90);
  const lng = number(form, 'long', -180, 180);
  if ((lat === undefined) !== (lng === undefined)) throw open311Error(400, 'lat 与 long 须同时提供', 'lat');
  const address = field(form, 'address_string');
  const addressId = field(form, 'address_id');
  if (lat === undefined && !address && !addressId) {
    throw open311Error(400, '须提供位置：lat 与 long、address_string 或 address_id', 'location');
  }
  const { values, errors } = validateAttributes(attributesOfForm(form));
  if (!values) throw new Open311Error(400, errors);
  const occurs = values.occurs.map((k) => OCCURS[k]).join('、');
  const link = partnerLink(field(form, 'media_url'));
  const name = [field(form, 'last_name'), field(form, 'first_name')].filter(Boolean).join('');
  const phone = field(form, 'phone');
  const email = field(form, 'email');
  const candidate = {
    channel: 'open311',
    orderType: values.orderType,
    category: entry.code,
    ...(values.urgency ? { urgency: values.urgency } : {}),
    description: `${field(form, 'description') ?? entry.name}${occurs ? `（发生时段：${occurs}）` : ''}${link}`,
    citizen: {
      ...(name ? { name } : {}),
      ...(phone ? { phone } : {}),
      ...(email ? { email } : {}),
      ...(values.smsConsent ? { smsConsent: true } : {}),
    },
    ...(lat !== undefined && lng !== undefined ? { location: { lat, lng } } : {}),
    ...(address || addressId ? { incidentAddress: address ?? `地址编号 ${addressId}` } : {}),
  };
  const parsed = createOrderBody.safeParse(candidate);
  if (!parsed.success) {
    throw new Open311Error(
      400,
      parsed.error.issues.map((i) => ({ code: i.path.join('.'), description: `${i.path.join('.')}: ${i.message}` })),
    );
  }
  return parsed.data;
}

/**
 * A partner's `media_url`, kept in the request text for the centre to open by hand — never fetched by the
 * server (a partner's URL may point inside the centre's network) nor shown as an image (opening it tells
 * the partner's server who looks). Only https, as a link a person can check.
 */
function partnerLink(mediaUrl: string | undefined): string {
  if (mediaUrl === undefined) return '';
  const url = URL.canParse(mediaUrl) ? new URL(mediaUrl) : null;
  if (url?.protocol !== 'https:' || mediaUrl.length > MEDIA_URL_CHARS || url.username || url.password) {
    throw open311Error(400, `media_url 须为 https 链接（不超过 ${MEDIA_URL_CHARS} 字符）`, 'media_url');
  }
  return `（合作方照片链接，未经核验：${url.href}）`;
}

/** The same request re-sent by the same partner (its form and its photo) has the same key: the same order. */
function resendKey(form: Record<string, unknown>, media: Uint8Array | undefined): string {
  const fields = Object.entries(form)
    .filter(([k]) => k !== 'api_key')
    .sort(([a], [b]) => a.localeCompare(b));
  const hash = createHash('sha256').update(JSON.stringify(fields));
  if (media) hash.update(media);
  return `open311-${hash.digest('hex').slice(0, 48)}`;
}

/** The format a path asks for, where the route's own parameter is not at hand (a body parser's error). */
const formatOfPath = (path: string): Format => (path.endsWith('.xml') ? 'xml' : 'json');

/**
 * A multipart/form-data POST (GeoReport v2's common extension for a photo) as the form it carries, its
 * `media` file put aside for the handler; fields given twice become a list, as a urlencoded form's do.
 */
async function multipartForm(req: Request, res: Response, next: NextFunction): Promise<void> {
  if (!Buffer.isBuffer(req.body)) return next();
  const format = formatOfPath(req.path);
  const parsed = await new Request('http://open311.invalid/', {
    method: 'POST',
    headers: { 'content-type': req.get('content-type') ?? '' },
    body: req.body,
  })
    .formData()
    .catch(() => null);
  if (!parsed) return sendError(res, format, open311Error(400, 'multipart/form-data 表单无法解析', 'body'));
  const form: Record<string, string | string[]> = {};
  for (const [name, value] of parsed) {
    if (typeof value !== 'string') {
      if (name !== 'media' || mediaOf.has(req)) {
        return sendError(res, format, open311Error(400, '只能以 media 上传一个照片文件', name));
      }
      mediaOf.set(req, new Uint8Array(await value.arrayBuffer()));
      continue;
    }
    const had = form[name];
    form[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  req.body = form;
  next();
}

/** A body its parser refused (too large, malformed) as Open311 says it, in the path's format. */
const bodyRefused: ErrorRequestHandler = (err, req, res, next) => {
  const status = (err as { status?: unknown }).status;
  if (typeof status !== 'number' || status >= 500) return next(err);
  const multipart = Boolean(req.is('multipart/form-data'));
  const refusal =
    status === 413
      ? open311Error(
          413,
          bodyTooLarge((err as { limit?: number }).limit, multipart ? 'image/*' : undefined).message,
          multipart ? 'media' : 'body',
        )
      : open311Error(400, '请求内容无法解析', 'body');
  sendError(res, formatOfPath(req.path), refusal);
};

/** An error of the order's intake as Open311 says it. */
function fromProblem(err: HttpProblem): Open311Error {
  const fields = (err.extra.errors as { field: string; message: string }[] | undefined) ?? [];
  const status = err.status === 422 || err.status === 409 ? 400 : err.status;
  return new Open311Error(
    status,
    fields.length
      ? fields.map((f) => ({ code: f.field, description: f.message }))
      : [{ code: err.code, description: err.message }],
  );
}

export function open311Router(deps: Open311Deps): Router {
  const router = express.Router();
  const limiter = createRateLimiter(deps.partnerRate ?? { perSecond: 5, burst: 60 });
  const reference = () => deps.reference.get();
  const unitName = (code: string) => reference().units.get(code)?.name ?? code;
  const entryOf = (code: string | undefined) => {
    const entry = code ? reference().catalogue.get(code) : undefined;
    if (!entry) throw open311Error(404, `没有编码为 ${code ?? ''} 的服务`, 'service_code');
    return entry;
  };

  /** One request as GET may show it, whatever its date; undefined if none or not shown. */
  const onePublicRequest = async (id: string) =>
    (await publicRequests(deps.db, { ids: [id], from: new Date(0), to: new Date(), limit: 1, offset: 0 }))[0];

  /** The endpoint's own address, as the caller reached it. */
  const endpoint = (req: Request) => `${req.protocol}://${req.get('host')}${req.baseUrl}`;

  const publicRequest = (req: Request) => (r: PublicRequestRow) => {
    const label = PUBLIC_STATE[r.state as keyof typeof PUBLIC_STATE]?.label ?? '办理中';
    return {
      service_request_id: r.orderId,
      status: r.closedAt ? 'closed' : 'open',
      status_notes: r.reply ? `${label}。答复：${r.reply}` : label,
      service_name: r.category ? (reference().catalogue.get(r.category)?.name ?? null) : null,
      service_code: r.category,
      agency_responsible: r.leadUnit ? unitName(r.leadUnit) : null,
      service_notice: null,
      requested_datetime: open311Time(r.receivedAt),
      updated_datetime: open311Time(r.updatedAt),
      expected_datetime: r.handlingDueAt ? open311Time(r.handlingDueAt) : null,
      // The matter's place to about 100 m: enough for a map, not a doorstep.
      lat: r.lat === null ? null : Math.round(r.lat * 1000) / 1000,
      long: r.lng === null ? null : Math.round(r.lng * 1000) / 1000,
      media_url: r.afterPhotoId === null ? null : `${endpoint(req)}/media/${r.orderId}/${r.afterPhotoId}`,
    };
  };

  /** A failure as Open311 answers it: its own errors, the order routes' problems, or a 500 that is logged. */
  const fail = (res: Response, format: Format, err: unknown) => {
    if (err instanceof Open311Error) sendError(res, format, err);
    else if (err instanceof HttpProblem) sendError(res, format, fromProblem(err));
    else {
      deps.logger.error({ err }, 'open311 request failed');
      sendError(res, format, open311Error(500, '服务暂时不可用，请稍后重试'));
    }
  };

  const handle =
    (handler: Handler) =>
    async (req: Request, res: Response): Promise<void> => {
      const format = String(req.params.format);
      if (!isFormat(format)) {
        sendError(res, 'json', open311Error(404, '格式须为 .xml 或 .json', 'format'));
        return;
      }
      try {
        const source = { ...(req.query as Record<string, unknown>), ...((req.body as object | undefined) ?? {}) };
        const jurisdiction = field(source, 'jurisdiction_id');
        if (jurisdiction !== undefined && jurisdiction !== JURISDICTION_ID) {
          throw open311Error(404, `没有辖区 ${jurisdiction}（本端点为 ${JURISDICTION_ID}）`, 'jurisdiction_id');
        }
        const { status, root, value } = await handler(req, format);
        send(res, format, status, root, value);
      } catch (err) {
        fail(res, format, err);
      }
    };

  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));

  router.get(
    '/discovery.:format',
    handle(async (req) => {
      const url = endpoint(req);
      const changeset = open311Time(Date.now());
      return {
        status: 200,
        root: 'discovery',
        value: {
          changeset,
          contact: '12345 政务服务便民热线',
          key_service: 'api_key 由热线管理员按合作系统发放',
          endpoints: [
            {
              specification: 'http://wiki.open311.org/GeoReport_v2',
              url,
              changeset,
              type: 'production',
              formats: ['text/xml', 'application/json'],
            },
          ],
        },
      };
    }),
  );

  router.get(
    '/services.:format',
    handle(async () => ({
      status: 200,
      root: 'services',
      value: [...reference().catalogue.values()].map((e) => service(e, unitName)),
    })),
  );

  router.get(
    '/services/:code.:format',
    handle(async (req) => ({
      status: 200,
      root: 'service_definition',
      value: serviceDefinition(entryOf(String(req.params.code)).code),
    })),
  );

  router.post(
    '/requests.:format',
    express.raw({ type: 'multipart/form-data', limit: MULTIPART_LIMIT }),
    multipartForm,
    handle(async (req) => {
      const form = { ...(req.query as Record<string, unknown>), ...((req.body as object | undefined) ?? {}) };
      const media = mediaOf.get(req);
      const apiKey = field(form, 'api_key');
      const partner = apiKey ? await partnerOfKey(deps.db, apiKey) : undefined;
      if (!partner) throw open311Error(403, 'api_key 无效或已停用', 'api_key');
      const wait = limiter.take(`open311:${partner.id}`);
      if (wait > 0) throw open311Error(429, `请求过于频繁，请 ${wait} 秒后重试`);
      const code = field(form, 'service_code');
      if (!code) throw open311Error(400, '缺少 service_code', 'service_code');
      const entry = entryOf(code);
      const body = intakeBody(form, entry);
      // A photo that may not be stored refuses the request before any order is made.
      if (media) asMediaRefusal(() => checkedPhoto(media, deps.reference));
      // The partner is the intake actor: its orders' trails name it.
      const actor: Actor = { role: 'operator', id: `open311:${partner.id}`, unit: 'CENTRE' };
      const created = await createOrder(deps, actor, body, resendKey(form, media));
      const order = created.body as { orderId: string; verificationCode: string };
      // Answered once the order can be read back (GET requests/{id}), as a client will at once.
      await awaitOrderRow(deps, order.orderId);
      // The citizen's photo (市民照片), stored as an operator's at intake is.
      if (media) {
        await attachPhoto(deps, actor, order.orderId, 'intake', media).catch((err: unknown) => {
          const problem = toProblem(err);
          throw problem.status < 500 ? open311Error(400, problem.message, 'media') : err;
        });
      }
      return {
        status: created.status,
        root: 'service_requests',
        value: [
          {
            service_request_id: order.orderId,
            service_notice: `已受理，工单号 ${order.orderId}，查询码 ${order.verificationCode}`,
            account_id: null,
          },
        ],
      };
    }),
  );

  router.get(
    '/requests.:format',
    handle(async (req) => {
      const q = req.query as Record<string, unknown>;
      const ids = field(q, 'service_request_id')?.split(',').filter(Boolean);
      const statuses = field(q, 'status')?.split(',');
      if (statuses?.some((s) => s !== 'open' && s !== 'closed')) {
        throw open311Error(400, 'status 须为 open 或 closed', 'status');
      }
      const end = date(q, 'end_date');
      const start = date(q, 'start_date');
      const to = end ?? (start ? new Date(start.getTime() + DEFAULT_WINDOW_DAYS * DAY_MS) : new Date());
      const from = start ?? new Date(to.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
      if (to.getTime() - from.getTime() > DEFAULT_WINDOW_DAYS * DAY_MS || to < from) {
        throw open311Error(400, `start_date 到 end_date 须在 ${DEFAULT_WINDOW_DAYS} 天以内`, 'start_date');
      }
      const pageSize = number(q, 'page_size', 1, MAX_REQUESTS) ?? MAX_REQUESTS;
      const page = number(q, 'page', 1, 1_000_000) ?? 1;
      const serviceCode = field(q, 'service_code');
      const rows = await publicRequests(deps.db, {
        ...(ids ? { ids: ids.slice(0, MAX_REQUESTS) } : {}),
        ...(serviceCode ? { category: serviceCode } : {}),
        ...(statuses?.length === 1 ? { status: statuses[0] as 'open' | 'closed' } : {}),
        // The spec's end_date includes its instant.
        from,
        to: new Date(to.getTime() + 1),
        limit: Math.floor(pageSize),
        offset: (Math.floor(page) - 1) * Math.floor(pageSize),
      });
      return { status: 200, root: 'service_requests', value: rows.map(publicRequest(req)) };
    }),
  );

  router.get(
    '/requests/:id.:format',
    handle(async (req) => {
      const row = await onePublicRequest(String(req.params.id));
      if (!row) throw open311Error(404, `没有工单 ${String(req.params.id)}`, 'service_request_id');
      return { status: 200, root: 'service_requests', value: [publicRequest(req)(row)] };
    }),
  );

  // A request's id is given at once (no token to wait on): a token is its id.
  router.get(
    '/tokens/:token.:format',
    handle(async (req) => {
      const token = String(req.params.token);
      const row = await onePublicRequest(token);
      if (!row) throw open311Error(404, `没有令牌 ${token}`, 'token');
      return { status: 200, root: 'service_requests', value: [{ service_request_id: row.orderId, token }] };
    }),
  );

  // media_url: the unit's after-photo of a request GET may show, without a key; nothing else of the order's.
  router.get('/media/:orderId/:photoId', async (req, res) => {
    try {
      const orderId = String(req.params.orderId);
      const row = await onePublicRequest(orderId);
      const listed =
        row?.afterPhotoId != null &&
        (await photosOfOrder(deps.db, orderId)).find(
          (p) => String(p.id) === req.params.photoId && p.kind === 'completion',
        );
      const photo = listed ? await deps.store.get(listed.key) : null;
      if (!photo) throw open311Error(404, '没有这张办结照片', 'media_url');
      res.type(photo.contentType).send(Buffer.from(photo.bytes));
    } catch (err) {
      fail(res, 'json', err);
    }
  });

  router.use(bodyRefused);
  return router;
}

/** A photo's refusal (HttpProblem naming the body) as Open311's error naming `media`. */
function asMediaRefusal(check: () => void): void {
  try {
    check();
  } catch (err) {
    if (err instanceof HttpProblem) throw open311Error(400, err.message, 'media');
    throw err;
  }
}
