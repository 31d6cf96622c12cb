/**
 * Photos on orders (市民照片 at intake, 办结照片 at completion): the image type read from the bytes — never
 * from the declared type or the file name — and the metadata a phone writes (GPS position, camera, owner,
 * time taken) cut out before anything is stored. The pixels stay byte for byte as sent.
 */
import type { SlaPolicy } from './types';

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** 市民照片 (taken in at intake) or 办结照片 (the lead unit's after-photo). */
export const PHOTO_KINDS = ['intake', 'completion'] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...bytes.subarray(at, at + length));

/** The image type the bytes are, or null if they are none of JPEG, PNG or WebP. */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'image/webp';
  return null;
}

/**
 * What each type drops: JPEG every APPn but APP0 (JFIF) and APP2 (ICC colour profile), and COM; PNG the
 * eXIf, text and time chunks; WebP its EXIF and XMP chunks and the VP8X flags announcing them.
 */
const STRIP: Record<PhotoType, (bytes: Uint8Array) => Uint8Array> = {
  'image/jpeg': stripJpeg,
  'image/png': stripPng,
  'image/webp': stripWebp,
};

/** A megabyte as the centre counts photo sizes (8 MB is 8 × 1024 × 1024 bytes). */
export const MB = 1024 * 1024;

/** A size as a refusal says it: whole megabytes when it is some (8 MB), kilobytes otherwise (512 KB). */
export const byteSize = (bytes: number) =>
  bytes >= MB && bytes % MB === 0 ? `${bytes / MB} MB` : `${Math.floor(bytes / 1024)} KB`;

/** Why a photo was refused: the field it names is always the request body. */
export type PhotoRefusal = { code: 'not_an_image' | 'too_large' | 'too_many'; message: string };

export type PreparedPhoto = { contentType: PhotoType; bytes: Uint8Array };

/** Why an order already holding `alreadyOnOrder` photos takes no other, if it is full. */
export function photoLimitRefusal(alreadyOnOrder: number, limits: SlaPolicy['photos']): PhotoRefusal | null {
  return alreadyOnOrder >= limits.maxPerOrder
    ? { code: 'too_many', message: `每张工单最多 ${limits.maxPerOrder} 张照片` }
    : null;
}

/**
 * The photo as it is stored — its type read from the bytes and its metadata stripped — or why it may not
 * be stored at all (whether the order has room for it is photoLimitRefusal's to say).
 */
export function preparePhoto(bytes: Uint8Array, limits: SlaPolicy['photos']): PreparedPhoto | PhotoRefusal {
  if (bytes.length > limits.maxBytes)
    return { code: 'too_large', message: `照片大小超过上限（${byteSize(limits.maxBytes)}）` };
  const contentType = sniffPhotoType(bytes);
  const notAnImage = { code: 'not_an_image', message: '文件不是 JPEG、PNG 或 WebP 图片' } as const;
  if (contentType === null) return notAnImage;
  try {
    return { contentType, bytes: STRIP[contentType](bytes) };
  } catch (err) {
    // A header that lies about what follows is refused: stored as is, it might hide anything.
    if (err instanceof MalformedImage) return notAnImage;
    throw err;
  }
}

class MalformedImage extends Error {}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const APP0 = 0xe0;
const APP2 = 0xe2;
const COM = 0xfe;
const SOS = 0xda;

function stripJpeg(bytes: Uint8Array): Uint8Array {
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let at = 2;
  for (;;) {
    if (at + 4 > bytes.length || bytes[at] !== 0xff) throw new MalformedImage('JPEG segment expected');
    const marker = bytes[at + 1]!;
    // Fill bytes between segments and the marker-only segments (RSTn, TEM) carry no length.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      kept.push(bytes.subarray(at, at + 2));
      at += 2;
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (length < 2 || at + 2 + length > bytes.length) throw new MalformedImage('JPEG segment overruns');
    const end = at + 2 + length;
    const metadata = (marker >= 0xe0 && marker <= 0xef && marker !== APP0 && marker !== APP2) || marker === COM;
    if (marker === SOS) {
      // From the scan on it is entropy-coded data (and any later scans), kept whole.
      kept.push(bytes.subarray(at));
      return concat(kept);
    }
    if (!metadata) kept.push(bytes.subarray(at, end));
    at = end;
  }
}

const PNG_DROPPED = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']);

function stripPng(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) throw new MalformedImage('PNG chunk truncated');
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (end > bytes.length) throw new MalformedImage('PNG chunk overruns');
    const type = ascii(bytes, at + 4, 4);
    if (!PNG_DROPPED.has(type)) kept.push(bytes.subarray(at, end));
    at = end;
    if (type === 'IEND') break;
  }
  return concat(kept);
}

/** VP8X flag bits announcing EXIF (0x08) and XMP (0x04) chunks. */
const VP8X_METADATA_FLAGS = 0x08 | 0x04;

function stripWebp(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = Math.min(bytes.length, 8 + view.getUint32(4, true));
  const kept: Uint8Array[] = [];
  let at = 12;
  while (at < riffEnd) {
    if (at + 8 > riffEnd) throw new MalformedImage('WebP chunk truncated');
    const size = view.getUint32(at + 4, true);
    const end = at + 8 + size + (size % 2); // chunks are padded to an even size
    if (at + 8 + size > riffEnd) throw new MalformedImage('WebP chunk overruns');
    const fourcc = ascii(bytes, at, 4);
    if (fourcc === 'VP8X') {
      const chunk = bytes.slice(at, Math.min(end, riffEnd));
      chunk[8] = chunk[8]! & ~VP8X_METADATA_FLAGS;
      kept.push(chunk);
    } else if (fourcc !== 'EXIF' && fourcc !== 'XMP ') kept.push(bytes.subarray(at, Math.min(end, riffEnd)));
    at = end;
  }
  const body = concat(kept);
  const header = new Uint8Array(12);
  header.set(bytes.subarray(0, 12));
  new DataView(header.buffer).setUint32(4, 4 + body.length, true);
  return concat([header, body]);
}
