// Text encodings of documents: UTF-8, UTF-16 and UTF-32 in either byte order, told by their byte
// order mark or, without one, by where the zero bytes of ASCII text fall. A key saved from an
// editor as "Unicode" text is UTF-16; a byte scan would see every other byte as zero and no key.
import { isUtf8 } from 'node:buffer';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

function bomOf(b: Uint8Array): { encoding: TextEncoding; length: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { encoding: 'utf-32le', length: 4 };
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** Sampled: the share of zero bytes at each position modulo 4 over the first 4 KiB. */
function guessWide(b: Uint8Array): TextEncoding | null {
  const n = Math.min(b.length, 4096) & ~3;
  if (n < 16) return null;
  const zeros = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (b[i] === 0) zeros[i & 3]!++;
  const q = n / 4;
  const mostly = (k: number): boolean => zeros[k]! >= q * 0.9;
  const rarely = (k: number): boolean => zeros[k]! <= q * 0.1;
  if (rarely(0) && mostly(1) && mostly(2) && mostly(3)) return 'utf-32le';
  if (mostly(0) && mostly(1) && mostly(2) && rarely(3)) return 'utf-32be';
  if (rarely(0) && mostly(1) && rarely(2) && mostly(3)) return 'utf-16le';
  if (mostly(0) && rarely(1) && mostly(2) && rarely(3)) return 'utf-16be';
  return null;
}

function decodeUtf32(b: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength & ~3);
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let i = 0; i + 4 <= view.byteLength; i += 4) {
    const cp = view.getUint32(i, littleEndian);
    chunk.push(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? cp : 0xfffd);
    if (chunk.length === 8192) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  parts.push(String.fromCodePoint(...chunk));
  return parts.join('');
}

function decodeAs(b: Uint8Array, encoding: TextEncoding): string {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
    case 'utf-16le':
      return Buffer.from(b.buffer, b.byteOffset, b.byteLength & ~1).toString('utf16le');
    case 'utf-16be':
      return Buffer.from(b.subarray(0, b.byteLength & ~1)).swap16().toString('utf16le');
    case 'utf-32le':
      return decodeUtf32(b, true);
    case 'utf-32be':
      return decodeUtf32(b, false);
  }
}

/** The bytes as text when they are Unicode text (with a BOM, wide without one, or valid UTF-8); else null. */
export function decodeUnicodeText(b: Uint8Array): string | null {
  const bom = bomOf(b);
  if (bom !== null) return decodeAs(b.subarray(bom.length), bom.encoding);
  const wide = guessWide(b);
  if (wide !== null) return decodeAs(b, wide);
  return isUtf8(b) ? decodeAs(b, 'utf-8') : null;
}

/**
 * Runs of UTF-16 text inside binary data (old Office files, Windows resources): at least `min`
 * printable ASCII characters each followed by a zero byte, at either alignment (big-endian text
 * is little-endian text one byte further on).
 */
export function utf16Runs(b: Uint8Array, min: number): string[] {
  const runs: string[] = [];
  const take = (start: number, end: number): void => {
    if ((end - start) / 2 >= min) runs.push(Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('utf16le'));
  };
  for (const phase of [0, 1]) {
    let start = -1;
    let i = phase;
    for (; i + 1 < b.length; i += 2) {
      const c = b[i]!;
      const ok = b[i + 1] === 0 && ((c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0a || c === 0x0d);
      if (ok && start < 0) start = i;
      else if (!ok && start >= 0) {
        take(start, i);
        start = -1;
      }
    }
    if (start >= 0) take(start, i);
  }
  return runs;
}
