/**
 * Where a photo's bytes live, by key. The embedded default keeps them in the `photos` row itself
 * (PostgreSQL or PGlite: no other server to run). An S3-compatible store (MinIO, OSS, COS) implements
 * the same three calls: `put` PUTs the bytes to `<bucket>/<key>` with the content type and then inserts
 * the row with empty `bytes` (the listing and the uploader's record stay in the database); `get` reads
 * the row's type and GETs the object (null on 404); `delete` deletes the object and then the row.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { photos, type PhotoRow } from '../db/schema';
import type { PhotoType } from '../domain/photos';

/** A photo to store: its row without the columns the database fills in. */
export type NewPhoto = Omit<PhotoRow, 'id' | 'createdAt'>;

export interface PhotoStore {
  /** Stores the photo under `photo.key`; resolves to the row's id. */
  put(photo: NewPhoto): Promise<number>;
  get(key: string): Promise<{ contentType: PhotoType; bytes: Uint8Array } | null>;
  delete(key: string): Promise<void>;
}

export function embeddedPhotoStore(db: Db): PhotoStore {
  return {
    async put(photo) {
      const [row] = await db.insert(photos).values(photo).returning({ id: photos.id });
      return row!.id;
    },
    async get(key) {
      const [row] = await db
        .select({ contentType: photos.contentType, bytes: photos.bytes })
        .from(photos)
        .where(eq(photos.key, key));
      return row ?? null;
    },
    async delete(key) {
      await db.delete(photos).where(eq(photos.key, key));
    },
  };
}
