// Recognises private-key structures in DER by their first few fields, without decoding the
// secret: a header walk of at most a handful of elements per candidate offset, so scanning a
// buffer for them is linear. The shapes (and why certificates, CSRs and SPKIs never match):
//   PKCS#8 (RFC 5958)          SEQUENCE { INTEGER 0|1, SEQUENCE { OID, ... }, OCTET STRING, ... }
//   EncryptedPrivateKeyInfo    SEQUENCE { SEQUENCE { OID PKCS#5 / PKCS#12 PBE, ... }, OCTET STRING }
//   SEC1 ECPrivateKey (5915)   SEQUENCE { INTEGER 1, OCTET STRING (16..132), [0]?, [1]? }
//   PKCS#1 RSAPrivateKey       SEQUENCE { INTEGER 0|1, INTEGER n (>= 64 B), INTEGER e (<= 16 B), INTEGER d (>= 32 B), ... }
//   PKCS#12 PFX (RFC 7292)     SEQUENCE { INTEGER 3, SEQUENCE { OID id-data | id-signedData, ... }, ... }
// A certificate, CSR or SPKI starts SEQUENCE { SEQUENCE ...} with no OCTET STRING or PBE OID in
// those places; a v1 TBSCertificate (INTEGER serial, AlgorithmIdentifier, Name) fails at Name.
import { TAG, decodeOid, readElement, readHeader } from './der.ts';
import type { PrivateKeyKind } from './private-key-types.ts';

interface Head {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly length: number;
  readonly end: number;
}

function head(buf: Uint8Array, offset: number, limit: number): Head | null {
  const h = readHeader(buf, offset, limit);
  return h === null ? null : { tag: h.tag, start: offset, contentStart: h.contentStart, length: h.length, end: h.contentStart + h.length };
}

function smallInt(buf: Uint8Array, h: Head): number {
  return h.tag === TAG.INTEGER && h.length === 1 && h.end <= buf.length ? buf[h.contentStart]! : -1;
}

function firstOid(buf: Uint8Array, seq: Head, limit: number): string | null {
  if (seq.tag !== TAG.SEQUENCE) return null;
  const el = readElement(buf, seq.contentStart, Math.min(seq.end, limit));
  return el === null ? null : decodeOid(el);
}

const PBE_PREFIXES = ['1.2.840.113549.1.5.', '1.2.840.113549.1.12.1.'];
const PKCS7_DATA = '1.2.840.113549.1.7.1';
const PKCS7_SIGNED_DATA = '1.2.840.113549.1.7.2';

function afterVersion(buf: Uint8Array, version: number, second: Head, limit: number): PrivateKeyKind | null {
  const third = head(buf, second.end, limit);
  if ((version === 0 || version === 1) && second.tag === TAG.SEQUENCE && firstOid(buf, second, limit) !== null && third?.tag === TAG.OCTET_STRING) return 'pkcs8';
  if (version === 3 && second.tag === TAG.SEQUENCE) {
    const oid = firstOid(buf, second, limit);
    if (oid === PKCS7_DATA || oid === PKCS7_SIGNED_DATA) return 'pkcs12';
  }
  if (version === 1 && second.tag === TAG.OCTET_STRING && second.length >= 16 && second.length <= 132 && second.end <= limit) {
    if (second.end === limit || third?.tag === 0xa0 || third?.tag === 0xa1) return 'sec1-ec';
  }
  if ((version === 0 || version === 1) && second.tag === TAG.INTEGER && second.length >= 64 && third?.tag === TAG.INTEGER && third.length <= 16) {
    const fourth = head(buf, third.end, limit);
    if (fourth?.tag === TAG.INTEGER && fourth.length >= 32) return 'pkcs1-rsa';
  }
  return null;
}

/**
 * The kind of private-key structure starting at `offset`, or null. Tolerates a structure cut
 * short by the end of the buffer, as long as the fields above are all there.
 */
export function classifyPrivateKeyDer(buf: Uint8Array, offset: number): PrivateKeyKind | null {
  const outer = head(buf, offset, buf.length);
  if (outer?.tag !== TAG.SEQUENCE) return null;
  const limit = Math.min(outer.end, buf.length);
  const first = head(buf, outer.contentStart, limit);
  if (first === null) return null;
  const second = head(buf, first.end, limit);
  if (second === null) return null;
  if (first.tag === TAG.SEQUENCE && second.tag === TAG.OCTET_STRING) {
    const oid = firstOid(buf, first, limit);
    return oid !== null && PBE_PREFIXES.some((p) => oid.startsWith(p)) ? 'encrypted-pkcs8' : null;
  }
  const version = smallInt(buf, first);
  return version < 0 ? null : afterVersion(buf, version, second, limit);
}

/** First private-key structure at any offset of `buf` (any SEQUENCE, not only the outermost). */
export function scanDerForPrivateKey(buf: Uint8Array): PrivateKeyKind | null {
  for (let i = buf.indexOf(TAG.SEQUENCE); i >= 0; i = buf.indexOf(TAG.SEQUENCE, i + 1)) {
    const kind = classifyPrivateKeyDer(buf, i);
    if (kind !== null) return kind;
  }
  return null;
}
