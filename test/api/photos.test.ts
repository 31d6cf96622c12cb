/**
 * Photos on orders (#27 §3) through the HTTP API on a real dev server and real PostgreSQL: the operator's
 * 市民照片 at intake, the lead unit's 办结照片, refusals naming the body in Chinese, metadata gone from the
 * stored bytes, and who sees them.
 */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { photos } from '../../db/schema';
import { eventually } from '../../support';
import { callers, startApiHarness, type ApiHarness } from '../helpers/api';
import { noiseComplaint } from '../helpers/orders';

let h: ApiHarness;
const tokens: Record<string, string> = {};
const JPEG = readFileSync(new URL('../fixtures/photos/red.jpg', import.meta.url));
const WEBP = readFileSync(new URL('../fixtures/photos/red.webp', import.meta.url));
const GPS = 'GPSLatitude 22.5431N 114.0579E Canon EOS R5';

/** The fixture with an Exif APP1 segment carrying a position and a camera, after its JFIF segment. */
function jpegWithExif(): Buffer {
  const app0End = 4 + JPEG.readUInt16BE(4);
  const payload = Buffer.from(`Exif\0\0MM\0*${GPS}`, 'latin1');
  const segment = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.alloc(2), payload]);
  segment.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([JPEG.subarray(0, app0End), segment, JPEG.subarray(app0End)]);
}

beforeAll(async () => {
  h = await startApiHarness();
  tokens.operator = await h.token('operator');
  tokens.reviewer = await h.token('reviewer');
  tokens.auditor = await h.token('auditor');
  tokens.CGJ = await h.token('department', 'CGJ');
  tokens.ZJJ = await h.token('department', 'ZJJ');
  tokens.WATER = await h.token('department', 'WATER');
});
afterAll(async () => h?.close());

const as = (who: string) => callers(h, tokens)(who);
const upload = (who: string, orderId: string, bytes: Buffer, type = 'image/jpeg') =>
  request(h.app)
    .post(`/orders/${orderId}/photos`)
    .set('Authorization', `Bearer ${tokens[who]}`)
    .set('Content-Type', type)
    .send(bytes);

async function createOrder(): Promise<string> {
  const res = await as('operator').post('/orders', noiseComplaint);
  expect(res.status).toBe(201);
  return res.body.orderId as string;
}

describe('photos on an order', () => {
  it('stores the operator’s photo without its Exif; the lead and an assisting unit see it, a reviewer and another unit do not', async () => {
    const id = await createOrder();
    const sent = jpegWithExif();
    expect(sent.toString('latin1')).toContain(GPS);
    const res = await upload('operator', id, sent);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'intake',
      contentType: 'image/jpeg',
      size: JPEG.length,
      uploadedByRole: 'operator',
    });

    const [row] = await h.testDb.database.db.select().from(photos).where(eq(photos.orderId, id));
    expect(Buffer.from(row!.bytes).toString('latin1')).not.toContain('GPSLatitude');
    expect(Buffer.from(row!.bytes).equals(JPEG)).toBe(true);
    expect(row).toMatchObject({ uploadedBy: 'operator-CENTRE', uploadedByRole: 'operator', kind: 'intake' });
    // On the order's trail: the kind and size, never the bytes.
    const audit = await eventually(
      () => as('auditor').get(`/orders/${id}/audit`),
      (r) => r.body.events?.some((e: { type: string }) => e.type === 'photo_added'),
    );
    const added = audit.body.events.find((e: { type: string }) => e.type === 'photo_added');
    expect(added.data).toEqual({ kind: 'intake', size: JPEG.length });

    for (const who of ['CGJ', 'ZJJ', 'auditor']) {
      const list = await as(who).get(`/orders/${id}/photos`);
      expect(list.status, who).toBe(200);
      expect(list.body.items).toMatchObject([{ id: res.body.id, kind: 'intake' }]);
    }
    const bytes = await as('ZJJ').get(`/orders/${id}/photos/${res.body.id}`).buffer(true);
    expect(bytes.status).toBe(200);
    expect(bytes.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.from(bytes.body as Buffer).equals(JPEG)).toBe(true);

    expect((await as('reviewer').get(`/orders/${id}/photos`)).status).toBe(403);
    expect((await as('reviewer').get(`/orders/${id}/photos/${res.body.id}`)).status).toBe(403);
    expect((await as('WATER').get(`/orders/${id}/photos`)).status).toBe(404);
    expect((await as('WATER').get(`/orders/${id}/photos/${res.body.id}`)).status).toBe(404);
  });

  it('refuses a disguised file and one over the policy’s size with a Chinese message naming the body', async () => {
    const id = await createOrder();
    const disguised = await upload('operator', id, Buffer.from('<?php system($_GET["c"]); ?> holiday.jpg'));
    expect(disguised.status).toBe(422);
    expect(disguised.body.errors).toEqual([{ field: 'body', message: '文件不是 JPEG、PNG 或 WebP 图片' }]);

    const max = h.reference.get().policy.photos.maxBytes;
    const oversized = Buffer.concat([JPEG, Buffer.alloc(max)]);
    const big = await upload('operator', id, oversized);
    expect(big.status).toBe(413);
    expect(big.body.errors).toEqual([{ field: 'body', message: expect.stringContaining('照片大小超过上限') }]);
    expect((await as('operator').get(`/orders/${id}/photos`)).body.items).toEqual([]);
  });

  it('takes the operator’s photo from receipt, before any dispatch, and refuses it once the order is closed', async () => {
    // No category: the order waits at receipt (受理) for the operator to classify and dispatch it.
    const { category: _category, ...unclassified } = noiseComplaint;
    const created = await as('operator').post('/orders', unclassified);
    expect(created.body.phase).toBe('received');
    const id = created.body.orderId as string;
    const res = await upload('operator', id, JPEG);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'intake', uploadedByRole: 'operator' });
    expect((await as('operator').post(`/orders/${id}/withdraw`, { reason: '市民来电撤回：已自行解决' })).status).toBe(
      200,
    );
    const late = await upload('operator', id, WEBP, 'image/webp');
    expect(late.status).toBe(409);
    expect(late.body.errors).toEqual([{ field: 'body', message: '工单办结或结案后不能再添加市民照片' }]);
  });

  it('refuses a body over its parser’s limit in Chinese naming the body: a photo past 20 MB, JSON past 64 KB', async () => {
    const id = await createOrder();
    const huge = await upload('operator', id, Buffer.concat([JPEG, Buffer.alloc(20 * 1024 * 1024)]));
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({
      code: 'body_too_large',
      errors: [{ field: 'body', message: '照片文件过大（上限 20 MB）' }],
    });
    const long = await as('operator').post('/orders', { ...noiseComplaint, description: '噪'.repeat(30_000) });
    expect(long.status).toBe(413);
    expect(long.body.errors).toEqual([{ field: 'body', message: '请求内容过大（上限 64 KB）' }]);
  });

  it('takes the lead unit’s after-photo while the order is in its hands, not an assisting unit’s', async () => {
    const id = await createOrder();
    expect((await upload('CGJ', id, JPEG)).status).toBe(409); // dispatched, not yet acknowledged
    expect((await as('CGJ').post(`/orders/${id}/acknowledge`)).status).toBe(200);
    const after = await upload('CGJ', id, JPEG);
    expect(after.status).toBe(201);
    expect(after.body).toMatchObject({ kind: 'completion', uploadedByUnit: 'CGJ' });
    const assisting = await upload('ZJJ', id, JPEG);
    expect(assisting.status).toBe(409);
    expect(assisting.body.errors[0].field).toBe('body');
  });

  it('shows the citizen’s public page the unit’s after-photo only, with the same code', async () => {
    const created = await as('operator').post('/orders', noiseComplaint);
    const { orderId, verificationCode } = created.body as { orderId: string; verificationCode: string };
    const intake = await upload('operator', orderId, jpegWithExif());
    expect((await as('CGJ').post(`/orders/${orderId}/acknowledge`)).status).toBe(200);
    const after = await upload('CGJ', orderId, WEBP, 'image/webp');
    expect(after.body).toMatchObject({ kind: 'completion', contentType: 'image/webp' });

    const page = await request(h.app).get(`/public/orders/${orderId}?code=${verificationCode}`);
    expect(page.status).toBe(200);
    expect(page.body.photos).toEqual([{ id: after.body.id, contentType: 'image/webp' }]);
    const photo = (id: number, code = verificationCode) =>
      request(h.app).get(`/public/orders/${orderId}/photos/${id}?code=${code}`).buffer(true);
    const shown = await photo(after.body.id);
    expect(shown.status).toBe(200);
    expect(shown.headers['content-type']).toBe('image/webp');
    expect(Buffer.from(shown.body as Buffer).equals(WEBP)).toBe(true);
    expect((await photo(intake.body.id)).status).toBe(404);
    expect((await photo(after.body.id, verificationCode === '000000' ? '111111' : '000000')).status).toBe(404);
  });

  it('a full order takes no other photo, yet the same photo sent again is the one stored', async () => {
    tokens.admin ??= await h.token('admin');
    const { version: _version, ...policy } = h.reference.get().policy;
    const setLimit = async (maxPerOrder: number) => {
      const photosPolicy = { ...policy.photos, maxPerOrder };
      const res = await as('admin').post('/admin/policy', { ...policy, photos: photosPolicy, reason: '照片上限调整' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      await eventually(
        async () => h.reference.get().policy.photos.maxPerOrder,
        (n) => n === maxPerOrder,
      );
    };
    const id = await createOrder();
    await setLimit(2);
    try {
      const first = await upload('operator', id, JPEG);
      expect((await upload('operator', id, WEBP, 'image/webp')).status).toBe(201);
      const again = await upload('operator', id, jpegWithExif());
      // The Exif is stripped before the photo is compared: the same picture is the one stored.
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(first.body.id);
      const other = Buffer.from(JPEG);
      other[other.length - 3]! ^= 0xff;
      const full = await upload('operator', id, other);
      expect(full.status).toBe(409);
      expect(full.body).toMatchObject({
        code: 'too_many',
        errors: [{ field: 'body', message: '每张工单最多 2 张照片' }],
      });
      expect(await h.testDb.database.db.select().from(photos).where(eq(photos.orderId, id))).toHaveLength(2);
    } finally {
      await setLimit(policy.photos.maxPerOrder);
    }
  });
});
