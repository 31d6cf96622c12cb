/**
 * 工单照片: the operator adds the citizen's photos (市民照片) to an order, the lead unit its after-photos
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
import { PHOTO_KINDS, PHOTO_TYPES, preparePhoto, type PhotoKind } from '../domain/photos';
import { ACTIONS, type Phase } from '../domain/lifecycle';
import { HttpProblem, notFound } from './http/problem';
import { route, type Route } from './http/route';
import { updates } from '../workflows/messages';
import type { orderWorkflow } from '../workflows/order';
import { loadOrder } from './order-reads';
import { canSee, orderParams } from './visibility';

/** The lead unit's order is in its hands (签收 until 办结): its after-photos go on then (workflows/actions.ts addPhoto checks the lead). */
const LEAD_UNIT_PHASES: readonly Phase[] = ['acknowledged', 'extension_requested', 'reopened'];

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

type PhotoDeps = { temporal: Client; db: Db; reference: ReferenceCache; store: PhotoStore };

/** The kind of photo the caller adds to this order, or the refusal saying why it may not. */
function uploadKind(actor: Actor, order: { leadUnit: string | null; phase: Phase }): PhotoKind {
  if (actor.role === 'operator') {
    if (!(ACTIONS.addPhoto.phases as readonly Phase[]).includes(order.phase))
      throw refusal(409, 'wrong_state', '工单派单后、办结前才能添加市民照片');
    return 'intake';
  }
  if (order.leadUnit !== actor.unit || !LEAD_UNIT_PHASES.includes(order.phase))
    throw refusal(409, 'wrong_state', '只有承办单位在办理期间可以上传办结照片');
  return 'completion';
}

function refusal(status: number, code: string, message: string): HttpProblem {
  return new HttpProblem(status, code, message, { errors: [{ field: 'body', message }] });
}

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
        const kind = uploadKind(actor, order);
        const existing = await photosOfOrder(deps.db, params.orderId);
        const prepared = preparePhoto(body, existing.length, deps.reference.get().policy.photos);
        if ('code' in prepared) throw refusal(REFUSAL_STATUS[prepared.code], prepared.code, prepared.message);
        const sha256 = createHash('sha256').update(prepared.bytes).digest('hex');
        const key = `${params.orderId}/${sha256}`;
        // The same photo sent twice (a retry) is the one already stored.
        if (!existing.some((p) => p.key === key)) {
          const photo = {
            orderId: params.orderId,
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
            .getHandle<typeof orderWorkflow>(params.orderId)
            .executeUpdate(updates.addPhoto, { args: [{ actor, size: photo.size }] })
            .catch(async (err: unknown) => {
              await deps.store.delete(key);
              throw err;
            });
        }
        const stored = (await photosOfOrder(deps.db, params.orderId)).find((p) => p.key === key)!;
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
