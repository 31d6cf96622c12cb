/**
 * Who sees a citizen through the API (real Temporal dev server and PostgreSQL): the contact full, masked
 * or withheld by role, unit and confidentiality on every route that answers with an order, never in the
 * audit trail or lists, every full view in the privacy log for auditors, and nothing cached.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../domain/order';
import { createRetentionActivities } from '../../activities/retention';
import { ANONYMISED_DESCRIPTION } from '../../db/privacy';
import { auditTypes, eventually } from '../../support';
import { callers, startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
let as: ReturnType<typeof callers>;

/** Callers by name: the centre's roles and three units (noise_construction: CGJ leads, ZJJ and STHJ assist). */
const CALLERS: Record<string, [Role, string]> = {
  operator: ['operator', 'CENTRE'],
  coordinator: ['coordinator', 'CENTRE'],
  visitor: ['visitor', 'CENTRE'],
  auditor: ['auditor', 'CENTRE'],
  CGJ: ['department', 'CGJ'],
  ZJJ: ['department', 'ZJJ'],
  GAS: ['department', 'GAS'],
};

/**
 * Each order from its own caller: intake holds back a likely repeat (same caller, same category) from
 * dispatch, and these orders must reach their units.
 */
const callerWith = (phone: string) => ({ ...noiseComplaint.citizen, phone });
const ORDINARY = callerWith('13800138000');
const CONFIDENTIAL = callerWith('13900139000');
const masked = (phone: string) => ({ name: '张*', phone, address: '江滨市滨江区***' });
/** What must never reach a caller that does not see the contact in full. */
const secretsOf = (citizen: { phone: string }) => [citizen.phone, '张三', '幸福路'];

let ordinary: string;
let confidential: string;
/** Withdrawn by the operator in a test below. */
let closed: string;

async function createOrder(body: object): Promise<string> {
  const res = await as('operator').post('/orders', body);
  if (res.status !== 201) throw new Error(`intake answered ${res.status}`);
  // Written by the workflow a moment later: the trail the audit tests read.
  await eventually(
    () => auditTypes(h.testDb.database.db, res.body.orderId),
    (types) => types.includes('dispatched'),
  );
  return res.body.orderId as string;
}

const viewsOf = async (query: string) => (await as('auditor').get(`/privacy/contact-views?${query}`)).body;

beforeAll(async () => {
  h = await startApiHarness();
  const tokens = Object.fromEntries(
    await Promise.all(Object.entries(CALLERS).map(async ([who, [role, unit]]) => [who, await h.token(role, unit)])),
  );
  as = callers(h, tokens);
  ordinary = await createOrder({ ...noiseComplaint, citizen: ORDINARY });
  confidential = await createOrder({ ...noiseComplaint, citizen: CONFIDENTIAL, confidential: true });
});
afterAll(async () => h?.close());

describe('GET /orders/{id}', () => {
  // [caller, on an ordinary order, on a confidential one]: what citizen and visibility it gets.
  const EXPECTED: [string, 'full' | 'masked' | 'none', 'full' | 'masked' | 'none'][] = [
    ['operator', 'full', 'full'],
    ['coordinator', 'full', 'full'],
    ['visitor', 'full', 'full'],
    ['auditor', 'masked', 'masked'],
    ['CGJ', 'full', 'none'],
    ['ZJJ', 'masked', 'none'],
  ];
  const CONTACT = {
    full: (c: typeof ORDINARY) => c,
    masked: (c: typeof ORDINARY) => masked(c === ORDINARY ? '138****8000' : '139****9000'),
    none: () => ({}),
  };

  for (const [who, onOrdinary, onConfidential] of EXPECTED) {
    it(`${who} sees the contact ${onOrdinary} on an ordinary order and ${onConfidential} on a confidential one`, async () => {
      for (const [orderId, citizen, visibility] of [
        [ordinary, ORDINARY, onOrdinary],
        [confidential, CONFIDENTIAL, onConfidential],
      ] as const) {
        const res = await as(who).get(`/orders/${orderId}`);
        expect(res.status).toBe(200);
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.body.citizen).toEqual(CONTACT[visibility](citizen));
        expect(res.body.citizenVisibility).toBe(visibility);
        expect(res.body.confidential).toBe(orderId === confidential);
        // Nothing else in the answer carries the contact either.
        if (visibility !== 'full')
          for (const s of secretsOf(citizen)) expect(JSON.stringify(res.body)).not.toContain(s);
      }
    });
  }

  it('a unit neither leading nor assisting does not learn the order exists', async () => {
    expect((await as('GAS').get(`/orders/${ordinary}`)).status).toBe(404);
  });

  it('shows the contact masked while the privacy log cannot take the record of a full view', async () => {
    const db = h.testDb.database.db;
    await db.execute(sql`alter table privacy_log rename to privacy_log_away`);
    try {
      const res = await as('CGJ').get(`/orders/${ordinary}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ citizen: masked('138****8000'), citizenVisibility: 'masked' });
    } finally {
      await db.execute(sql`alter table privacy_log_away rename to privacy_log`);
    }
  });
});

describe('actions answer with the order as the caller may see it', () => {
  it('the lead unit signs for a confidential order without learning who reported it; an assisting unit sees it masked', async () => {
    const lead = await as('CGJ').post(`/orders/${confidential}/acknowledge`, { note: '已安排' });
    expect(lead.status).toBe(200);
    expect(lead.body).toMatchObject({ state: 'acknowledged', citizen: {}, citizenVisibility: 'none' });
    const assisting = await as('ZJJ').post(`/orders/${ordinary}/acknowledge`, { note: '配合' });
    expect(assisting.status).toBe(200);
    expect(assisting.body).toMatchObject({ citizen: masked('138****8000'), citizenVisibility: 'masked' });
    expect(assisting.headers['cache-control']).toBe('no-store');
  });

  it('an operator closing an order sees it in full, and the closed order read from the read model masks alike', async () => {
    const citizen = callerWith('13700137000');
    closed = await createOrder({ ...noiseComplaint, citizen, description: '已自行解决' });
    const res = await as('operator').post(`/orders/${closed}/withdraw`, { reason: '市民来电撤回' });
    expect(res.body).toMatchObject({ state: 'closed', citizen, citizenVisibility: 'full' });
    await expect.poll(async () => (await auditTypes(h.testDb.database.db, closed)).at(-1)).toBe('closed');
    await expect
      .poll(async () => (await h.env.client.workflow.getHandle(closed).describe()).status.name)
      .not.toBe('RUNNING');
    const auditor = await as('auditor').get(`/orders/${closed}`);
    expect(auditor.body).toMatchObject({
      state: 'closed',
      citizen: masked('137****7000'),
      citizenVisibility: 'masked',
    });
  });
});

describe('the audit trail and the lists carry no contact', () => {
  for (const who of ['auditor', 'ZJJ', 'CGJ']) {
    it(`${who}: /orders/{id}/audit`, async () => {
      for (const orderId of [ordinary, confidential]) {
        const res = await as(who).get(`/orders/${orderId}/audit`);
        expect(res.status).toBe(200);
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.body.events.length).toBeGreaterThan(1);
        for (const s of [...secretsOf(ORDINARY), ...secretsOf(CONFIDENTIAL)]) {
          expect(JSON.stringify(res.body)).not.toContain(s);
        }
      }
    });
  }

  for (const [who, path] of [
    ['auditor', '/orders'],
    ['operator', '/orders'],
    ['CGJ', '/orders'],
    ['CGJ', '/inbox'],
    ['coordinator', '/escalations?kind=supervision'],
    ['visitor', '/visits'],
  ] as const) {
    it(`${who}: ${path}`, async () => {
      const res = await as(who).get(path);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      if (path === '/orders') expect(res.body.items.length).toBeGreaterThan(1);
      for (const s of [...secretsOf(ORDINARY), ...secretsOf(CONFIDENTIAL)])
        expect(JSON.stringify(res.body)).not.toContain(s);
      expect(JSON.stringify(res.body)).not.toContain('citizen');
    });
  }
});

describe('GET /privacy/contact-views', () => {
  it('lists every full view of the order, who, when and as which role, and no masked or withheld one', async () => {
    const before = Date.now();
    await as('visitor').get(`/orders/${ordinary}`);
    const { items } = await viewsOf(`orderId=${ordinary}&limit=100`);
    const callers = new Set(items.map((i: { actor: { id: string } }) => i.actor.id));
    for (const who of ['operator', 'coordinator', 'visitor', 'CGJ']) {
      const [role, unit] = CALLERS[who]!;
      expect(callers).toContain(`${role}-${unit}`);
    }
    for (const who of ['auditor', 'ZJJ']) expect(callers).not.toContain(`${CALLERS[who]![0]}-${CALLERS[who]![1]}`);
    expect(items[0]).toMatchObject({
      orderId: ordinary,
      actor: { role: 'visitor', id: 'visitor-CENTRE', unit: 'CENTRE' },
    });
    expect(Date.parse(items[0].at)).toBeGreaterThanOrEqual(before - 1000);
    for (const s of secretsOf(ORDINARY)) expect(JSON.stringify(items)).not.toContain(s);
    // On the confidential order, only the centre's roles ever saw the contact.
    const units = (await viewsOf(`orderId=${confidential}&limit=100`)).items.map(
      (i: { actor: { role: string } }) => i.actor.role,
    );
    expect(units).not.toContain('department');
    expect(units).toContain('operator');
  });

  it('filters by caller and period, and pages with a cursor without skipping or repeating', async () => {
    const all = (await viewsOf('limit=100')).items.map((i: { id: number }) => i.id);
    expect(all.length).toBeGreaterThan(3);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: number }[]; nextCursor: string | null } = await viewsOf(
        `limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    const mine = (await viewsOf('actor=department-CGJ&limit=100')).items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i: { actor: { id: string } }) => i.actor.id === 'department-CGJ')).toBe(true);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await viewsOf(`from=${encodeURIComponent(future)}`)).items).toEqual([]);
    expect((await viewsOf(`to=${encodeURIComponent(future)}&limit=100`)).items.length).toBe(all.length);
  });

  it('is for auditors only, and names a bad filter', async () => {
    for (const who of ['operator', 'coordinator', 'CGJ']) {
      expect((await as(who).get('/privacy/contact-views')).status).toBe(403);
    }
    const bad = await as('auditor').get('/privacy/contact-views?cursor=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.cursor');
  });

  it('the log is append-only', async () => {
    const refused = await h.testDb.database.db.execute(sql`delete from privacy_log`).then(
      () => null,
      (err: Error) => err,
    );
    expect(String(refused?.cause ?? refused)).toMatch(/append-only/);
  });
});

describe('after retention anonymised an order', () => {
  it('no one sees its contact or request text any more, and auditors find it in /privacy/anonymisations', async () => {
    const retention = createRetentionActivities({ db: h.testDb.database.db });
    const aYearOn = Date.now() + 365 * 86_400_000;
    expect(await retention.anonymiseClosedOrders({ now: aYearOn, limit: 100, run: 'retention-api-test' })).toBe(1);
    const before = (await viewsOf(`orderId=${closed}&limit=100`)).items.length;
    const res = await as('operator').get(`/orders/${closed}`);
    expect(res.body).toMatchObject({ citizen: {}, description: ANONYMISED_DESCRIPTION, citizenVisibility: 'full' });
    // Nothing was shown, so nothing is logged as seen.
    expect((await viewsOf(`orderId=${closed}&limit=100`)).items.length).toBe(before);
    const log = await as('auditor').get(`/privacy/anonymisations?orderId=${closed}`);
    expect(log.status).toBe(200);
    expect(log.body.items).toMatchObject([
      { orderId: closed, actor: { role: 'system', id: 'retention' }, afterDays: 180, run: 'retention-api-test' },
    ]);
    expect((await as('operator').get('/privacy/anonymisations')).status).toBe(403);
  });
});
