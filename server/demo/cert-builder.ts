// Builds X.509 certificates with @peculiar/asn1-x509 (an encoder independent of the pki/
// decoder) and signs them with node:crypto: the demo's look-alike SMKI PKI, and the tests'
// fixtures, including certificates a correct CA would never produce.
import { createHash, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  CertificatePolicies,
  Extension,
  Extensions,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  Name,
  OtherName,
  PolicyInformation,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { KEY_USAGE_NAMES } from '../../pki/extensions.ts';
import type { KeyUsageName } from '../../pki/extensions.ts';
import { OIDS } from '../../pki/index.ts';

/** A name attribute value: a string is a PrintableString; bytes are a complete encoded value. */
export type NameValue = string | { readonly utf8: string } | Uint8Array;
export type NameSpec = readonly (readonly [type: string, value: NameValue])[];

export interface ExtensionSpec {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
}

export interface CertSpec {
  readonly subject: NameSpec | Uint8Array;
  readonly issuer: NameSpec | Uint8Array;
  readonly spki: Uint8Array;
  readonly signer: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly serial?: Uint8Array;
  readonly version?: 1 | 3;
  readonly extensions: readonly ExtensionSpec[];
  readonly signatureAlgorithm?: string;
  /** Flip one bit of the signature after signing. */
  readonly tamperSignature?: boolean;
}

/** A fresh ArrayBuffer holding exactly `u` (Buffer#slice shares memory, so copy by hand). */
const ab = (u: Uint8Array): ArrayBuffer => {
  const copy = new Uint8Array(u.length);
  copy.set(u);
  return copy.buffer;
};
const der = (value: object): Uint8Array => new Uint8Array(AsnConvert.serialize(value));

function attributeValue(v: NameValue): AttributeValue {
  if (typeof v === 'string') return new AttributeValue({ printableString: v });
  if (v instanceof Uint8Array) return new AttributeValue({ anyValue: ab(v) });
  return new AttributeValue({ utf8String: v.utf8 });
}

export function encodeName(spec: NameSpec | Uint8Array): Uint8Array {
  if (spec instanceof Uint8Array) return spec;
  return der(new Name(spec.map(([type, value]) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: attributeValue(value) })]))));
}

/** A 64-bit BIT STRING, as SMKI puts the Organisation EUI-64 in uniqueIdentifier. */
export function euiBitString(euiHex: string): Uint8Array {
  const eui = Buffer.from(euiHex, 'hex');
  return Uint8Array.from([0x03, eui.length + 1, 0x00, ...eui]);
}

/** A serial derived from a label: 16 octets, positive, stable across runs. */
export function serialFor(label: string): Uint8Array {
  const s = createHash('sha256').update(label).digest().subarray(0, 16);
  s[0] = (s[0]! & 0x7f) | 0x10;
  return new Uint8Array(s);
}

export function buildCertificate(spec: CertSpec): Uint8Array {
  const algorithm = new AlgorithmIdentifier({ algorithm: spec.signatureAlgorithm ?? OIDS.OID_ECDSA_WITH_SHA256 });
  const tbs = new TBSCertificate({
    version: spec.version === 1 ? Version.v1 : Version.v3,
    serialNumber: ab(spec.serial ?? serialFor(Buffer.from(spec.spki).toString('hex'))),
    signature: algorithm,
    issuer: AsnConvert.parse(encodeName(spec.issuer), Name),
    validity: new Validity({ notBefore: spec.notBefore, notAfter: spec.notAfter }),
    subject: AsnConvert.parse(encodeName(spec.subject), Name),
    subjectPublicKeyInfo: AsnConvert.parse(spec.spki, SubjectPublicKeyInfo),
  });
  if (spec.extensions.length > 0) {
    tbs.extensions = new Extensions(spec.extensions.map((e) => new Extension({ extnID: e.oid, critical: e.critical, extnValue: new OctetString(ab(e.value)) })));
  }
  const tbsDer = der(tbs);
  const signature = sign('sha256', tbsDer, spec.signer);
  if (spec.tamperSignature === true) signature[signature.length - 1]! ^= 0x01;
  return der(new Certificate({ tbsCertificate: tbs, tbsCertificateRaw: ab(tbsDer), signatureAlgorithm: algorithm, signatureValue: ab(signature) }));
}

const bits = (names: readonly KeyUsageName[]): number => names.reduce((acc, n) => acc | (1 << KEY_USAGE_NAMES.indexOf(n)), 0);

/** Extension values, each with the criticality the SMKI profile expects unless told otherwise. */
export const ext = {
  keyUsage: (names: readonly KeyUsageName[], critical = true): ExtensionSpec => ({ oid: OIDS.OID_KEY_USAGE, critical, value: der(new KeyUsage(bits(names))) }),
  basicConstraints: (ca: boolean, pathLength?: number, critical = true): ExtensionSpec => ({
    oid: OIDS.OID_BASIC_CONSTRAINTS, critical, value: der(new BasicConstraints(pathLength === undefined ? { cA: ca } : { cA: ca, pathLenConstraint: pathLength })),
  }),
  ski: (id: Uint8Array, critical = false): ExtensionSpec => ({ oid: OIDS.OID_SUBJECT_KEY_IDENTIFIER, critical, value: der(new SubjectKeyIdentifier(ab(id))) }),
  aki: (id: Uint8Array, critical = false): ExtensionSpec => ({
    oid: OIDS.OID_AUTHORITY_KEY_IDENTIFIER, critical, value: der(new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(ab(id)) })),
  }),
  policies: (oids: readonly string[], critical = true): ExtensionSpec => ({
    oid: OIDS.OID_CERTIFICATE_POLICIES, critical, value: der(new CertificatePolicies(oids.map((o) => new PolicyInformation({ policyIdentifier: o })))),
  }),
  hardwareModuleName: (hwType: string, euiHex: string, critical = true): ExtensionSpec => {
    const serial = Buffer.from(euiHex, 'hex');
    const hmn = Uint8Array.from([...derOid(hwType), 0x04, serial.length, ...serial]);
    const value = Uint8Array.from([0x30, hmn.length, ...hmn]);
    const san = new SubjectAlternativeName([new GeneralName({ otherName: new OtherName({ typeId: OIDS.OID_HARDWARE_MODULE_NAME, value: ab(value) }) })]);
    return { oid: OIDS.OID_SUBJECT_ALT_NAME, critical, value: der(san) };
  },
};

/** DER of an OBJECT IDENTIFIER (short forms only; enough for the OIDs in these tests). */
export function derOid(oid: string): Uint8Array {
  const arcs = oid.split('.').map(Number);
  const body: number[] = [];
  const push = (v: number): void => {
    const chunk = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) chunk.unshift((x & 0x7f) | 0x80);
    body.push(...chunk);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return Uint8Array.from([0x06, body.length, ...body]);
}

export function toPem(derBytes: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(derBytes).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}
