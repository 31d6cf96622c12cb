/**
 * What the desks read beside the order page: the held queue (待派单) with the repeat it most likely is,
 * the queues' counts, the list rows that carry what the queues show, the inbox's search, and the rule
 * violations in Chinese with their machine code and field. Real Temporal and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../db/seed-data';
import { eventually } from '../../support';
import { callers, startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint, unclassifiedHelp } from '../helpers/orders';

let h: ApiHarness;
let as: ReturnType<typeof callers>;

beforeAll(async () => {
  h = await startApiHarness();
  as = callers(h, {
    operator: await h.token('operator', 'CENTRE', 'op-desk'),
    coordinator: await h.token('coordinator'),
    admin: await h.token('admin'),
    CGJ: await h.token('department', 'CGJ'),
    WATER: await h.token('department', 'WATER'),
  });
});
afterAll(async () => h?.close());

type Item = { orderId: string } & Record<string, unknown>;
const ids = (body: { items: Item[] }) => body.items.map((o) => o.orderId);

/** Waits for the order in the read model, then returns it as a list row of `path`. */
async function row(who: string, path: string, orderId: string): Promise<Item> {
  const res = await eventually(
    () => as(who).get(path),
    (r) => r.status === 200 && ids(r.body).includes(orderId),
  );
  return (res.body.items as Item[]).find((o) => o.orderId === orderId)!;
}

let phones = 0;
const caller = () => `1371111${String(++phones).padStart(4, '0')}`;

describe('the held queue (待派单)', () => {
  it('lists work orders no unit owns, to operators and coordinators only, until dispatched', async () => {
    const created = await as('operator').post('/orders', {
      ...unclassifiedHelp,
      citizen: { ...unclassifiedHelp.citizen, phone: caller() },
    });
    expect(created.body).toMatchObject({ state: 'received', leadUnit: null });
    const id = created.body.orderId as string;
    const held = await row('operator', '/held', id);
    expect(held).toMatchObject({ state: 'received', repeatOf: null });
    expect(held.clocks).toEqual([expect.objectContaining({ kind: 'response', paused: false })]);
    expect(ids((await as('coordinator').get('/held')).body)).toContain(id);
    expect((await as('CGJ').get('/held')).status).toBe(403);
    expect((await as('coordinator').get('/escalations/counts')).body.counts.held).toBeGreaterThanOrEqual(1);

    // 派单 as proposed needs a proposal: an order without a category names its unit, in Chinese, at the field.
    const unproposed = await as('operator').post(`/orders/${id}/dispatch`, {});
    expect(unproposed.status).toBe(422);
    expect(unproposed.body.errors).toEqual([
      { field: 'body.leadUnit', code: 'lead_unit_needed', message: '该工单尚未分类，请选择主办单位' },
    ]);
    const unknown = await as('operator').post(`/orders/${id}/merge`, { primaryOrderId: 'WO0000000000NONE' });
    expect(unknown.body).toMatchObject({ rule: 'merge_target_not_open', detail: '所选工单不是可并入的在办工单' });
    expect((await as('operator').post(`/orders/${id}/dispatch`, { leadUnit: 'CGJ' })).status).toBe(200);
    await eventually(
      () => as('operator').get('/held'),
      (r) => !ids(r.body).includes(id),
    );
  });

  it('names the open order a held likely repeat most likely is, for 并单 in one click', async () => {
    // The demo city's policy: likely repeats are held back from dispatch (the harness turns that off).
    expect((await as('admin').post('/admin/policy', { ...DEFAULT_POLICY, reason: '恢复暂缓派单' })).status).toBe(200);
    const phone = caller();
    const body = { ...noiseComplaint, citizen: { ...noiseComplaint.citizen, phone } };
    const first = await as('operator').post('/orders', body);
    await row('CGJ', '/inbox', first.body.orderId);
    const again = await as('operator').post('/orders', { ...body, description: '工地又在夜间打桩' });
    expect(again.body).toMatchObject({ state: 'received', dispatchHeld: { leadUnit: 'CGJ' } });
    const held = await row('coordinator', '/held', again.body.orderId);
    expect(held.repeatOf).toEqual({ orderId: first.body.orderId, confidence: expect.any(Number) });
    expect(held.summary).toBe('工地又在夜间打桩');
  });
});

describe('list rows carry what the queues show', () => {
  it('the request’s first words, the live clocks, the return reason and the counts, one request per queue', async () => {
    const long = `${'噪'.repeat(70)}`;
    const created = await as('operator').post('/orders', {
      ...noiseComplaint,
      description: long,
      citizen: { ...noiseComplaint.citizen, phone: caller() },
    });
    const id = created.body.orderId as string;
    const inboxRow = await row('CGJ', '/inbox', id);
    expect(inboxRow.summary).toBe('噪'.repeat(60));
    expect(inboxRow.categoryName).toBe('噪音扰民-施工噪音');
    // Each assisting unit's own 协办时限 beside the lead's clocks.
    const clocks = inboxRow.clocks as { kind: string; subject: string | null }[];
    expect(clocks.map((c) => c.kind)).toEqual(expect.arrayContaining(['response', 'handling', 'assist']));
    expect(clocks.filter((c) => c.kind === 'assist').every((c) => c.subject !== null)).toBe(true);
    // The inbox's search box: by words of the request, or the order number.
    expect(ids((await as('CGJ').get(`/inbox?q=${encodeURIComponent('噪噪噪')}`)).body)).toContain(id);
    expect(ids((await as('CGJ').get(`/inbox?q=${id.toLowerCase()}`)).body)).toEqual([id]);
    expect(ids((await as('CGJ').get(`/inbox?q=${encodeURIComponent('%')}`)).body)).not.toContain(id);
    expect((await as('CGJ').get('/inbox?q=')).status).toBe(400);
    const counts = (await as('CGJ').get('/inbox/counts')).body;
    expect(counts.lead.dispatched).toBeGreaterThanOrEqual(1);

    expect((await as('CGJ').post(`/orders/${id}/return`, { reason: '属于住建部门职责' })).status).toBe(200);
    // Another dispute returned later: each row names its own reason.
    const other = (await as('operator').post('/orders', { ...noiseComplaint, citizen: { phone: caller() } })).body;
    await row('CGJ', '/inbox', other.orderId);
    expect((await as('CGJ').post(`/orders/${other.orderId}/return`, { reason: '应由街道办理' })).status).toBe(200);
    await row('coordinator', '/escalations?kind=disputes', other.orderId);
    const dispute = await row('coordinator', '/escalations?kind=disputes', id);
    expect(dispute.returnReason).toBe('属于住建部门职责');
    expect((dispute.clocks as { kind: string }[]).map((c) => c.kind)).toContain('ruling');
    expect((await as('coordinator').get('/escalations/counts')).body.counts).toMatchObject({
      disputes: expect.any(Number),
      overdue: expect.any(Number),
      supervision: expect.any(Number),
    });
  });
});

describe('rule violations in Chinese, with a code and the field', () => {
  it('改派 without a unit names 主办单位 (body.leadUnit); a refused state says so in Chinese', async () => {
    const created = await as('operator').post('/orders', {
      ...noiseComplaint,
      citizen: { ...noiseComplaint.citizen, phone: caller() },
    });
    const id = created.body.orderId as string;
    expect((await as('CGJ').post(`/orders/${id}/return`, { reason: '非本单位职责' })).status).toBe(200);
    const ruling = await as('coordinator').post(`/orders/${id}/ruling`, { decision: 'reassign', reason: '改派' });
    expect(ruling.status).toBe(422);
    expect(ruling.body).toMatchObject({
      code: 'rule_violated',
      rule: 'reassign_needs_other_unit',
      detail: '改派须选择当前主办单位以外的单位',
      errors: [
        { field: 'body.leadUnit', code: 'reassign_needs_other_unit', message: '改派须选择当前主办单位以外的单位' },
      ],
    });
    const signed = await as('CGJ').post(`/orders/${id}/acknowledge`);
    expect(signed.status).toBe(409);
    expect(signed.body).toMatchObject({ code: 'wrong_state', rule: 'phase_not_allowed' });
    expect(signed.body.detail).toMatch(/^[^A-Za-z]+$/);
    const resumed = await as('coordinator').post(`/orders/${id}/resume`, { reason: '恢复' });
    expect(resumed.body).toMatchObject({ status: 409, rule: 'no_paused_clock', detail: '没有已暂停的时限可恢复' });
  });
});
