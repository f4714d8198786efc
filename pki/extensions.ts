// Decoding of the certificate extensions the SMKI profile uses (RFC 5280 4.2.1). A malformed value
// is kept as a slot with value null so the profile reports it as a finding; it never throws.
import { TAG, childrenOf, contentOf, decodeBitString, decodeBoolean, decodeOctetString, decodeOid, decodeSmallInteger, readWhole } from './der.ts';
import type { DerElement } from './der.ts';
import {
  OID_AUTHORITY_KEY_IDENTIFIER,
  OID_BASIC_CONSTRAINTS,
  OID_CERTIFICATE_POLICIES,
  OID_HARDWARE_MODULE_NAME,
  OID_KEY_USAGE,
  OID_SUBJECT_ALT_NAME,
  OID_SUBJECT_KEY_IDENTIFIER,
} from './oids.ts';

export interface RawExtension {
  readonly oid: string;
  readonly critical: boolean;
  /** Content of extnValue: the DER of the extension's own value. */
  readonly value: Uint8Array;
}

export interface ExtensionSlot<T> {
  readonly critical: boolean;
  /** null when the extension is present but its value does not decode. */
  readonly value: T | null;
}

/** RFC 5280 4.2.1.3, in bit order. */
export const KEY_USAGE_NAMES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsageName = (typeof KEY_USAGE_NAMES)[number];

export interface BasicConstraints {
  readonly ca: boolean;
  readonly pathLength: number | null;
}

export interface AuthorityKeyIdentifier {
  readonly keyIdentifier: Uint8Array | null;
  readonly hasIssuerAndSerial: boolean;
}

export type GeneralName =
  | { readonly kind: 'hardware-module-name'; readonly hwType: string; readonly hwSerialNum: Uint8Array }
  | { readonly kind: 'other-name'; readonly typeId: string }
  | { readonly kind: 'other'; readonly tag: number };

export interface CertificateExtensions {
  readonly all: readonly RawExtension[];
  readonly keyUsage: ExtensionSlot<readonly KeyUsageName[]> | null;
  readonly basicConstraints: ExtensionSlot<BasicConstraints> | null;
  readonly subjectKeyIdentifier: ExtensionSlot<Uint8Array> | null;
  readonly authorityKeyIdentifier: ExtensionSlot<AuthorityKeyIdentifier> | null;
  readonly certificatePolicies: ExtensionSlot<readonly string[]> | null;
  readonly subjectAltName: ExtensionSlot<readonly GeneralName[]> | null;
  /** OIDs that occur more than once (RFC 5280 4.2 forbids it). */
  readonly duplicates: readonly string[];
  /** Critical extensions this module does not process (RFC 5280 4.2: must reject). */
  readonly unknownCritical: readonly string[];
}

function decodeKeyUsage(el: DerElement): KeyUsageName[] | null {
  const bits = decodeBitString(el);
  if (bits === null || bits.bytes.length > 2) return null;
  return KEY_USAGE_NAMES.filter((_, i) => ((bits.bytes[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0);
}

function decodeBasicConstraints(el: DerElement): BasicConstraints | null {
  const parts = el.tag === TAG.SEQUENCE ? childrenOf(el) : null;
  if (parts === null || parts.length > 2) return null;
  let i = 0;
  let ca = false;
  if (parts[i]?.tag === TAG.BOOLEAN) {
    const v = decodeBoolean(parts[i++]!);
    if (v === null) return null;
    ca = v;
  }
  let pathLength: number | null = null;
  if (i < parts.length) {
    pathLength = decodeSmallInteger(parts[i++]!);
    if (pathLength === null) return null;
  }
  return i === parts.length ? { ca, pathLength } : null;
}

function decodeAuthorityKeyIdentifier(el: DerElement): AuthorityKeyIdentifier | null {
  const parts = el.tag === TAG.SEQUENCE ? childrenOf(el) : null;
  if (parts === null) return null;
  let keyIdentifier: Uint8Array | null = null;
  let hasIssuer = false;
  let hasSerial = false;
  let last = -1;
  for (const p of parts) {
    const n = p.tag === 0x80 ? 0 : p.tag === 0xa1 ? 1 : p.tag === 0x82 ? 2 : -1;
    if (n <= last) return null; // unknown tag, or out of order / repeated
    last = n;
    if (n === 0) keyIdentifier = contentOf(p);
    if (n === 1) hasIssuer = true;
    if (n === 2) hasSerial = true;
  }
  if (hasIssuer !== hasSerial) return null; // RFC 5280 4.2.1.1: both or neither
  return { keyIdentifier, hasIssuerAndSerial: hasIssuer };
}

function decodePolicies(el: DerElement): string[] | null {
  const infos = el.tag === TAG.SEQUENCE ? childrenOf(el) : null;
  if (infos === null || infos.length === 0) return null;
  const out: string[] = [];
  for (const info of infos) {
    const parts = info.tag === TAG.SEQUENCE ? childrenOf(info) : null;
    if (parts === null || parts.length < 1 || parts.length > 2) return null;
    if (parts.length === 2 && parts[1]!.tag !== TAG.SEQUENCE) return null;
    const oid = decodeOid(parts[0]!);
    if (oid === null) return null;
    out.push(oid);
  }
  return out;
}

function decodeOtherName(el: DerElement): GeneralName | null {
  const parts = childrenOf(el);
  if (parts?.length !== 2 || parts[1]!.tag !== 0xa0) return null;
  const typeId = decodeOid(parts[0]!);
  if (typeId === null) return null;
  if (typeId !== OID_HARDWARE_MODULE_NAME) return { kind: 'other-name', typeId };
  const inner = childrenOf(parts[1]!);
  const hmn = inner?.length === 1 && inner[0]!.tag === TAG.SEQUENCE ? childrenOf(inner[0]!) : null;
  if (hmn?.length !== 2) return null;
  const hwType = decodeOid(hmn[0]!);
  const hwSerialNum = decodeOctetString(hmn[1]!);
  if (hwType === null || hwSerialNum === null) return null;
  return { kind: 'hardware-module-name', hwType, hwSerialNum };
}

function decodeGeneralNames(el: DerElement): GeneralName[] | null {
  const names = el.tag === TAG.SEQUENCE ? childrenOf(el) : null;
  if (names === null || names.length === 0) return null;
  const out: GeneralName[] = [];
  for (const n of names) {
    const g = n.tag === 0xa0 ? decodeOtherName(n) : { kind: 'other' as const, tag: n.tag };
    if (g === null) return null;
    out.push(g);
  }
  return out;
}

function slot<T>(ext: RawExtension, decode: (el: DerElement) => T | null): ExtensionSlot<T> {
  const el = readWhole(ext.value);
  return { critical: ext.critical, value: el === null ? null : decode(el) };
}

function decodeSki(el: DerElement): Uint8Array | null {
  return decodeOctetString(el);
}

/** Extensions this module processes; any other critical extension is a finding. */
const KNOWN = new Set([
  OID_KEY_USAGE,
  OID_BASIC_CONSTRAINTS,
  OID_SUBJECT_KEY_IDENTIFIER,
  OID_AUTHORITY_KEY_IDENTIFIER,
  OID_CERTIFICATE_POLICIES,
  OID_SUBJECT_ALT_NAME,
]);

export function decodeExtensions(all: readonly RawExtension[]): CertificateExtensions {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const unknownCritical: string[] = [];
  const find = (oid: string): RawExtension | undefined => all.find((e) => e.oid === oid);
  for (const e of all) {
    if (seen.has(e.oid) && !duplicates.includes(e.oid)) duplicates.push(e.oid);
    seen.add(e.oid);
    if (e.critical && !KNOWN.has(e.oid)) unknownCritical.push(e.oid);
  }
  const get = <T>(oid: string, decode: (el: DerElement) => T | null): ExtensionSlot<T> | null => {
    const e = find(oid);
    return e === undefined ? null : slot(e, decode);
  };
  return {
    all,
    keyUsage: get(OID_KEY_USAGE, decodeKeyUsage),
    basicConstraints: get(OID_BASIC_CONSTRAINTS, decodeBasicConstraints),
    subjectKeyIdentifier: get(OID_SUBJECT_KEY_IDENTIFIER, decodeSki),
    authorityKeyIdentifier: get(OID_AUTHORITY_KEY_IDENTIFIER, decodeAuthorityKeyIdentifier),
    certificatePolicies: get(OID_CERTIFICATE_POLICIES, decodePolicies),
    subjectAltName: get(OID_SUBJECT_ALT_NAME, decodeGeneralNames),
    duplicates,
    unknownCritical,
  };
}
