// A small, strict DER reader (X.690 section 10). Every function returns null on malformed input
// instead of throwing: the bytes are attacker-controlled, and callers turn null into a coded
// PkiError or a finding. Work is linear in the bytes visited; nothing recurses on input depth.

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  TELETEX_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

export interface DerElement {
  /** Identifier octet: class, constructed bit and a tag number below 31. */
  readonly tag: number;
  readonly buf: Uint8Array;
  /** Offset of the identifier octet. */
  readonly start: number;
  readonly contentStart: number;
  /** Offset just past the content. */
  readonly end: number;
}

export interface DerHeader {
  readonly tag: number;
  readonly contentStart: number;
  readonly length: number;
}

/**
 * Reads an identifier and a definite, minimally encoded length. The content may run past `limit`
 * (callers that inspect only a prefix, like the private-key scanner, need that); see readElement.
 */
export function readHeader(buf: Uint8Array, offset: number, limit: number): DerHeader | null {
  if (offset + 2 > limit) return null;
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) return null; // high-tag-number form: not used by any format we read
  const first = buf[offset + 1]!;
  if (first < 0x80) return { tag, contentStart: offset + 2, length: first };
  const count = first & 0x7f;
  if (count === 0 || count > 4) return null; // indefinite length (BER only) or absurd size
  const p = offset + 2;
  if (p + count > limit || buf[p] === 0) return null; // truncated or leading zero octet
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + buf[p + i]!;
  if (length < 0x80) return null; // long form for a short length
  return { tag, contentStart: p + count, length };
}

export function readElement(buf: Uint8Array, offset: number, limit: number): DerElement | null {
  const h = readHeader(buf, offset, limit);
  if (h === null || h.contentStart + h.length > limit) return null;
  return { tag: h.tag, buf, start: offset, contentStart: h.contentStart, end: h.contentStart + h.length };
}

/** The single element that exactly fills `buf`, with no trailing bytes. */
export function readWhole(buf: Uint8Array): DerElement | null {
  const el = readElement(buf, 0, buf.length);
  return el !== null && el.end === buf.length ? el : null;
}

/** Children of a constructed element; they must exactly fill its content. */
export function childrenOf(el: DerElement): DerElement[] | null {
  if ((el.tag & 0x20) === 0) return null;
  const out: DerElement[] = [];
  let p = el.contentStart;
  while (p < el.end) {
    const child = readElement(el.buf, p, el.end);
    if (child === null) return null;
    out.push(child);
    p = child.end;
  }
  return out;
}

export function contentOf(el: DerElement): Uint8Array {
  return el.buf.subarray(el.contentStart, el.end);
}

export function encodedOf(el: DerElement): Uint8Array {
  return el.buf.subarray(el.start, el.end);
}

export function decodeBoolean(el: DerElement): boolean | null {
  if (el.tag !== TAG.BOOLEAN || el.end - el.contentStart !== 1) return null;
  const v = el.buf[el.contentStart];
  return v === 0xff ? true : v === 0x00 ? false : null; // DER allows only these two encodings
}

/** INTEGER content octets (two's complement), checked for minimal encoding. */
export function decodeIntegerBytes(el: DerElement, tag: number = TAG.INTEGER): Uint8Array | null {
  if (el.tag !== tag) return null;
  const c = contentOf(el);
  if (c.length === 0) return null;
  if (c.length > 1 && ((c[0] === 0x00 && c[1]! < 0x80) || (c[0] === 0xff && c[1]! >= 0x80))) return null;
  return c;
}

/** Small non-negative INTEGER as a number (up to 2^47), or null. */
export function decodeSmallInteger(el: DerElement): number | null {
  const c = decodeIntegerBytes(el);
  if (c === null || c[0]! >= 0x80 || c.length > 6) return null;
  let v = 0;
  for (const b of c) v = v * 256 + b;
  return v;
}

export interface BitString {
  readonly bytes: Uint8Array;
  readonly unusedBits: number;
}

export function decodeBitString(el: DerElement, tag: number = TAG.BIT_STRING): BitString | null {
  if (el.tag !== tag) return null;
  const c = contentOf(el);
  if (c.length === 0) return null;
  const unusedBits = c[0]!;
  if (unusedBits > 7 || (c.length === 1 && unusedBits !== 0)) return null;
  const bytes = c.subarray(1);
  if (unusedBits > 0 && (bytes[bytes.length - 1]! & ((1 << unusedBits) - 1)) !== 0) return null;
  return { bytes, unusedBits };
}

export function decodeOctetString(el: DerElement, tag: number = TAG.OCTET_STRING): Uint8Array | null {
  return el.tag === tag ? contentOf(el) : null;
}

/** OBJECT IDENTIFIER in dotted form; sub-identifiers must be minimally encoded. */
export function decodeOid(el: DerElement): string | null {
  if (el.tag !== TAG.OID) return null;
  const c = contentOf(el);
  if (c.length === 0 || c.length > 128) return null;
  let out = '';
  let value = 0;
  let big: bigint | null = null; // used once a sub-identifier outgrows exact float arithmetic
  let fresh = true;
  for (const b of c) {
    if (fresh && b === 0x80) return null; // leading 0x80 is a non-minimal sub-identifier
    if (big === null && value >= 2 ** 45) big = BigInt(value);
    if (big === null) value = value * 128 + (b & 0x7f);
    else big = (big << 7n) | BigInt(b & 0x7f);
    fresh = (b & 0x80) === 0;
    if (!fresh) continue;
    out += out === '' ? firstArcs(big ?? value) : '.' + String(big ?? value);
    value = 0;
    big = null;
  }
  return fresh ? out : null;
}

/** X.690 8.19.4: the first sub-identifier packs the first two arcs as 40 * X + Y. */
function firstArcs(v: number | bigint): string {
  if (typeof v === 'bigint') return `2.${v - 80n}`;
  return v < 40 ? `0.${v}` : v < 80 ? `1.${v - 40}` : `2.${v - 80}`;
}
