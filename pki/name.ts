// X.501 distinguished names: decoding and a stable text form (RFC 4514 escaping, but written in
// encoded order, most significant RDN first, as OpenSSL and DOMAIN.md print them: "OU=07, CN=Z1").
import { TAG, childrenOf, contentOf, decodeOid, encodedOf } from './der.ts';
import type { DerElement } from './der.ts';
import { bytesEqual, toHex } from './encoding.ts';
import { ATTRIBUTE_SHORT_NAMES } from './oids.ts';

export interface NameAttribute {
  readonly type: string;
  /** Identifier octet of the value (0x13 PrintableString, 0x03 BIT STRING, ...). */
  readonly valueTag: number;
  /** The value's content octets. */
  readonly value: Uint8Array;
  /** Decoded text for string types, null for anything else. */
  readonly text: string | null;
  /** The value's full encoding (tag, length, content), for the `#hex` text form. */
  readonly encoded: Uint8Array;
}

export interface DistinguishedName {
  /** Exact encoding; issuer/subject matching compares these bytes (exact by default). */
  readonly der: Uint8Array;
  readonly rdns: readonly (readonly NameAttribute[])[];
  readonly text: string;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeText(tag: number, c: Uint8Array): string | null {
  try {
    switch (tag) {
      case TAG.PRINTABLE_STRING:
      case TAG.IA5_STRING:
      case TAG.UTF8_STRING:
        return UTF8.decode(c);
      case TAG.TELETEX_STRING:
        return Buffer.from(c).toString('latin1');
      case TAG.BMP_STRING:
        return c.length % 2 === 0 ? Buffer.from(c).swap16().toString('utf16le') : null;
      case TAG.UNIVERSAL_STRING:
        return decodeUtf32(c);
      default:
        return null;
    }
  } catch {
    return null; // invalid UTF-8: the value is shown in its `#hex` form instead
  }
}

function decodeUtf32(c: Uint8Array): string | null {
  if (c.length % 4 !== 0) return null;
  let out = '';
  for (let i = 0; i < c.length; i += 4) {
    const cp = ((c[i]! << 24) | (c[i + 1]! << 16) | (c[i + 2]! << 8) | c[i + 3]!) >>> 0;
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    out += String.fromCodePoint(cp);
  }
  return out;
}

function decodeAttribute(el: DerElement): NameAttribute | null {
  const parts = el.tag === TAG.SEQUENCE ? childrenOf(el) : null;
  if (parts?.length !== 2) return null;
  const type = decodeOid(parts[0]!);
  if (type === null) return null;
  const v = parts[1]!;
  const value = contentOf(v);
  return { type, valueTag: v.tag, value, text: decodeText(v.tag, value), encoded: encodedOf(v) };
}

/** Decodes a Name (RFC 5280 4.1.2.4). Returns null when the structure is malformed. */
export function decodeName(el: DerElement): DistinguishedName | null {
  const rdnEls = el.tag === TAG.SEQUENCE ? childrenOf(el) : null;
  if (rdnEls === null) return null;
  const rdns: NameAttribute[][] = [];
  for (const rdnEl of rdnEls) {
    const atvEls = rdnEl.tag === TAG.SET ? childrenOf(rdnEl) : null;
    if (atvEls === null || atvEls.length === 0) return null;
    const rdn: NameAttribute[] = [];
    for (const atvEl of atvEls) {
      const atv = decodeAttribute(atvEl);
      if (atv === null) return null;
      rdn.push(atv);
    }
    rdns.push(rdn);
  }
  return { der: encodedOf(el), rdns, text: formatName(rdns) };
}

export function formatName(rdns: readonly (readonly NameAttribute[])[]): string {
  return rdns.map((rdn) => rdn.map(formatAttribute).join(' + ')).join(', ');
}

function formatAttribute(a: NameAttribute): string {
  const name = ATTRIBUTE_SHORT_NAMES[a.type] ?? a.type;
  return `${name}=${a.text === null ? '#' + toHex(a.encoded) : escapeValue(a.text)}`;
}

/**
 * Characters an attacker could use to rewrite a terminal line or reorder displayed text: C0 and
 * C1 controls, DEL, and the Unicode bidirectional overrides and isolates.
 */
function isUnsafeForDisplay(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/** RFC 4514 section 2.4 escaping; characters unsafe for display become \XX escapes of their UTF-8. */
function escapeValue(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    if (isUnsafeForDisplay(code)) out += [...Buffer.from(ch, 'utf8')].map((b) => '\\' + b.toString(16).padStart(2, '0')).join('');
    else if (',+"\\<>;='.includes(ch)) out += '\\' + ch;
    else if ((i === 0 && (ch === '#' || ch === ' ')) || (i === s.length - 1 && ch === ' ')) out += '\\' + ch;
    else out += ch;
  }
  return out;
}

/** Every value of one attribute type, in encoded order. */
export function attributesOfType(name: DistinguishedName, type: string): NameAttribute[] {
  const out: NameAttribute[] = [];
  for (const rdn of name.rdns) for (const a of rdn) if (a.type === type) out.push(a);
  return out;
}

/**
 * Name matching for path building (RFC 5280 7.1, conservatively): byte-identical encodings, or the
 * same RDNs with the same attribute types and the same decoded text, whatever the string types
 * (test certificates encode "OU=07, CN=Z1" as UTF8String in one place and PrintableString in
 * another). No case folding or space collapsing: anything else must match byte for byte.
 */
export function namesMatch(a: DistinguishedName, b: DistinguishedName): boolean {
  if (bytesEqual(a.der, b.der)) return true;
  if (a.rdns.length !== b.rdns.length) return false;
  return a.rdns.every((rdn, i) => {
    const other = b.rdns[i]!;
    return rdn.length === other.length && rdn.every((x, j) => attributesMatch(x, other[j]!));
  });
}

function attributesMatch(x: NameAttribute, y: NameAttribute): boolean {
  if (x.type !== y.type) return false;
  if (x.text !== null && y.text !== null) return x.text === y.text;
  return x.text === null && y.text === null && bytesEqual(x.encoded, y.encoded);
}
