import { crc32, deflateRawSync } from 'node:zlib';

/** One file to put in a ZIP archive. */
export interface ZipEntry {
  /** Path inside the archive, `/`-separated, relative (e.g. `manifest.json`). */
  readonly name: string;
  /** File contents. */
  readonly data: Uint8Array;
}

/** Options of {@link createZip}. */
export interface ZipOptions {
  /** Modification time recorded for every entry; defaults to now. */
  readonly modifiedAt?: Date;
}

const localHeaderSignature = 0x04034b50;
const centralHeaderSignature = 0x02014b50;
const endOfCentralDirectorySignature = 0x06054b50;
const versionNeeded = 20;
const versionMadeByUnix = (3 << 8) | versionNeeded;
const utf8NamesFlag = 0x0800;
const methodStored = 0;
const methodDeflated = 8;
const regularFileAttributes = (0o100644 << 16) >>> 0;
const maxUint16 = 0xffff;
const maxUint32 = 0xffffffff;

interface PreparedEntry {
  readonly name: Buffer;
  readonly method: number;
  readonly crc: number;
  readonly size: number;
  readonly payload: Buffer;
  readonly offset: number;
}

/**
 * Builds a ZIP archive (PKWARE APPNOTE 6.3, no ZIP64, no encryption). Each entry is deflated,
 * or stored when deflating would not make it smaller (PNG files, for instance).
 * @throws RangeError for an unsafe or duplicate name, or past the non-ZIP64 limits
 */
export function createZip(entries: readonly ZipEntry[], options: ZipOptions = {}): Buffer {
  if (entries.length > maxUint16) throw new RangeError(`a ZIP without ZIP64 holds at most ${maxUint16} entries`);
  const { time, date } = toDosDateTime(options.modifiedAt ?? new Date());
  const seen = new Set<string>();
  const chunks: Buffer[] = [];
  const prepared: PreparedEntry[] = [];
  let offset = 0;
  for (const entry of entries) {
    checkName(entry.name, seen);
    const item = prepareEntry(entry, offset);
    const local = localHeader(item, time, date);
    chunks.push(local, item.name, item.payload);
    offset += local.length + item.name.length + item.payload.length;
    prepared.push(item);
  }
  const centralOffset = offset;
  let centralSize = 0;
  for (const item of prepared) {
    const central = centralHeader(item, time, date);
    chunks.push(central, item.name);
    centralSize += central.length + item.name.length;
  }
  checkUint32(centralOffset + centralSize, 'archive size');
  chunks.push(endOfCentralDirectory(prepared.length, centralSize, centralOffset));
  return Buffer.concat(chunks);
}

function prepareEntry(entry: ZipEntry, offset: number): PreparedEntry {
  checkUint32(entry.data.length, `size of ${entry.name}`);
  checkUint32(offset, 'archive size');
  const deflated = deflateRawSync(entry.data, { level: 9 });
  const stored = deflated.length >= entry.data.length;
  return {
    name: Buffer.from(entry.name, 'utf8'),
    method: stored ? methodStored : methodDeflated,
    crc: crc32(entry.data),
    size: entry.data.length,
    payload: stored ? Buffer.from(entry.data) : deflated,
    offset,
  };
}

function localHeader(item: PreparedEntry, time: number, date: number): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(localHeaderSignature, 0);
  header.writeUInt16LE(versionNeeded, 4);
  header.writeUInt16LE(utf8NamesFlag, 6);
  header.writeUInt16LE(item.method, 8);
  header.writeUInt16LE(time, 10);
  header.writeUInt16LE(date, 12);
  header.writeUInt32LE(item.crc, 14);
  header.writeUInt32LE(item.payload.length, 18);
  header.writeUInt32LE(item.size, 22);
  header.writeUInt16LE(item.name.length, 26);
  header.writeUInt16LE(0, 28);
  return header;
}

function centralHeader(item: PreparedEntry, time: number, date: number): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(centralHeaderSignature, 0);
  header.writeUInt16LE(versionMadeByUnix, 4);
  header.writeUInt16LE(versionNeeded, 6);
  header.writeUInt16LE(utf8NamesFlag, 8);
  header.writeUInt16LE(item.method, 10);
  header.writeUInt16LE(time, 12);
  header.writeUInt16LE(date, 14);
  header.writeUInt32LE(item.crc, 16);
  header.writeUInt32LE(item.payload.length, 20);
  header.writeUInt32LE(item.size, 24);
  header.writeUInt16LE(item.name.length, 28);
  header.writeUInt32LE(regularFileAttributes, 38);
  header.writeUInt32LE(item.offset, 42);
  return header;
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const record = Buffer.alloc(22);
  record.writeUInt32LE(endOfCentralDirectorySignature, 0);
  record.writeUInt16LE(count, 8);
  record.writeUInt16LE(count, 10);
  record.writeUInt32LE(size, 12);
  record.writeUInt32LE(offset, 16);
  return record;
}

function checkName(name: string, seen: Set<string>): void {
  const segments = name.split('/');
  const unsafe =
    name === '' || name.startsWith('/') || name.includes('\\') || name.includes('\0') || segments.some((s) => s === '..' || s === '.');
  if (unsafe) throw new RangeError(`unsafe ZIP entry name: ${JSON.stringify(name)}`);
  if (Buffer.byteLength(name, 'utf8') > maxUint16) throw new RangeError(`ZIP entry name too long: ${name.slice(0, 40)}…`);
  if (seen.has(name)) throw new RangeError(`duplicate ZIP entry name: ${name}`);
  seen.add(name);
}

function checkUint32(value: number, what: string): void {
  if (value > maxUint32) throw new RangeError(`${what} exceeds 4 GiB, which needs ZIP64`);
}

/** MS-DOS time and date in local time, as ZIP tools expect; clamped to the DOS range 1980–2107. */
function toDosDateTime(moment: Date): { time: number; date: number } {
  const year = Math.min(Math.max(moment.getFullYear(), 1980), 2107);
  const time = (moment.getHours() << 11) | (moment.getMinutes() << 5) | Math.floor(moment.getSeconds() / 2);
  const date = ((year - 1980) << 9) | ((moment.getMonth() + 1) << 5) | moment.getDate();
  return { time, date };
}
