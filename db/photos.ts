/** The photos of an order as listed (adapters/photo-store.ts holds the bytes): never the bytes themselves. */
import { asc, eq } from 'drizzle-orm';
import type { Db } from './client';
import { photos } from './schema';

export function photosOfOrder(db: Db, orderId: string) {
  return db
    .select({
      id: photos.id,
      key: photos.key,
      kind: photos.kind,
      contentType: photos.contentType,
      size: photos.size,
      uploadedByRole: photos.uploadedByRole,
      uploadedByUnit: photos.uploadedByUnit,
      createdAt: photos.createdAt,
    })
    .from(photos)
    .where(eq(photos.orderId, orderId))
    .orderBy(asc(photos.id));
}
