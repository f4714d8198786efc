// parseCertificate / parseCertificates: untrusted bytes or text → ParsedCertificate, or a coded
// PkiError. Structure follows RFC 5280 4.1; every field is read with the strict DER reader, so no
// exception of another type can escape (the fuzz tests hold us to that).
import { decodeTime } from './asn1-time.ts';
import { TAG, childrenOf, decodeBitString, decodeBoolean, decodeIntegerBytes, decodeOctetString, decodeOid, decodeSmallInteger, encodedOf, readWhole } from './der.ts';
import type { DerElement } from './der.ts';
import { bytesToLatin1, sha256Hex } from './encoding.ts';
import { PkiError } from './errors.ts';
import { decodeExtensions } from './extensions.ts';
import type { CertificateExtensions, RawExtension } from './extensions.ts';
import { decodeName } from './name.ts';
import type { DistinguishedName } from './name.ts';
import { parsePemBlocks } from './pem.ts';

/** Inputs above this size are refused before parsing: no certificate bundle is this large. */
export const MAX_CERTIFICATE_INPUT_BYTES = 1024 * 1024;
export const MAX_CERTIFICATES_PER_INPUT = 16;

export interface AlgorithmIdentifier {
  readonly oid: string;
  /** Full encoding of the parameters element, or null when absent. */
  readonly parameters: Uint8Array | null;
}

export interface SubjectPublicKeyInfo {
  readonly der: Uint8Array;
  readonly algorithm: AlgorithmIdentifier;
  /** Content of the subjectPublicKey BIT STRING (for EC keys, the encoded point). */
  readonly publicKey: Uint8Array;
  readonly unusedBits: number;
  /** SHA-256 of `der`, hex: the key's identity across certificates. */
  readonly sha256: string;
}

export interface ParsedCertificate {
  readonly der: Uint8Array;
  /** The exact signed bytes (TBSCertificate). */
  readonly tbs: Uint8Array;
  /** X.509 version number: 1, 2 or 3. */
  readonly version: number;
  /** Content octets of the serialNumber INTEGER. */
  readonly serial: Uint8Array;
  readonly tbsSignatureAlgorithm: AlgorithmIdentifier;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly signature: Uint8Array;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spki: SubjectPublicKeyInfo;
  readonly extensions: CertificateExtensions;
  /** SHA-256 of `der`, hex. */
  readonly fingerprint: string;
}

function malformed(what: string): never {
  throw new PkiError('certificate-malformed', `certificate is malformed: ${what}`);
}

function need<T>(value: T | null | undefined, what: string): T {
  return value === null || value === undefined ? malformed(what) : value;
}

function sequence(el: DerElement | undefined, what: string): DerElement[] {
  return need(el?.tag === TAG.SEQUENCE ? childrenOf(el) : null, what);
}

function parseAlgorithm(el: DerElement | undefined, what: string): AlgorithmIdentifier {
  const parts = sequence(el, what);
  if (parts.length < 1 || parts.length > 2) malformed(what);
  const oid = need(decodeOid(parts[0]!), what);
  return { oid, parameters: parts[1] === undefined ? null : encodedOf(parts[1]) };
}

function parseSpki(el: DerElement | undefined): SubjectPublicKeyInfo {
  const parts = sequence(el, 'subjectPublicKeyInfo');
  if (parts.length !== 2) malformed('subjectPublicKeyInfo');
  const key = need(decodeBitString(parts[1]!), 'subjectPublicKey');
  const der = encodedOf(el!);
  return { der, algorithm: parseAlgorithm(parts[0], 'public key algorithm'), publicKey: key.bytes, unusedBits: key.unusedBits, sha256: sha256Hex(der) };
}

function parseExtension(el: DerElement): RawExtension {
  const parts = sequence(el, 'extension');
  if (parts.length < 2 || parts.length > 3) malformed('extension');
  const oid = need(decodeOid(parts[0]!), 'extension id');
  const critical = parts.length === 3 ? need(decodeBoolean(parts[1]!), 'extension critical flag') : false;
  const value = need(decodeOctetString(parts[parts.length - 1]!), 'extension value');
  return { oid, critical, value };
}

function parseExtensions(el: DerElement | undefined): RawExtension[] {
  if (el === undefined) return [];
  const wrapped = need(childrenOf(el), 'extensions');
  if (wrapped.length !== 1) malformed('extensions');
  const list = sequence(wrapped[0], 'extensions');
  if (list.length === 0) malformed('empty extensions');
  return list.map(parseExtension);
}

function parseVersion(parts: DerElement[]): { version: number; next: number } {
  if (parts[0]?.tag !== 0xa0) return { version: 1, next: 0 };
  const inner = need(childrenOf(parts[0]), 'version');
  const v = inner.length === 1 ? decodeSmallInteger(inner[0]!) : null;
  if (v === null || v > 2) malformed('version');
  return { version: v + 1, next: 1 };
}

/** Parses one DER certificate that exactly fills `der`. */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const cert = need(readWhole(der), 'not a single DER element');
  const top = sequence(cert, 'Certificate');
  if (top.length !== 3) malformed('Certificate must have three fields');
  const tbsEl = top[0]!;
  const tbs = sequence(tbsEl, 'TBSCertificate');
  const { version, next } = parseVersion(tbs);
  let i = next;
  const serial = need(decodeIntegerBytes(need(tbs[i++], 'serialNumber')), 'serialNumber');
  const tbsSignatureAlgorithm = parseAlgorithm(tbs[i++], 'signature');
  const issuer = need(tbs[i] === undefined ? null : decodeName(tbs[i]!), 'issuer');
  i++;
  const validity = sequence(tbs[i++], 'validity');
  if (validity.length !== 2) malformed('validity');
  const notBefore = need(decodeTime(validity[0]!), 'notBefore');
  const notAfter = need(decodeTime(validity[1]!), 'notAfter');
  const subject = need(tbs[i] === undefined ? null : decodeName(tbs[i]!), 'subject');
  i++;
  const spki = parseSpki(tbs[i++]);
  if (tbs[i]?.tag === 0x81) i++; // issuerUniqueID (RFC 5280 4.1.2.8), obsolete
  if (tbs[i]?.tag === 0x82) i++; // subjectUniqueID
  const extEl = tbs[i]?.tag === 0xa3 ? tbs[i++] : undefined;
  if (i !== tbs.length) malformed('unexpected fields in TBSCertificate');
  const signatureAlgorithm = parseAlgorithm(top[1], 'signatureAlgorithm');
  const sig = need(decodeBitString(top[2]!), 'signatureValue');
  if (sig.unusedBits !== 0) malformed('signatureValue has unused bits');
  return {
    der, tbs: encodedOf(tbsEl), version, serial, tbsSignatureAlgorithm, signatureAlgorithm,
    signature: sig.bytes, issuer, subject, notBefore, notAfter, spki,
    extensions: decodeExtensions(parseExtensions(extEl)), fingerprint: sha256Hex(der),
  };
}

/** Returns the input, or throws input-empty / input-too-large. Cheap: run it before other work. */
export function verifyInputSize<T extends Uint8Array | string>(input: T): T {
  if (input.length === 0) throw new PkiError('input-empty', 'input is empty');
  if (input.length > MAX_CERTIFICATE_INPUT_BYTES) throw new PkiError('input-too-large', `input is larger than ${MAX_CERTIFICATE_INPUT_BYTES} bytes`);
  return input;
}

/** DER starts with SEQUENCE (0x30, also the character "0"); text that merely starts with "0" is PEM. */
function looksLikeDer(input: Uint8Array, text: string): boolean {
  return input[0] === TAG.SEQUENCE && (readWhole(input) !== null || !text.includes('-----BEGIN'));
}

function derOf(input: Uint8Array | string): { der: Uint8Array[]; pem: boolean } {
  const text = typeof input === 'string' ? input : bytesToLatin1(input);
  if (typeof input !== 'string' && looksLikeDer(input, text)) return { der: [input], pem: false };
  const blocks = parsePemBlocks(text, MAX_CERTIFICATES_PER_INPUT);
  if (blocks.length === 0) throw new PkiError('not-a-certificate', 'input is neither DER nor PEM: no "-----BEGIN CERTIFICATE-----" line');
  const other = blocks.find((b) => b.label !== 'CERTIFICATE');
  if (other !== undefined) throw new PkiError('not-a-certificate', `PEM block labelled ${other.label} is not a certificate`);
  return { der: blocks.map((b) => b.der), pem: true };
}

/**
 * Parses one DER certificate or every CERTIFICATE block of a PEM text, in order. Throws a coded
 * PkiError: input-empty, input-too-large, too-many-certificates, pem-malformed, not-a-certificate,
 * certificate-malformed. It does not look for private keys: callers run findPrivateKeyMaterial first.
 */
export function parseCertificates(input: Uint8Array | string): ParsedCertificate[] {
  verifyInputSize(input);
  const { der, pem } = derOf(input);
  return der.map((d, n) => {
    try {
      return parseCertificate(d);
    } catch (err) {
      if (!(err instanceof PkiError) || !pem) throw err;
      throw new PkiError(err.code, `PEM block ${n + 1}: ${err.message}`, { cause: err });
    }
  });
}

/** Content octets of a certificate's serial number without the sign octet, for display. */
export function serialMagnitude(cert: ParsedCertificate): Uint8Array {
  const s = cert.serial;
  return s.length > 1 && s[0] === 0 ? s.subarray(1) : s;
}
