/**
 * Notifications end to end on a real Temporal server (time-skipping) and real PostgreSQL: a unit's webhook
 * receiver (a real HTTP server on loopback) down for an hour, then up, gets every event once, in order per
 * order, signed; the SMS sink gets a consenting citizen's messages of a whole lifecycle, and nothing of one
 * who declined; the quiet hours hold a citizen's SMS but not an emergency's; no message, webhook body,
 * outbox entry or log line carries citizen data beyond what its template needs.
 */
import { and, asc, eq, like } from 'drizzle-orm';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsFileSink, type SmsMessage } from '../../adapters/sms';
import { verificationCode } from '../../adapters/verification-code';
import { WEBHOOK_HEADERS, webhookSignature } from '../../activities/notifications';
import type { CreateOrderBody } from '../../api/intake';
import { setUnitWebhook } from '../../db/notifications';
import { outbox } from '../../db/schema';
import { CITIZEN_SMS, CITIZEN_VISIT_SMS, UNIT_WEBHOOKS, unitWebhookSubscriber } from '../../domain/outbox';
import { UNIT_NOTICES } from '../../projections/unit-notices';
import { ensureOutboxDeliveries } from '../../runtime/outbox-deliveries';
import { freePort } from '../../support';
import { department, gasLeak, noiseComplaint } from '../helpers/orders';
import { act, HOUR, MINUTE, settledAudit, startHarness, visitor, type Harness } from '../helpers/workflows';

const CODE_KEY = 'test-code-key';
const SECRET = 'whsec-test';
/** 12:00 China time, and 23:00: the quiet hours' clock of the SMS (the workflows' own time is the server's). */
const NOON = Date.parse('2026-03-02T12:00:00+08:00');
const NIGHT = Date.parse('2026-03-02T23:00:00+08:00');
let smsClock = NOON;

/** A citizen whose every detail is recognisable wherever it might leak. */
const citizen = { name: '欧阳明远', phone: '13912345678', address: '江滨市滨江区银杏路77号', smsConsent: true };
const body = (b: CreateOrderBody, consent = true): CreateOrderBody => ({
  ...b,
  description: `${b.description}（银杏路工地）`,
  citizen: { ...citizen, smsConsent: consent },
});
const PERSONAL = [citizen.name, citizen.phone, citizen.address, '银杏路工地', '银杏路'];

let h: Harness;
let dir: string;
let sinkFile: string;
const logLines: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'notifications-'));
  sinkFile = join(dir, 'sms-sink.jsonl');
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  );
  h = await startHarness({
    deps: { notify: { sms: smsFileSink(sinkFile, log), codeKey: CODE_KEY, now: () => smsClock } },
  });
  await ensureOutboxDeliveries(h.env.client, [UNIT_NOTICES, CITIZEN_SMS, CITIZEN_VISIT_SMS]);
});
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

const sent = async (): Promise<(SmsMessage & { at: string })[]> =>
  (await readFile(sinkFile, 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as SmsMessage & { at: string });
const smsOf = async (orderId: string) => (await sent()).filter((m) => m.idempotencyKey.startsWith(`${orderId}-`));

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** The unit's system: answers 200 to every POST, keeping what it received. */
function webhookReceiver(received: Received[], port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(200).end();
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

const webhookEntries = (unit: string) =>
  h.db
    .select()
    .from(outbox)
    .where(eq(outbox.subscriber, unitWebhookSubscriber(unit)))
    .orderBy(asc(outbox.id));

describe('notifications', () => {
  it("delivers a unit's webhooks after an hour down: every event once, in order per order, signed", async () => {
    const port = await freePort();
    const orders = [await h.startOrder(body(gasLeak)), await h.startOrder(body(gasLeak))];
    const unit = orders[0]!.intake.leadUnit!;
    for (const o of orders) await settledAudit(h.db, o.handle);
    // Configured after the first order's dispatch: only what the unit is told from now on goes to it.
    await setUnitWebhook(h.db, {
      unit,
      url: `http://127.0.0.1:${port}/hotline`,
      secret: SECRET,
      updatedBy: 'admin-test',
    });
    const third = await h.startOrder(body(gasLeak));
    orders.push(third);
    for (const o of orders) await act(o.handle, 'acknowledge', { actor: department(unit) });
    // The emergency's two hours pass: 催办 at 50% and 75%, 督办 at 100%, while the unit's system is down.
    await h.env.sleep(3 * HOUR);
    for (const o of orders) await settledAudit(h.db, o.handle);

    const waiting = await webhookEntries(unit);
    expect(waiting.every((e) => e.deliveredAt === null)).toBe(true);
    expect(new Set(waiting.map((e) => (e.payload as { kind: string }).kind))).toEqual(
      new Set(['dispatched', 'reminder', 'breach']),
    );
    expect(Math.max(...waiting.map((e) => e.attempts))).toBeGreaterThan(5);
    expect(waiting.find((e) => e.attempts > 0)?.lastError).toBe('webhook unreachable: ECONNREFUSED');

    const received: Received[] = [];
    const server = await webhookReceiver(received, port);
    try {
      await h.env.sleep(2 * MINUTE);
      await expect
        .poll(async () => (await webhookEntries(unit)).filter((e) => e.deliveredAt === null).length, {
          timeout: 20_000,
        })
        .toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const delivered = await webhookEntries(unit);
    const bodies = received.map(
      (r) => JSON.parse(r.body) as { id: string; orderId: string; seq: number; event: string },
    );
    // Once each: one request per entry, no id twice.
    expect(bodies.map((b) => b.id).sort()).toEqual(delivered.map((e) => `${e.orderId}-${e.seq}`).sort());
    // In order per order.
    for (const o of orders) {
      const seqs = bodies.filter((b) => b.orderId === o.intake.orderId).map((b) => b.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    // The first order's dispatch came before the webhook existed; the third's is there.
    expect(bodies.some((b) => b.orderId === orders[0]!.intake.orderId && b.event === 'dispatched')).toBe(false);
    expect(bodies.some((b) => b.orderId === third.intake.orderId && b.event === 'dispatched')).toBe(true);
    // Signed as docs/integration.md says: HMAC-SHA256 of timestamp.body, the idempotency key the body's id.
    for (const r of received) {
      const timestamp = r.headers[WEBHOOK_HEADERS.timestamp] as string;
      expect(r.headers[WEBHOOK_HEADERS.signature]).toBe(webhookSignature(SECRET, timestamp, r.body));
      expect(r.headers[WEBHOOK_HEADERS.idempotencyKey]).toBe((JSON.parse(r.body) as { id: string }).id);
      for (const p of PERSONAL) expect(r.body).not.toContain(p);
    }
  });

  it("sends a consenting citizen's messages of the whole lifecycle: number and code, the reply, and a notice of the visit", async () => {
    const { intake, handle } = await h.startOrder(body(noiseComplaint));
    const unit = department(intake.leadUnit!);
    await act(handle, 'acknowledge', { actor: unit });
    const reply = '已责令施工方停止夜间打桩，并处以罚款';
    await act(handle, 'complete', { actor: unit, reply });
    // The visit notice goes as the order enters the return visit, before the call is made.
    await expect.poll(async () => (await smsOf(intake.orderId)).length, { timeout: 20_000 }).toBe(3);
    await act(handle, 'recordVisit', { actor: visitor, satisfaction: 'satisfied', resolution: 'resolved' });
    await settledAudit(h.db, handle);

    const messages = await smsOf(intake.orderId);
    const of = (template: string) => messages.find((m) => m.template === template)!;
    const [received, completed, notice] = [of('received@2'), of('completed@2'), of('visit_notice@2')];
    expect(received.to).toBe(citizen.phone);
    expect(received.text).toBe(
      `【12345热线】您反映的事项已受理，工单号${intake.orderId}，查询码${verificationCode(CODE_KEY, intake.orderId)}，可凭二者查询办理进度。`,
    );
    expect(completed.text).toBe(`【12345热线】您的工单${intake.orderId}已办结，承办单位答复：${reply}。`);
    expect(notice.to).toBe(citizen.phone);
    expect(notice.text).toMatch(
      new RegExp(`^【12345热线】我们将于\\d+月\\d+日前就工单${intake.orderId}的办理情况回访您，请留意12345来电。$`),
    );
    for (const m of messages) for (const p of PERSONAL) expect(m.text).not.toContain(p);
    // Its own delivery, recorded beside the others on the order.
    const deliveries = await h.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.orderId, intake.orderId), eq(outbox.subscriber, CITIZEN_VISIT_SMS)));
    expect(deliveries).toMatchObject([{ payload: { message: 'visit_notice' }, skipped: null }]);
    expect(deliveries[0]!.deliveredAt).not.toBeNull();
  });

  it('holds the visit notice while 质检复核 holds the return visit, and sends it once the reviewer clears the reply', async () => {
    const { intake, handle } = await h.startOrder(body(noiseComplaint));
    const unit = department(intake.leadUnit!);
    await act(handle, 'acknowledge', { actor: unit });
    // A stock reply (套话): the policy sends it to review, which holds the visit.
    const reply = '您好，您反映的问题已收悉，我单位高度重视，已转相关部门处理。感谢您对我们工作的理解和支持！';
    await act(handle, 'complete', { actor: unit, reply, recentReplies: [] });
    await settledAudit(h.db, handle);
    // Written with the completion when there is one: none.
    const visitNotices = () =>
      h.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.orderId, intake.orderId), eq(outbox.subscriber, CITIZEN_VISIT_SMS)));
    expect(await visitNotices()).toEqual([]);
    await expect.poll(async () => (await smsOf(intake.orderId)).length, { timeout: 20_000 }).toBe(2);

    const reviewer = { role: 'reviewer', id: 'reviewer-test', unit: null } as const;
    await act(handle, 'clearQuality', { actor: reviewer, reason: '答复已说明转办去向，属实' });
    await expect.poll(async () => (await smsOf(intake.orderId)).length, { timeout: 20_000 }).toBe(3);
    expect((await smsOf(intake.orderId)).at(-1)!.template).toBe('visit_notice@2');
    expect(await visitNotices()).toHaveLength(1);
  });

  it('sends nothing to a citizen who declined', async () => {
    const { intake, handle } = await h.startOrder(body(noiseComplaint, false));
    const unit = department(intake.leadUnit!);
    await act(handle, 'acknowledge', { actor: unit });
    await act(handle, 'complete', { actor: unit, reply: '已约谈施工方负责人，夜间停工整改' });
    await settledAudit(h.db, handle);
    await h.env.sleep(2 * MINUTE);
    const entries = await h.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.orderId, intake.orderId), like(outbox.subscriber, 'citizen-%')));
    expect(entries).toEqual([]);
    expect(await smsOf(intake.orderId)).toEqual([]);
  });

  it("holds a citizen's SMS in the quiet hours until they end, but not an emergency's", async () => {
    smsClock = NIGHT;
    try {
      const quiet = await h.startOrder(body(noiseComplaint));
      const urgent = await h.startOrder(body(gasLeak));
      await settledAudit(h.db, quiet.handle);
      await expect.poll(async () => (await smsOf(urgent.intake.orderId)).length, { timeout: 20_000 }).toBe(1);
      const [held] = await h.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.orderId, quiet.intake.orderId), eq(outbox.subscriber, CITIZEN_SMS)));
      expect(held).toMatchObject({ deliveredAt: null, notBefore: new Date('2026-03-03T08:00:00+08:00') });
      expect(await smsOf(quiet.intake.orderId)).toEqual([]);

      smsClock = Date.parse('2026-03-03T08:01:00+08:00');
      await h.env.sleep(2 * MINUTE);
      await expect.poll(async () => (await smsOf(quiet.intake.orderId)).length, { timeout: 20_000 }).toBe(1);
    } finally {
      smsClock = NOON;
    }
  });

  it('keeps citizen data out of every outbox entry and every log line', async () => {
    const entries = await h.db.select().from(outbox);
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) for (const p of PERSONAL) expect(JSON.stringify(e)).not.toContain(p);
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) for (const p of PERSONAL) expect(line).not.toContain(p);
    // Each unit's webhooks have a delivery of their own.
    expect(
      (
        await h.db
          .select()
          .from(outbox)
          .where(like(outbox.subscriber, `${UNIT_WEBHOOKS}%`))
      ).length,
    ).toBeGreaterThan(0);
  });
});
