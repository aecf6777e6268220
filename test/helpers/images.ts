import { crc32, deflateSync } from 'node:zlib';

// Real, decodable images built byte by byte (no image library in the project): what a
// customer's phone would send, small enough for fast tests.

/** A `width`×`height` RGB PNG of one colour, padded past `minBytes` with a text chunk when asked. */
export function pngImage(width = 4, height = 3, rgb: [number, number, number] = [200, 60, 30], minBytes = 0): Buffer<ArrayBuffer> {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, truecolour, deflate, no filter choice, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels)];
  const size = parts.reduce((n, p) => n + p.length, 0) + 12;
  if (minBytes > size) parts.push(chunk('tEXt', Buffer.from(`Comment\0${'x'.repeat(minBytes - size)}`, 'latin1')));
  parts.push(chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/**
 * An 8×8 grey baseline JPEG: one component, quantisation of ones, and Huffman tables with a single
 * code each, so the only block is "DC difference 0, end of block".
 */
export function jpegImage(): Buffer<ArrayBuffer> {
  const segment = (marker: number, data: number[]) => [0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff, ...data];
  const oneCode = (tableClass: number, symbol: number) => [(tableClass << 4) | 0, 1, ...Array(15).fill(0), symbol];
  return Buffer.from([
    0xff,
    0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xdb, [0, ...Array(64).fill(1)]),
    ...segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    ...segment(0xc4, oneCode(0, 0)),
    ...segment(0xc4, oneCode(1, 0)),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    0x3f, // "0" (DC: category 0) then "0" (AC: end of block), padded with ones
    0xff,
    0xd9,
  ]);
}

/**
 * A lossless WebP (VP8L) of one colour: every prefix code is a "simple" code of one symbol, so the
 * pixels take no bits at all.
 */
export function webpImage(width = 2, height = 2, argb: [number, number, number, number] = [255, 30, 120, 200]): Buffer<ArrayBuffer> {
  const bits: number[] = [];
  const put = (value: number, count: number) => {
    for (let i = 0; i < count; i++) bits.push((value >> i) & 1);
  };
  put(width - 1, 14);
  put(height - 1, 14);
  put(1, 1); // alpha used
  put(0, 3); // version
  put(0, 1); // no transform
  put(0, 1); // no colour cache
  put(0, 1); // no meta prefix codes
  const [alpha, red, green, blue] = argb;
  for (const symbol of [green, red, blue, alpha]) {
    put(1, 1); // simple code
    put(0, 1); // one symbol
    put(1, 1); // 8-bit symbol
    put(symbol, 8);
  }
  put(1, 1); // distance: simple code, one 1-bit symbol 0
  put(0, 1);
  put(0, 1);
  put(0, 1);
  const packed = Buffer.alloc(Math.ceil(bits.length / 8));
  bits.forEach((bit, i) => (packed[i >> 3] |= bit << (i & 7)));
  const payload = Buffer.concat([Buffer.from([0x2f]), packed]);
  const padded = payload.length % 2 === 1 ? Buffer.concat([payload, Buffer.from([0])]) : payload;
  const chunkHeader = Buffer.alloc(8);
  chunkHeader.write('VP8L', 0, 'latin1');
  chunkHeader.writeUInt32LE(payload.length, 4);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(4 + chunkHeader.length + padded.length, 4);
  riff.write('WEBP', 8, 'latin1');
  return Buffer.concat([riff, chunkHeader, padded]);
}

/** The start of a Windows executable (an `MZ` header and the PE signature), what a renamed `.exe` begins with. */
export function windowsExecutable(): Buffer<ArrayBuffer> {
  const bytes = Buffer.alloc(256);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
}

/** A `data:` URI of `bytes` declared as `type`. */
export function dataUri(bytes: Buffer, type = 'image/png'): string {
  return `data:${type};base64,${bytes.toString('base64')}`;
}
