import { readFileSync } from 'node:fs';
import { inflateSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  byteSize,
  photoLimitRefusal,
  preparePhoto,
  sniffPhotoType,
  type PreparedPhoto,
  type PhotoRefusal,
} from '../../domain/photos';

/** A 2×2 JPEG and lossy WebP as Chromium's canvas encodes them (both carry an ICC profile). */
const JPEG = new Uint8Array(readFileSync(new URL('../fixtures/photos/red.jpg', import.meta.url)));
const WEBP = new Uint8Array(readFileSync(new URL('../fixtures/photos/red.webp', import.meta.url)));
const LIMITS = { maxBytes: 100_000, maxPerOrder: 3 };
const SECRETS = ['GPSLatitude 22.5431N 114.0579E', 'Canon EOS R5', 'Zhang San'];
const text = (s: string) => new TextEncoder().encode(s);
const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}
const u16be = (n: number) => new Uint8Array([n >> 8, n & 0xff]);
const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return new Uint8Array(b);
};
const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return new Uint8Array(b);
};

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const body = concat(text(type), data);
  return concat(u32be(data.length), body, u32be(crc32(body)));
}

/** A real 2×2 RGB PNG with the given chunks before its image data. */
function png(extra: Uint8Array[] = []): Uint8Array {
  const ihdr = concat(u32be(2), u32be(2), new Uint8Array([8, 2, 0, 0, 0]));
  const raw = new Uint8Array(2 * (1 + 2 * 3)).fill(0x80);
  raw[0] = 0;
  raw[7] = 0;
  return concat(
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...extra,
    pngChunk('IDAT', new Uint8Array(deflateSync(raw))),
    pngChunk('IEND', new Uint8Array()),
  );
}

/** Walks a PNG as a decoder does: every chunk's CRC right, IHDR first, IEND last, the pixels inflate. */
function pngChunks(bytes: Uint8Array): string[] {
  const view = Buffer.from(bytes);
  const types: string[] = [];
  let idat = Buffer.alloc(0);
  for (let at = 8; at < view.length;) {
    const length = view.readUInt32BE(at);
    const type = view.toString('latin1', at + 4, at + 8);
    expect(view.readUInt32BE(at + 8 + length)).toBe(crc32(bytes.subarray(at + 4, at + 8 + length)));
    if (type === 'IDAT') idat = Buffer.concat([idat, view.subarray(at + 8, at + 8 + length)]);
    types.push(type);
    at += 12 + length;
  }
  expect(types[0]).toBe('IHDR');
  expect(types.at(-1)).toBe('IEND');
  expect(inflateSync(idat).length).toBe(14);
  return types;
}

const exifPayload = () => concat(text('Exif\0\0MM\0*'), text(SECRETS.join('\0')));

function jpegSegment(marker: number, payload: Uint8Array): Uint8Array {
  return concat(new Uint8Array([0xff, marker]), u16be(payload.length + 2), payload);
}

/** The fixture with an Exif APP1, an XMP APP1, a maker's APP13 and a comment put in after its JFIF segment. */
function jpegWithMetadata(): Uint8Array {
  const app0End = 2 + 2 + ((JPEG[4]! << 8) | JPEG[5]!);
  return concat(
    JPEG.subarray(0, app0End),
    jpegSegment(0xe1, exifPayload()),
    jpegSegment(0xe1, text(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${SECRETS[1]}</x:xmpmeta>`)),
    jpegSegment(0xed, text(`Photoshop 3.0\0${SECRETS[2]}`)),
    jpegSegment(0xfe, text(SECRETS[0]!)),
    JPEG.subarray(app0End),
  );
}

function webpChunk(fourcc: string, data: Uint8Array): Uint8Array {
  return concat(text(fourcc), u32le(data.length), data, data.length % 2 ? new Uint8Array(1) : new Uint8Array());
}

/** The fixture (VP8X + ICCP + VP8) with EXIF and XMP chunks appended and announced in the VP8X flags. */
function webpWithMetadata(): Uint8Array {
  const body = concat(
    WEBP.subarray(12),
    webpChunk('EXIF', exifPayload()),
    webpChunk('XMP ', text(`<x:xmpmeta>${SECRETS[1]}</x:xmpmeta>`)),
  );
  body[8] = body[8]! | 0x08 | 0x04;
  return concat(text('RIFF'), u32le(4 + body.length), text('WEBP'), body);
}

function prepared(result: PreparedPhoto | PhotoRefusal): PreparedPhoto {
  if ('code' in result) throw new Error(`refused: ${result.message}`);
  return result;
}

describe('photo type from the bytes', () => {
  it('knows JPEG, PNG and WebP by their signatures', () => {
    expect(sniffPhotoType(JPEG)).toBe('image/jpeg');
    expect(sniffPhotoType(png())).toBe('image/png');
    expect(sniffPhotoType(WEBP)).toBe('image/webp');
  });

  it('refuses anything else, whatever it would be called, with a Chinese message', () => {
    for (const bytes of [
      text('GIF89a\x01\x00'),
      text('<html>photo.jpg</html>'),
      new Uint8Array(),
      text('RIFF\0\0\0\0WAVE'),
    ]) {
      expect(preparePhoto(bytes, LIMITS)).toEqual({
        code: 'not_an_image',
        message: '文件不是 JPEG、PNG 或 WebP 图片',
      });
    }
  });

  it('refuses a file whose header promises an image its body is not', () => {
    expect(preparePhoto(concat(JPEG.subarray(0, 40)), LIMITS)).toMatchObject({ code: 'not_an_image' });
    expect(preparePhoto(png().subarray(0, 30), LIMITS)).toMatchObject({ code: 'not_an_image' });
  });
});

describe('photo limits from the policy', () => {
  it('refuses a photo over the size limit and one past the count', () => {
    expect(preparePhoto(JPEG, { ...LIMITS, maxBytes: JPEG.length - 1 })).toMatchObject({
      code: 'too_large',
      message: expect.stringContaining('照片大小超过上限') as string,
    });
    expect(preparePhoto(JPEG, { ...LIMITS, maxBytes: JPEG.length })).toMatchObject({ contentType: 'image/jpeg' });
    expect(photoLimitRefusal(3, LIMITS)).toEqual({ code: 'too_many', message: '每张工单最多 3 张照片' });
    expect(photoLimitRefusal(2, LIMITS)).toBeNull();
  });

  it('says a limit in whole megabytes when it is some, in kilobytes otherwise', () => {
    expect(byteSize(8 * 1024 * 1024)).toBe('8 MB');
    expect(byteSize(64 * 1024)).toBe('64 KB');
    expect(byteSize(1536 * 1024)).toBe('1536 KB');
  });
});

describe('metadata stripped before storage', () => {
  it('JPEG: drops Exif, XMP, other APPn and comments; keeps JFIF, the ICC profile and the image intact', () => {
    const withMetadata = jpegWithMetadata();
    for (const s of SECRETS) expect(latin1(withMetadata)).toContain(s);
    const { bytes, contentType } = prepared(preparePhoto(withMetadata, LIMITS));
    expect(contentType).toBe('image/jpeg');
    for (const s of SECRETS) expect(latin1(bytes)).not.toContain(s);
    expect(Buffer.from(bytes).equals(Buffer.from(JPEG))).toBe(true);
    expect(latin1(bytes)).toContain('ICC_PROFILE');
  });

  it('PNG: drops eXIf, tEXt, iTXt, zTXt and tIME; every chunk still checks and the pixels inflate', () => {
    const withMetadata = png([
      pngChunk('eXIf', exifPayload().subarray(6)),
      pngChunk('tEXt', text(`Author\0${SECRETS[2]}`)),
      pngChunk('iTXt', text(`XML:com.adobe.xmp\0\0\0\0\0${SECRETS[1]}`)),
      pngChunk('zTXt', concat(text('Comment\0\0'), new Uint8Array(deflateSync(text(SECRETS[0]!))))),
      pngChunk('tIME', new Uint8Array([0x07, 0xea, 12, 7, 21, 0, 0])),
      pngChunk('pHYs', new Uint8Array([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1])),
    ]);
    expect(pngChunks(withMetadata)).toEqual(['IHDR', 'eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME', 'pHYs', 'IDAT', 'IEND']);
    const { bytes } = prepared(preparePhoto(withMetadata, LIMITS));
    for (const s of SECRETS) expect(latin1(bytes)).not.toContain(s);
    expect(pngChunks(bytes)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
  });

  it('WebP: drops the EXIF and XMP chunks and clears their VP8X flags; the RIFF size matches again', () => {
    const withMetadata = webpWithMetadata();
    for (const s of SECRETS.slice(0, 2)) expect(latin1(withMetadata)).toContain(s);
    const { bytes } = prepared(preparePhoto(withMetadata, LIMITS));
    for (const s of SECRETS) expect(latin1(bytes)).not.toContain(s);
    expect(Buffer.from(bytes).equals(Buffer.from(WEBP))).toBe(true);
    expect(Buffer.from(bytes).readUInt32LE(4)).toBe(bytes.length - 8);
  });
});
