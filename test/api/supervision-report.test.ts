/**
 * 督查专报 through the API on real servers: orders taken through a handling breach and its escalation, two
 * disputes ruled each way, a templated reply returned by 质检复核 and an inspected order scored low with a
 * 问责线索; the unit's report names each figure's orders, another unit's report shows none of them, and the
 * PDF's own text (read back with pdf.js) carries the headings and the figures in Chinese.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { drawInspection } from '../../db/inspection';
import { orders } from '../../db/schema';
import { eventually } from '../../support';
import { callers, startApiHarness, type ApiHarness } from '../helpers/api';
import { orderCopies } from '../helpers/history';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  h = await startApiHarness();
  for (const role of ['operator', 'coordinator', 'manager', 'reviewer', 'visitor', 'inspector', 'auditor'] as const)
    tokens[role] = await h.token(role);
  tokens.CGJ = await h.token('department', 'CGJ');
});
afterAll(async () => h?.close());

const as = (who: string) => callers(h, tokens)(who);
const HOUR = 3_600_000;
const start = Date.now() - HOUR;
const period = () =>
  `from=${encodeURIComponent(new Date(start).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + HOUR).toISOString())}`;

async function order(i: number): Promise<string> {
  const created = await as('operator').post('/orders', {
    ...noiseComplaint,
    citizen: { ...noiseComplaint.citizen, phone: `1391111${String(i).padStart(4, '0')}` },
  });
  expect(created.status).toBe(201);
  return (created.body as { orderId: string }).orderId;
}

const acknowledged = (id: string) =>
  eventually(
    () => as('CGJ').post(`/orders/${id}/acknowledge`, {}),
    (r) => r.status === 200,
  );

const trailHas = (id: string, type: string) =>
  eventually(
    () => as('coordinator').get(`/orders/${id}/audit`),
    (r) => (r.body.events ?? []).some((e: { type: string }) => e.type === type),
    { timeoutMs: 30_000 },
  );

type Listed = { total: number; orderIds: string[] };
const idsOf = (rows: { orders: Listed }[]) => rows.flatMap((r) => r.orders.orderIds);

describe('supervision report (督查专报)', () => {
  let late: string, kept: string, reassigned: string, templated: string, inspected: string;
  /** The same place complained of in four months: a structural problem candidate (每月一题). */
  let place: string[];

  beforeAll(async () => {
    [late, kept, reassigned, templated, inspected] = (await Promise.all([1, 2, 3, 4, 5].map(order))) as [
      string,
      string,
      string,
      string,
      string,
    ];
    // 超时 and 提级: the handling clock set to run out in seconds.
    await acknowledged(late);
    const due = await as('coordinator').post(`/orders/${late}/deadline`, {
      clock: 'handling',
      dueAt: new Date(Date.now() + 3_000).toISOString(),
      reason: '按领导批示限期办结',
    });
    expect(due.status).toBe(200);
    // 退单: one the coordinator refuses (the centre wins), one reassigned (the unit wins).
    for (const id of [kept, reassigned]) {
      await eventually(
        () => as('CGJ').post(`/orders/${id}/return`, { reason: '该工地不在本单位管辖范围' }),
        (r) => r.status === 200,
      );
    }
    expect(
      (await as('coordinator').post(`/orders/${kept}/ruling`, { decision: 'keep', reason: '属于城管执法范围' })).status,
    ).toBe(200);
    expect(
      (
        await as('coordinator').post(`/orders/${reassigned}/ruling`, {
          decision: 'reassign',
          leadUnit: 'ZJJ',
          reason: '在建工地由住建部门监管',
        })
      ).status,
    ).toBe(200);
    // 质检: a reply of nothing but a set phrase, returned to the unit by the reviewer.
    await acknowledged(templated);
    expect((await as('CGJ').post(`/orders/${templated}/complete`, { reply: '已处理' })).status).toBe(200);
    await trailHas(templated, 'quality_finding');
    expect(
      (await as('reviewer').post(`/orders/${templated}/quality/return`, { reason: '请写明处理结果' })).status,
    ).toBe(200);
    // 抽查: a closed order drawn and scored low, with a 问责线索.
    await acknowledged(inspected);
    const reply = '经核查，工地夜间施工未办理许可，执法人员已于当晚到场责令停工并立案处罚，此后夜查未再发现。';
    expect((await as('CGJ').post(`/orders/${inspected}/complete`, { reply })).status).toBe(200);
    await eventually(
      () => as('visitor').post(`/orders/${inspected}/visit`, { satisfaction: 'satisfied', resolution: 'resolved' }),
      (r) => r.body.state === 'closed',
    );
    const now = Date.now();
    await eventually(
      () =>
        drawInspection(h.testDb.database.db, {
          week: `report-${now}`,
          from: start,
          to: now + HOUR,
          seed: 'report-seed',
          sizes: { order: 5, intake: 0 },
          policyVersion: 1,
          drawnAt: now,
        }),
      (d) => d.items === 1,
    );
    const [item] = (await as('inspector').get('/inspections')).body.items as { id: number; orderId: string }[];
    expect(item?.orderId).toBe(inspected);
    const scored = await as('inspector').post(`/inspections/${item!.id}`, {
      scores: { timeliness: 4, substance: 2, attitude: 5, solved: 1 },
      action: 'case',
      reason: '市民反映问题并未解决',
    });
    expect(scored.status).toBe(200);
    const atPlace = await as('operator').post('/orders', {
      ...noiseComplaint,
      incidentAddress: '临江区滨江路12号',
      citizen: { ...noiseComplaint.citizen, phone: '13911119999' },
    });
    const db = h.testDb.database.db;
    await eventually(
      () => db.select().from(orders).where(eq(orders.orderId, atPlace.body.orderId)),
      (rows) => rows.length === 1,
    );
    place = [
      atPlace.body.orderId,
      ...(await orderCopies(
        db,
        atPlace.body.orderId,
        1,
        [40, 75, 110].map((days) => now - days * 24 * HOUR),
      )),
    ];
    // What the report reads is projected from the trail: wait until each order's last step is on it.
    await Promise.all([
      trailHas(late, 'clock_breached'),
      trailHas(kept, 'ruled'),
      trailHas(reassigned, 'ruled'),
      trailHas(templated, 'quality_returned'),
    ]);
  }, 120_000);

  it('names the orders behind each figure of the unit, and only the unit’s', async () => {
    const res = await as('manager').get(`/supervision-reports?unit=CGJ&${period()}`);
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.unit).toBe('CGJ');
    expect(r.breaches).toEqual([{ clock: 'handling', orders: { total: 1, orderIds: [late] } }]);
    expect(r.escalations).toContainEqual({
      level: expect.any(Number),
      cause: 'handling clock breached',
      orders: { total: 1, orderIds: [late] },
    });
    expect(r.disputes).toEqual(
      expect.arrayContaining([
        { outcome: 'centre', orders: { total: 1, orderIds: [kept] } },
        { outcome: 'unit', orders: { total: 1, orderIds: [reassigned] } },
      ]),
    );
    expect(r.disputes).toHaveLength(2);
    expect(r.quality).toContainEqual({
      code: 'template_only',
      outcome: 'returned',
      orders: { total: 1, orderIds: [templated] },
    });
    expect(new Set(idsOf(r.quality))).toEqual(new Set([templated]));
    const solved = r.inspection.find((i: { item: string }) => i.item === 'solved');
    expect(solved).toEqual({
      kind: 'order',
      item: 'solved',
      mean: 1,
      orders: { total: 1, orderIds: [inspected] },
      low: { total: 1, orderIds: [inspected] },
    });
    expect(r.inspection.find((i: { item: string }) => i.item === 'attitude')).toMatchObject({
      mean: 5,
      low: { total: 0 },
    });
    expect(r.cases).toEqual({ total: 1, orderIds: [inspected] });
    // The KPIs are /kpis's own figures, with the orders behind each rate.
    const kpis = await as('manager').get(`/kpis?${period()}`);
    const cgj = kpis.body.rows.find((row: { group: string }) => row.group === 'CGJ');
    expect(r.kpis.raw).toEqual(cgj.raw);
    expect(r.kpis.adjusted).toEqual(cgj.adjusted);
    const handling = r.kpis.orders.find((o: { rate: string }) => o.rate === 'onTimeHandlingRate');
    expect(handling.denominator.total).toBe(cgj.raw.counts.handlingJudged);
    expect(handling.denominator.orderIds).toContain(late);
    expect(handling.numerator.orderIds).not.toContain(late);
    expect(r.kpis.orders.map((o: { rate: string }) => o.rate)).not.toContain('directAnswerRate');

    expect(r.structural).toEqual([
      {
        category: 'noise_construction',
        district: '临江区',
        address: '临江区滨江路12号',
        months: expect.any(Array),
        orders: { total: 4, orderIds: expect.arrayContaining(place) },
      },
    ]);

    // Another unit's report shows none of CGJ's orders; the centre's shows them all.
    const zjj = (await as('coordinator').get(`/supervision-reports?unit=ZJJ&${period()}`)).body;
    const everyId = (x: typeof r) =>
      [x.breaches, x.escalations, x.disputes, x.quality, x.inspection].flatMap(idsOf).concat(x.cases.orderIds);
    expect(everyId(zjj)).toEqual([]);
    expect(zjj.structural).toEqual([]);
    const centre = (await as('auditor').get(`/supervision-reports?${period()}`)).body;
    expect(centre.unit).toBeNull();
    expect(new Set(everyId(centre))).toEqual(new Set([late, kept, reassigned, templated, inspected]));
  });

  it('refuses an unknown unit naming the field, and the roles that do not read the KPIs', async () => {
    const unknown = await as('manager').get(`/supervision-reports?unit=NOPE&${period()}`);
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'query.unit', message: '没有代码为 NOPE 的单位' }]);
    expect((await as('CGJ').get(`/supervision-reports?unit=CGJ&${period()}`)).status).toBe(403);
    expect((await as('operator').get(`/supervision-reports.pdf?${period()}`)).status).toBe(403);
  });

  it('prints the same report as a PDF whose text is Chinese and extractable', async () => {
    const res = await as('manager')
      .get(`/supervision-reports.pdf?unit=CGJ&${period()}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = await getDocument({ data: new Uint8Array(res.body as Buffer) }).promise;
    let text = '';
    for (let p = 1; p <= pdf.numPages; p++) {
      const content = await (await pdf.getPage(p)).getTextContent();
      text += content.items.map((i) => ('str' in i ? i.str : '')).join('');
    }
    expect(text).toContain('督查专报 · 临江区城市管理综合执法局');
    for (const heading of ['一、考核指标（原始与调整后）', '二、超时', '四、退单争议及裁定结果', '六、抽查评分'])
      expect(text).toContain(heading);
    expect(text).toContain('办理超时');
    expect(text).toContain('退单不成立（中心胜，维持原派单）');
    expect(text).toContain('只有套话');
    expect(text).toContain('问题真正解决');
    expect(text).toContain(late);
    expect(text).toContain(inspected);
  });
});
