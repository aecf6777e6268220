import { inflateRawSync } from 'node:zlib';

/** One entry of a ZIP archive as the central directory describes it, with its contents. */
export interface ZipFileEntry {
  readonly name: string;
  readonly method: number;
  /** CRC-32 recorded in the central directory. */
  readonly crc: number;
  /** CRC-32 recorded in the local header. */
  readonly localCrc: number;
  readonly compressedSize: number;
  readonly data: Buffer;
}

/**
 * Reads a ZIP archive through its end-of-central-directory record and central directory,
 * independently of the writer under test.
 * @throws Error when a signature, a size or a local header disagrees with the directory
 */
export function readZip(archive: Buffer): ZipFileEntry[] {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > archive.length) throw new Error('no end-of-central-directory record');
  const count = archive.readUInt16LE(end + 10);
  const directorySize = archive.readUInt32LE(end + 12);
  let offset = archive.readUInt32LE(end + 16);
  if (offset + directorySize !== end) throw new Error('central directory does not end where the EOCD starts');
  const entries: ZipFileEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    if (archive.readUInt32LE(offset) !== 0x02014b50) throw new Error(`bad central header signature at ${offset}`);
    const method = archive.readUInt16LE(offset + 10);
    const crc = archive.readUInt32LE(offset + 16);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const size = archive.readUInt32LE(offset + 24);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localOffset = archive.readUInt32LE(offset + 42);
    const name = archive.toString('utf8', offset + 46, offset + 46 + nameLength);
    const { localCrc, payload } = readLocal(archive, localOffset, name, compressedSize);
    if (method !== 0 && method !== 8) throw new Error(`${name}: unexpected method ${method}`);
    const data = method === 8 ? inflateRawSync(payload) : Buffer.from(payload);
    if (data.length !== size) throw new Error(`${name}: ${data.length} bytes, directory says ${size}`);
    entries.push({ name, method, crc, localCrc, compressedSize, data });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readLocal(archive: Buffer, offset: number, name: string, compressedSize: number) {
  if (archive.readUInt32LE(offset) !== 0x04034b50) throw new Error(`${name}: bad local header signature`);
  const nameLength = archive.readUInt16LE(offset + 26);
  const extraLength = archive.readUInt16LE(offset + 28);
  const localName = archive.toString('utf8', offset + 30, offset + 30 + nameLength);
  if (localName !== name) throw new Error(`local header names ${localName}, directory ${name}`);
  const start = offset + 30 + nameLength + extraLength;
  return { localCrc: archive.readUInt32LE(offset + 14), payload: archive.subarray(start, start + compressedSize) };
}
