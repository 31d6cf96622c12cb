/**
 * The citizen's status page says what happened to a closed order — 已办结 only for an order a unit
 * handled — with the referral channel's name and advice for a referral, and nothing personal: no
 * contact data, no staff, no internal reasons, no other order's number.
 */
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closureWording } from '../../api/public';
import { orders } from '../../db/schema';
import { DEMO_REFERRAL_CHANNELS } from '../../db/seed-data';
import { CLOSURE_CODES, type ClosureCode } from '../../domain/order';
import { callers, startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';
import { demoReference } from '../helpers/reference';

/** Closures after a unit handled the order: the only ones the page may call 已办结. */
const HANDLED: ClosureCode[] = ['resolved', 'partly_resolved', 'unresolved', 'unreachable'];

const channels = demoReference().referrals.channels;

describe('closure wording', () => {
  it('words every closure code differently, and says 已办结 only when a unit handled the order', () => {
    const labels = CLOSURE_CODES.map(
      (code) => closureWording({ at: 0, code, reason: '内部原因' }, null, channels).label,
    );
    expect(new Set(labels).size).toBe(CLOSURE_CODES.length);
    CLOSURE_CODES.forEach((code, i) => expect(labels[i]!.startsWith('已办结'), code).toBe(HANDLED.includes(code)));
  });

  it('names the referral channel, with the reply recorded or else the channel’s standard one', () => {
    const closure = { at: 0, code: 'referred' as const, reason: null, referredTo: 'police_110' };
    const police = channels.get('police_110')!;
    expect(closureWording(closure, '请拨打110。', channels).referral).toEqual({
      channel: police.name,
      advice: '请拨打110。',
    });
    expect(closureWording(closure, null, channels).referral).toEqual({ channel: police.name, advice: police.reply });
  });
});

describe('the citizen page of a closed order', () => {
  let h: ApiHarness;
  const tokens: Record<string, string> = {};
  const as = (who: string) => callers(h, tokens)(who);

  beforeAll(async () => {
    h = await startApiHarness();
    for (const role of ['operator', 'coordinator', 'visitor'] as const) tokens[role] = await h.token(role);
    tokens.CGJ = await h.token('department', 'CGJ');
  });
  afterAll(async () => h?.close());

  let callersSoFar = 0;
  /** A complaint from a caller of its own, so that no order is held as another's likely repeat. */
  const complaint = () => ({
    ...noiseComplaint,
    citizen: { ...noiseComplaint.citizen, phone: `1380013${String(++callersSoFar).padStart(4, '0')}` },
  });

  async function created(body: object = complaint()) {
    const res = await as('operator').post('/orders', body);
    expect(res.status).toBe(201);
    return res.body as { orderId: string; verificationCode: string };
  }
  async function page(order: { orderId: string; verificationCode: string }) {
    const res = await request(h.app).get(`/public/orders/${order.orderId}?code=${order.verificationCode}`);
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('closed');
    const text = JSON.stringify(res.body);
    for (const secret of ['张三', '1380013', '幸福路', 'operator-', 'coordinator-', 'visitor-', 'department-'])
      expect(text).not.toContain(secret);
    return res.body as { label: string; referral?: { channel: string; advice: string }; [k: string]: unknown };
  }
  async function completed() {
    const order = await created();
    await as('CGJ').post(`/orders/${order.orderId}/acknowledge`);
    // Each order's own reply: the same words on the unit's next order would go to 质检复核 before the visit.
    const reply = `经核查，夜间施工噪音属实，已责令施工方停止夜间施工（工单 ${order.orderId}）。`;
    expect((await as('CGJ').post(`/orders/${order.orderId}/complete`, { reply })).status).toBe(200);
    return order;
  }

  it('rated resolved, partly or not, answered and unreachable', async () => {
    const ratings = [
      ['satisfied', 'resolved', '已办结'],
      ['satisfied', 'partly', '已办结（部分解决）'],
      ['basically_satisfied', 'unresolved', '已办结（未解决）'],
    ];
    for (const [satisfaction, resolution, label] of ratings) {
      const order = await completed();
      await as('visitor').post(`/orders/${order.orderId}/visit`, { satisfaction, resolution });
      expect((await page(order)).label).toBe(label);
    }

    const consultation = await created({
      channel: 'web',
      orderType: 'consultation',
      description: '社保卡丢了怎么补办',
      citizen: {},
    });
    await as('operator').post(`/orders/${consultation.orderId}/answer`, { articleId: 'KB0001' });
    expect((await page(consultation)).label).toBe('已答复');

    const unreachable = await completed();
    for (let i = 0; i < 3; i++)
      await as('visitor').post(`/orders/${unreachable.orderId}/visit-attempts`, { note: '无人接听' });
    expect((await page(unreachable)).label).toBe('已办结（回访未能联系上您）');
  });

  it('referred, with the channel’s name and the advice given', async () => {
    const order = await created();
    await as('operator').post(`/orders/${order.orderId}/refer`, { channel: 'litigation' });
    const body = await page(order);
    const litigation = DEMO_REFERRAL_CHANNELS.find((c) => c.code === 'litigation')!;
    expect(body).toMatchObject({ label: '已转办', referral: { channel: litigation.name, advice: litigation.reply } });
  });

  it('withdrawn, force-closed and merged, without the reasons or the primary order’s number', async () => {
    const withdrawn = await created();
    await as('operator').post(`/orders/${withdrawn.orderId}/withdraw`, { reason: '市民来电撤回：已与邻居私下协商' });
    const withdrawnPage = await page(withdrawn);
    expect(withdrawnPage.label).toBe('已撤回');
    expect(JSON.stringify(withdrawnPage)).not.toContain('协商');

    const forced = await created();
    await as('coordinator').post(`/orders/${forced.orderId}/force-close`, { justification: '经核实为恶意重复诉求' });
    const forcedPage = await page(forced);
    expect(forcedPage.label).toBe('已结案');
    expect(JSON.stringify(forcedPage)).not.toContain('恶意');

    const primary = await created();
    const repeat = await created();
    const merged = await as('operator').post(`/orders/${repeat.orderId}/merge`, { primaryOrderId: primary.orderId });
    expect(merged.status).toBe(200);
    const mergedPage = await page(repeat);
    expect(mergedPage.label).toBe('已并入其他工单合并办理');
    expect(JSON.stringify(mergedPage)).not.toContain(primary.orderId);
  });

  it('is read from the read model once Temporal no longer keeps the closed workflow', async () => {
    const order = await created();
    await as('operator').post(`/orders/${order.orderId}/withdraw`, { reason: '市民撤回' });
    await h.env.client.workflow.getHandle(order.orderId).result();
    const db = h.testDb.database.db;
    await expect.poll(async () => (await page(order)).label, { timeout: 10_000 }).toBe('已撤回');
    // The same closed order under a number Temporal never held: what a workflow past retention looks like.
    const [row] = await db.select().from(orders).where(eq(orders.orderId, order.orderId));
    const gone = 'WO0000000000GXNE';
    await db.insert(orders).values({ ...row!, orderId: gone, snapshot: { ...row!.snapshot, orderId: gone } });
    const view = await as('coordinator').get(`/orders/${gone}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ orderId: gone, state: 'closed', closureCode: 'withdrawn', phase: 'closed' });
  });
});
