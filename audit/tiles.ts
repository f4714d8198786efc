// C2SP tlog-tiles (https://c2sp.org/tlog-tiles), read side: tile paths, which stored nodes a tile
// holds, and entry bundles. Pure.
//
// Tile N at level L holds, for i in [0, W), MTH(D[(N·256 + i)·256^L : (N·256 + i + 1)·256^L]):
// a perfect subtree of 2^(8L) leaves, which is exactly stored node (level 8L, index N·256 + i)
// (log-store.ts stores every perfect subtree). So a tile is read from W stored nodes, never by
// hashing entries.
import { AuditError } from './errors.ts';
import type { NodeId } from './merkle.ts';

/** tlog-tiles "Merkle Tree": full tiles are 256 hashes wide; each spans 8 tree levels. */
export const TILE_WIDTH = 256;
export const TILE_HEIGHT = 8;
/** tlog-tiles: "<L> … MUST be a decimal ASCII integer between 0 and 63". */
export const MAX_TILE_LEVEL = 63;
/** tlog-tiles "Log entries": entries are big-endian uint16 length-prefixed, so at most 65,535 bytes. */
export const MAX_BUNDLED_ENTRY_BYTES = 0xffff;

export type TilePath =
  | { readonly kind: 'hashes'; readonly level: number; readonly index: number; readonly width: number }
  | { readonly kind: 'entries'; readonly index: number; readonly width: number };

function invalid(message: string): AuditError {
  return new AuditError('range-invalid', `tile path: ${message}`);
}

/** N as zero-padded 3-digit path elements, all but the last prefixed with "x": 1234067 → x001/x234/067. */
export function formatTileIndex(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw invalid(`index ${index} is not a non-negative integer`);
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

export function formatTilePath(tile: TilePath): string {
  const suffix = tile.width === TILE_WIDTH ? '' : `.p/${tile.width}`;
  const head = tile.kind === 'entries' ? 'entries' : String(tile.level);
  return `tile/${head}/${formatTileIndex(tile.index)}${suffix}`;
}

/** Parses the index elements; only the canonical encoding (no leading "x000/") is accepted. */
function parseIndex(elements: readonly string[]): number {
  if (elements.length === 0 || elements.length > 6) throw invalid('the index needs one to six path elements');
  const digits = elements.map((e, i) => {
    const m = (i < elements.length - 1 ? /^x([0-9]{3})$/ : /^([0-9]{3})$/).exec(e);
    if (m === null) throw invalid(`index element ${JSON.stringify(e)} is not ${i < elements.length - 1 ? 'x' : ''}NNN`);
    return m[1]!;
  });
  if (digits.length > 1 && digits[0] === '000') throw invalid('the index has a redundant leading x000 element');
  const index = Number(digits.join(''));
  if (!Number.isSafeInteger(index)) throw invalid('the index is too large');
  return index;
}

function parseWidth(text: string): number {
  if (!/^[1-9][0-9]{0,2}$/.test(text) || Number(text) >= TILE_WIDTH) throw invalid(`partial width ${JSON.stringify(text)} is not between 1 and 255`);
  return Number(text);
}

/** Parses "<L>/<N>[.p/<W>]" or "entries/<N>[.p/<W>]" (the part after "tile/"). */
export function parseTilePath(path: string): TilePath {
  const parts = path.split('/');
  const head = parts[0] ?? '';
  let rest = parts.slice(1);
  let width = TILE_WIDTH;
  const last = rest.length >= 2 ? rest[rest.length - 2]! : '';
  if (last.endsWith('.p')) {
    width = parseWidth(rest[rest.length - 1]!);
    rest = [...rest.slice(0, -2), last.slice(0, -2)];
  }
  const index = parseIndex(rest);
  if (head === 'entries') return { kind: 'entries', index, width };
  if (!/^(0|[1-9][0-9]?)$/.test(head) || Number(head) > MAX_TILE_LEVEL) throw invalid(`level ${JSON.stringify(head)} is not between 0 and 63`);
  return { kind: 'hashes', level: Number(head), index, width };
}

/** The number of leaves a tile's hashes span: (N·256 + W)·256^L; Infinity beyond safe sizes. */
export function tileEnd(tile: TilePath): number {
  const level = tile.kind === 'entries' ? 0 : tile.level;
  return (tile.index * TILE_WIDTH + tile.width) * 2 ** (TILE_HEIGHT * level);
}

/** True when a tree of `treeSize` holds every hash (or entry) of the tile. */
export function tileWithin(tile: TilePath, treeSize: number): boolean {
  return tileEnd(tile) <= treeSize;
}

/** The stored nodes that make up a hash tile, in tile order. */
export function tileNodes(tile: Extract<TilePath, { kind: 'hashes' }>): NodeId[] {
  const first = tile.index * TILE_WIDTH;
  return Array.from({ length: tile.width }, (_, i) => ({ level: TILE_HEIGHT * tile.level, index: first + i }));
}

/** The leaf index range [start, end) of an entry bundle. */
export function bundleRange(tile: Extract<TilePath, { kind: 'entries' }>): { start: number; end: number } {
  const start = tile.index * TILE_WIDTH;
  return { start, end: start + tile.width };
}

export function encodeEntryBundle(entries: readonly Uint8Array[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    if (entry.length > MAX_BUNDLED_ENTRY_BYTES) throw new AuditError('entry-too-large', `an entry of ${entry.length} bytes cannot be bundled`);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(entry.length);
    parts.push(length, Buffer.from(entry.buffer, entry.byteOffset, entry.byteLength));
  }
  return Buffer.concat(parts);
}

/** Splits an entry bundle; refuses trailing or truncated bytes. */
export function parseEntryBundle(bundle: Uint8Array): Buffer[] {
  const buf = Buffer.from(bundle.buffer, bundle.byteOffset, bundle.byteLength);
  const entries: Buffer[] = [];
  for (let at = 0; at < buf.length; ) {
    if (at + 2 > buf.length) throw new AuditError('export-malformed', 'entry bundle ends inside a length prefix');
    const length = buf.readUInt16BE(at);
    if (at + 2 + length > buf.length) throw new AuditError('export-malformed', 'entry bundle ends inside an entry');
    entries.push(buf.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return entries;
}
