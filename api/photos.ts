/**
 * 工单照片: the operator adds the citizen's photos (市民照片) to an open order, from intake on, the lead unit its after-photos
 * (办结照片) while the order is in its hands; whoever may see the order sees its photos. The type is read
 * from the bytes and the metadata stripped (domain/photos) before the store (adapters/photo-store) sees
 * them; each row records who uploaded it, and the order's trail records the upload (photo_added).
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { PhotoStore } from '../adapters/photo-store';
import type { Db } from '../db/client';
import type { ReferenceCache } from '../db/reference-cache';
import { photosOfOrder } from '../db/photos';
import type { Actor } from '../domain/order';
import {
  PHOTO_KINDS,
  PHOTO_TYPES,
  photoLimitRefusal,
  preparePhoto,
  type PhotoKind,
  type PhotoRefusal,
} from '../domain/photos';
import { refusal as lifecycleRefusal, type Phase } from '../domain/lifecycle';
import { HttpProblem, notFound } from './http/problem';
import { route, type Route } from './http/route';
import { updates } from '../workflows/messages';
import type { orderWorkflow } from '../workflows/order';
import { loadOrder } from './order-reads';
import { canSee, orderParams } from './visibility';

// 422, not 415, for bytes that are no image: the declared type (image/*) was taken, the content is what fails.
const REFUSAL_STATUS = { too_large: 413, not_an_image: 422, too_many: 409 } as const;

const photoAnswer = z.object({
  id: z.int(),
  kind: z.enum(PHOTO_KINDS),
  contentType: z.enum(PHOTO_TYPES),
  size: z.int(),
  uploadedByRole: z.string(),
  uploadedByUnit: z.string().nullable(),
  createdAt: z.string(),
});

const photoParams = orderParams.extend({ photoId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

/** The raw body express.raw hands over; any other body (none, or not an image/* type) is refused before this. */
const imageBody = z.custom<Buffer>((v) => Buffer.isBuffer(v), '须上传照片文件');

const VIEWERS = ['operator', 'department', 'coordinator', 'visitor', 'auditor', 'manager'] as const;

export type PhotoDeps = { temporal: Client; db: Db; reference: ReferenceCache; store: PhotoStore };

/** The kind of photo the caller adds to this order, or the refusal saying why it may not. */
function uploadKind(actor: Actor, order: { leadUnit: string | null; phase: Phase }): PhotoKind {
  if (actor.role === 'operator') {
    if (lifecycleRefusal('addPhoto', 'operator', order.phase))
      throw refusal(409, 'wrong_state', '工单办结或结案后不能再添加市民照片');
    return 'intake';
  }
  // The after-photo goes with 办结: while the lead unit may complete (workflows/actions.ts addPhoto checks the lead).
  if (order.leadUnit !== actor.unit || lifecycleRefusal('complete', 'department', order.phase))
    throw refusal(409, 'wrong_state', '只有承办单位在办理期间可以上传办结照片');
  return 'completion';
}

function refusal(status: number, code: string, message: string): HttpProblem {
  return new HttpProblem(status, code, message, { errors: [{ field: 'body', message }] });
}

/**
 * Stores a photo on the order and records it on its trail (photo_added): its type read from the bytes and its
 * metadata stripped, within the policy's size and count, or refused (HttpProblem naming the body). The same
 * photo sent twice (a retry) is the one already stored. Also Open311's `media` (api/open311/).
 */
export async function attachPhoto(deps: PhotoDeps, actor: Actor, orderId: string, kind: PhotoKind, bytes: Uint8Array) {
  const existing = await photosOfOrder(deps.db, orderId);
  const prepared = checkedPhoto(bytes, deps.reference);
  const sha256 = createHash('sha256').update(prepared.bytes).digest('hex');
  const key = `${orderId}/${sha256}`;
  // The same photo sent again (a retried upload, an Open311 re-send) is the one stored, even on a full order.
  if (!existing.some((p) => p.key === key)) {
    const full = photoLimitRefusal(existing.length, deps.reference.get().policy.photos);
    if (full) throw refusalOf(full);
    const photo = {
      orderId,
      key,
      kind,
      contentType: prepared.contentType,
      bytes: prepared.bytes,
      size: prepared.bytes.length,
      sha256,
      uploadedByRole: actor.role,
      uploadedByUnit: actor.unit,
      uploadedBy: actor.id,
    };
    await deps.store.put(photo);
    // Stored first, then on the order's trail (photo_added, its kind and size): a refused update takes it out again.
    await deps.temporal.workflow
      .getHandle<typeof orderWorkflow>(orderId)
      .executeUpdate(updates.addPhoto, { args: [{ actor, size: photo.size }] })
      .catch(async (err: unknown) => {
        await deps.store.delete(key);
        throw err;
      });
  }
  return (await photosOfOrder(deps.db, orderId)).find((p) => p.key === key)!;
}

/** The photo as it will be stored, or the refusal (HttpProblem naming the body) of the policy's rules. */
export function checkedPhoto(bytes: Uint8Array, reference: ReferenceCache) {
  const prepared = preparePhoto(bytes, reference.get().policy.photos);
  if ('code' in prepared) throw refusalOf(prepared);
  return prepared;
}

const refusalOf = (r: PhotoRefusal) => refusal(REFUSAL_STATUS[r.code], r.code, r.message);

const present = (p: Awaited<ReturnType<typeof photosOfOrder>>[number]) => ({
  id: p.id,
  kind: p.kind,
  contentType: p.contentType,
  size: p.size,
  uploadedByRole: p.uploadedByRole,
  uploadedByUnit: p.uploadedByUnit,
  createdAt: p.createdAt.toISOString(),
});

export function photoRoutes(deps: PhotoDeps): Route[] {
  const visibleOrder = async (actor: Actor, orderId: string) => {
    const order = await loadOrder(deps, orderId);
    if (!canSee(actor, order)) throw notFound();
    return order;
  };
  return [
    route({
      method: 'post',
      path: '/orders/:orderId/photos',
      tag: 'orders',
      summary: 'Add a photo to the order: the citizen’s at intake (operator), the after-photo at 办结 (lead unit)',
      roles: ['operator', 'department'],
      params: orderParams,
      body: imageBody,
      bodyType: 'image/*',
      responses: {
        201: { description: 'The photo as stored, its metadata stripped', body: photoAnswer },
        404: 'No such order (or not visible to the caller)',
        409: 'The order holds as many photos as the policy allows, or is not in the caller’s hands',
        413: 'The photo is larger than the policy allows',
        422: 'The bytes are not a JPEG, PNG or WebP image, whatever the declared type or name',
      },
      async handle({ actor, params, body }) {
        const order = await visibleOrder(actor, params.orderId);
        const stored = await attachPhoto(deps, actor, params.orderId, uploadKind(actor, order), body);
        return { status: 201, body: present(stored) };
      },
    }),
    route({
      method: 'get',
      path: '/orders/:orderId/photos',
      tag: 'orders',
      summary: 'List the order’s photos (市民照片 and 办结照片), without their bytes',
      roles: VIEWERS,
      params: orderParams,
      responses: {
        200: { description: 'The photos, oldest first', body: z.object({ items: z.array(photoAnswer) }) },
        404: 'No such order (or not visible to the caller)',
      },
      async handle({ actor, params }) {
        await visibleOrder(actor, params.orderId);
        return { status: 200, body: { items: (await photosOfOrder(deps.db, params.orderId)).map(present) } };
      },
    }),
    route({
      method: 'get',
      path: '/orders/:orderId/photos/:photoId',
      tag: 'orders',
      summary: 'One photo’s bytes',
      roles: VIEWERS,
      params: photoParams,
      produces: 'image/*',
      responses: {
        200: { description: 'The image (JPEG, PNG or WebP), as stored', body: z.string() },
        404: 'No such photo on the order (or the order is not visible to the caller)',
      },
      async handle({ actor, params }) {
        await visibleOrder(actor, params.orderId);
        const listed = (await photosOfOrder(deps.db, params.orderId)).find((p) => p.id === params.photoId);
        const photo = listed && (await deps.store.get(listed.key));
        if (!photo) throw notFound();
        return { status: 200, contentType: photo.contentType, body: Buffer.from(photo.bytes) };
      },
    }),
  ];
}
