// Unpacking what an evidence document may be wrapped in, for the private-key scan: gzip, zlib,
// zip (which is also .docx, .xlsx, .odt and friends) and tar. Synchronous, with bounds against
// decompression bombs shared by everything one scan unpacks (ArchiveLimits): bytes produced in
// total and per member, the expansion ratio, members in total, and archives inside archives.
// Exceeding a bound refuses the input (`document-bomb`); an archive that cannot be read
// (encrypted, an unknown compression method, cut short) refuses it too (`document-unscannable`):
// what was not scanned must not be stored.
import zlib from 'node:zlib';
import { PkiError } from './errors.ts';

export const ARCHIVE_BOUNDS = {
  /** Bytes all archives of one input may expand to, together. */
  totalBytes: 256 * 1024 * 1024,
  /** Bytes one member (or one gzip stream) may expand to. */
  memberBytes: 128 * 1024 * 1024,
  /** Expansion ratio allowed for members that expand past ratioFloor bytes. */
  ratio: 200,
  ratioFloor: 1024 * 1024,
  /** Members of all archives of one input, together. */
  members: 10_000,
  /** Archives inside archives. */
  depth: 4,
} as const;

/** What one scan has unpacked so far. */
export class ArchiveLimits {
  private bytes = 0;
  private members = 0;

  expanded(n: number): void {
    this.bytes += n;
    if (this.bytes > ARCHIVE_BOUNDS.totalBytes) throw bomb(`the archives expand to more than ${ARCHIVE_BOUNDS.totalBytes} bytes`);
  }

  member(): void {
    if (++this.members > ARCHIVE_BOUNDS.members) throw bomb(`the archives hold more than ${ARCHIVE_BOUNDS.members} members`);
  }
}

function bomb(message: string): PkiError {
  return new PkiError('document-bomb', `refused: ${message}; such a document cannot be scanned for private keys`);
}

export function unscannable(message: string): PkiError {
  return new PkiError('document-unscannable', `refused: ${message}, so it cannot be scanned for private keys`);
}

export interface ArchiveMember {
  /** The member's name as shown to people: reduced to safe characters and shortened. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Inflates with the member bound; a stream cut short yields what it holds (and is scanned). */
function inflate(kind: 'raw' | 'zlib', input: Uint8Array, limits: ArchiveLimits): Uint8Array {
  let out: Buffer;
  try {
    const options = { maxOutputLength: ARCHIVE_BOUNDS.memberBytes, finishFlush: zlib.constants.Z_SYNC_FLUSH };
    out = kind === 'raw' ? zlib.inflateRawSync(input, options) : zlib.inflateSync(input, options);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw bomb(`a compressed member expands to more than ${ARCHIVE_BOUNDS.memberBytes} bytes`);
    throw unscannable('a compressed stream is corrupt');
  }
  if (out.length > ARCHIVE_BOUNDS.ratioFloor && out.length > input.length * ARCHIVE_BOUNDS.ratio) {
    throw bomb(`a compressed member expands more than ${ARCHIVE_BOUNDS.ratio} times`);
  }
  limits.expanded(out.length);
  return out;
}

const u16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

export function isGzip(b: Uint8Array, at = 0): boolean {
  return b[at] === 0x1f && b[at + 1] === 0x8b && b[at + 2] === 0x08;
}

/** RFC 1952: the header (with its optional fields), then a raw deflate stream. */
export function gunzip(b: Uint8Array, limits: ArchiveLimits): Uint8Array {
  const flags = b[3] ?? 0;
  let p = 10;
  if (flags & 0x04) p += 2 + u16(b, p);
  if (flags & 0x08) p = b.indexOf(0, p) + 1;
  if (flags & 0x10) p = b.indexOf(0, p) + 1;
  if (flags & 0x02) p += 2;
  if (p <= 0 || p > b.length) throw unscannable('a gzip header is cut short');
  return inflate('raw', b.subarray(p), limits);
}

/** RFC 1950 header: deflate, a window of at most 32 KiB, and a check that holds by construction. */
export function isZlib(b: Uint8Array): boolean {
  return b.length > 2 && (b[0]! & 0x0f) === 8 && b[0]! >> 4 <= 7 && ((b[0]! << 8) | b[1]!) % 31 === 0;
}

export function unzlib(b: Uint8Array, limits: ArchiveLimits): Uint8Array {
  return inflate('zlib', b, limits);
}

export function isZip(b: Uint8Array, at = 0): boolean {
  return b[at] === 0x50 && b[at + 1] === 0x4b && b[at + 2] === 0x03 && b[at + 3] === 0x04;
}

const SAFE_NAME = /[^A-Za-z0-9._/ -]/g;
export function safeMemberName(raw: string): string {
  const cleaned = raw.replace(SAFE_NAME, '?');
  return cleaned.length > 80 ? `…${cleaned.slice(-79)}` : cleaned;
}

interface ZipEntry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly compressedSize: number;
  readonly localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The end-of-central-directory record, searched backwards over the largest comment allowed. */
function findEocd(b: Uint8Array): number {
  for (let p = b.length - 22; p >= Math.max(0, b.length - 22 - 0xffff); p--) if (u32(b, p) === EOCD) return p;
  return -1;
}

/** Sizes and offset from a ZIP64 extended-information extra field, for the members that need it. */
function zip64(b: Uint8Array, extraStart: number, extraEnd: number, entry: ZipEntry, uncompressed: number): ZipEntry {
  let p = extraStart;
  while (p + 4 <= extraEnd) {
    const id = u16(b, p);
    const size = u16(b, p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const read = (): number => {
        const v = u32(b, q) + u32(b, q + 4) * 2 ** 32;
        q += 8;
        return v;
      };
      if (uncompressed === 0xffffffff) read();
      const compressedSize = entry.compressedSize === 0xffffffff ? read() : entry.compressedSize;
      const localOffset = entry.localOffset === 0xffffffff ? read() : entry.localOffset;
      return { ...entry, compressedSize, localOffset };
    }
    p += 4 + size;
  }
  return entry;
}

function centralDirectory(b: Uint8Array, eocd: number): ZipEntry[] {
  let count = u16(b, eocd + 10);
  let p = u32(b, eocd + 16);
  const locator = eocd - 20;
  if ((count === 0xffff || p === 0xffffffff) && locator >= 0 && u32(b, locator) === 0x07064b50) {
    const record = u32(b, locator + 8);
    count = u32(b, record + 32);
    p = u32(b, record + 48);
  }
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > b.length || u32(b, p) !== CENTRAL) throw unscannable('a zip central directory is corrupt');
    const nameLength = u16(b, p + 28);
    const extraLength = u16(b, p + 30);
    const commentLength = u16(b, p + 32);
    const name = Buffer.from(b.buffer, b.byteOffset + p + 46, Math.min(nameLength, b.length - p - 46)).toString('utf8');
    const entry: ZipEntry = { name, flags: u16(b, p + 8), method: u16(b, p + 10), compressedSize: u32(b, p + 20), localOffset: u32(b, p + 42) };
    entries.push(zip64(b, p + 46 + nameLength, p + 46 + nameLength + extraLength, entry, u32(b, p + 24)));
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Without a central directory (a zip cut short, or glued into other data): the local headers in order. */
function localHeaders(b: Uint8Array, from: number): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let p = from;
  while (p + 30 <= b.length && u32(b, p) === LOCAL) {
    const flags = u16(b, p + 6);
    const compressedSize = u32(b, p + 18);
    const nameLength = u16(b, p + 26);
    const name = Buffer.from(b.buffer, b.byteOffset + p + 30, Math.min(nameLength, b.length - p - 30)).toString('utf8');
    if (flags & 0x08 && compressedSize === 0) throw unscannable('a zip member has no size and the archive no directory');
    entries.push({ name, flags, method: u16(b, p + 8), compressedSize, localOffset: p });
    p += 30 + nameLength + u16(b, p + 28) + compressedSize;
  }
  return entries;
}

function memberData(b: Uint8Array, base: number, entry: ZipEntry, limits: ArchiveLimits): Uint8Array {
  const at = base + entry.localOffset;
  if (at + 30 > b.length || u32(b, at) !== LOCAL) throw unscannable('a zip member header is missing');
  const start = at + 30 + u16(b, at + 26) + u16(b, at + 28);
  const data = b.subarray(start, Math.min(b.length, start + entry.compressedSize));
  if (entry.flags & 0x01) throw unscannable(`the zip member ${safeMemberName(entry.name)} is encrypted`);
  if (entry.method === 0) {
    limits.expanded(data.length);
    return data;
  }
  if (entry.method === 8) return inflate('raw', data, limits);
  throw unscannable(`the zip member ${safeMemberName(entry.name)} uses compression method ${entry.method}`);
}

/** The members of a zip archive starting at `at` (0 for a document; elsewhere inside decoded data). */
export function unzip(b: Uint8Array, limits: ArchiveLimits, at = 0): ArchiveMember[] {
  const archive = b.subarray(at);
  const eocd = findEocd(archive);
  const entries = eocd >= 0 ? centralDirectory(archive, eocd) : localHeaders(archive, 0);
  const members: ArchiveMember[] = [];
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue; // a directory
    limits.member();
    members.push({ name: safeMemberName(entry.name), bytes: memberData(archive, 0, entry, limits) });
  }
  return members;
}

/** POSIX ustar (and GNU) tar: "ustar" at offset 257 of the first header. */
export function isTar(b: Uint8Array): boolean {
  return b.length >= 512 && b[257] === 0x75 && b[258] === 0x73 && b[259] === 0x74 && b[260] === 0x61 && b[261] === 0x72;
}

function octal(b: Uint8Array, at: number, length: number): number {
  let v = 0;
  for (let i = at; i < at + length; i++) {
    const c = b[i]!;
    if (c === 0 || c === 0x20) continue;
    if (c < 0x30 || c > 0x37) throw unscannable('a tar header is corrupt');
    v = v * 8 + (c - 0x30);
  }
  return v;
}

export function untar(b: Uint8Array, limits: ArchiveLimits): ArchiveMember[] {
  const members: ArchiveMember[] = [];
  let p = 0;
  while (p + 512 <= b.length && b[p] !== 0) {
    const size = octal(b, p + 124, 12);
    const type = b[p + 156]!;
    const name = Buffer.from(b.subarray(p, p + 100)).toString('utf8').replace(/\0.*$/s, '');
    const data = b.subarray(p + 512, Math.min(b.length, p + 512 + size));
    // Regular files ('0' or NUL) and the long-name, pax and other records alike: all are scanned.
    if (type !== 0x35) {
      limits.member();
      members.push({ name: safeMemberName(name), bytes: data });
    }
    p += 512 + Math.ceil(size / 512) * 512;
  }
  return members;
}

/** A PDF: "%PDF-" within its first KiB (readers accept leading garbage there). */
export function isPdf(b: Uint8Array): boolean {
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.byteLength, 1024));
  return head.includes('%PDF-');
}

/** Archive and compression formats we cannot unpack: a document in one of them is refused. */
const UNSUPPORTED: readonly [string, readonly number[]][] = [
  ['7-Zip', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ['RAR', [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['Zstandard', [0x28, 0xb5, 0x2f, 0xfd]],
  ['lzip', [0x4c, 0x5a, 0x49, 0x50]],
  ['Microsoft Cabinet', [0x4d, 0x53, 0x43, 0x46]],
];

export function unsupportedFormat(b: Uint8Array): string | null {
  for (const [name, magic] of UNSUPPORTED) if (magic.every((m, i) => b[i] === m)) return name;
  return null;
}
