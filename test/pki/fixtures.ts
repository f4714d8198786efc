// A look-alike SMKI test PKI, generated at test time: Root (OU=00), Organisation CA (OU=07,
// CA:TRUE, pathlen 0), Device CA, Organisation Certificates for every Remote Party Role (DS and
// KA) and Device Certificates. Keys are generated once per run and cached: the suite runs on two
// shared cores. Broken variants, one per profile or chain check, live in fixtures-broken.ts.
import { generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { OIDS, keyIdentifierMethod2 } from '../../pki/index.ts';
import type { KeyUsageName } from '../../pki/index.ts';
import { buildCertificate, encodeName, euiBitString, ext, serialFor, toPem } from './cert-builder.ts';
import type { CertSpec, ExtensionSpec, NameSpec } from './cert-builder.ts';

export const OU = OIDS.OID_ORGANIZATIONAL_UNIT;
export const CN = OIDS.OID_COMMON_NAME;
export const UID = OIDS.OID_UNIQUE_IDENTIFIER;
export const TEST_POLICY = OIDS.OID_SMKI_TEST_POLICY;

/** The time every fixture is checked at, unless a test says otherwise. */
export const AT = new Date('2030-06-01T12:00:00Z');
export const ORG_VALIDITY = { notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2035-01-01T00:00:00Z') } as const;
export const CA_VALIDITY = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2060-01-01T00:00:00Z') } as const;
export const DEVICE_NOT_AFTER = new Date('9999-12-31T23:59:59Z');

export interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly spki: Uint8Array;
  /** Content of the SPKI's BIT STRING, what key identifiers hash. */
  readonly point: Uint8Array;
}

export type KeyType = 'p256' | 'p384' | 'rsa';
const keyCache = new Map<string, KeyPair>();

/** A key pair per label, generated once per test run. */
export function keyPair(label: string, type: KeyType = 'p256'): KeyPair {
  const id = `${type}:${label}`;
  let kp = keyCache.get(id);
  if (kp === undefined) {
    const { privateKey, publicKey } = type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: type === 'p256' ? 'P-256' : 'P-384' });
    const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
    kp = { privateKey, publicKey, spki, point: bitStringContent(spki) };
    keyCache.set(id, kp);
  }
  return kp;
}

/** The subjectPublicKey of an SPKI (BIT STRING content without the unused-bits octet). */
function bitStringContent(spki: Uint8Array): Uint8Array {
  return new Uint8Array(AsnConvert.parse(spki, SubjectPublicKeyInfo).subjectPublicKey);
}

export interface Issuer {
  readonly der: Uint8Array;
  readonly pem: string;
  readonly name: Uint8Array;
  readonly key: KeyPair;
  readonly ski: Uint8Array;
}

function issuerFrom(spec: CertSpec, key: KeyPair): Issuer {
  const der = buildCertificate(spec);
  return { der, pem: toPem(der), name: encodeName(spec.subject), key, ski: keyIdentifierMethod2(key.point) };
}

/** A CA certificate spec; `issuer` null makes it self-signed. */
export function caSpec(label: string, subject: NameSpec, issuer: Issuer | null, options: { pathLength?: number; extensions?: ExtensionSpec[] } = {}): CertSpec {
  const key = keyPair(label);
  const ski = keyIdentifierMethod2(key.point);
  const extensions = options.extensions ?? [
    ext.keyUsage(['keyCertSign', 'cRLSign']),
    ext.basicConstraints(true, options.pathLength),
    ext.policies([TEST_POLICY]),
    ext.ski(ski),
    ...(issuer === null ? [] : [ext.aki(issuer.ski)]),
  ];
  return {
    subject, issuer: issuer?.name ?? subject, spki: key.spki, signer: (issuer?.key ?? key).privateKey,
    ...CA_VALIDITY, serial: serialFor(label), extensions,
  };
}

export function makeCa(label: string, subject: NameSpec, issuer: Issuer | null, options: { pathLength?: number; extensions?: ExtensionSpec[]; edit?: (s: CertSpec) => CertSpec } = {}): Issuer {
  const spec = caSpec(label, subject, issuer, options);
  return issuerFrom(options.edit?.(spec) ?? spec, keyPair(label));
}

export interface TestPki {
  readonly root: Issuer;
  readonly oca: Issuer;
  readonly dca: Issuer;
}

let pki: TestPki | undefined;

export function testPki(): TestPki {
  if (pki === undefined) {
    const root = makeCa('root', [[OU, '00'], [CN, 'ROOT-TEST']], null);
    const oca = makeCa('oca', [[OU, '07'], [CN, 'OCA-TEST']], root, { pathLength: 0 });
    const dca = makeCa('dca', [[CN, 'DCA-TEST']], root, { pathLength: 0 });
    pki = { root, oca, dca };
  }
  return pki;
}

export const hex2 = (role: number): string => role.toString(16).toUpperCase().padStart(2, '0');
export const usageOf = (u: 'ds' | 'ka'): KeyUsageName => (u === 'ds' ? 'digitalSignature' : 'keyAgreement');

export interface OrgOptions {
  readonly ou?: string;
  readonly eui?: string;
  readonly usage?: 'ds' | 'ka';
  readonly issuer?: Issuer;
  readonly keyLabel?: string;
  readonly keyType?: KeyType;
}

/** A conforming Organisation Certificate spec, for a test to use or to break. */
export function orgSpec(role: number, options: OrgOptions = {}): CertSpec {
  const issuer = options.issuer ?? testPki().oca;
  const key = keyPair(options.keyLabel ?? `org-${role}-${options.usage ?? 'ds'}`, options.keyType);
  const eui = options.eui ?? `90B3D51F3000${hex2(role)}01`;
  return {
    subject: [[OU, options.ou ?? hex2(role)], [UID, euiBitString(eui)]],
    issuer: issuer.name, spki: key.spki, signer: issuer.key.privateKey, ...ORG_VALIDITY,
    serial: serialFor(`org-${role}-${eui}-${options.usage ?? 'ds'}`),
    extensions: [ext.keyUsage([usageOf(options.usage ?? 'ds')]), ext.policies([TEST_POLICY]), ext.ski(keyIdentifierMethod2(key.point)), ext.aki(issuer.ski)],
  };
}

export function orgCert(role: number, options: OrgOptions = {}, edit: (s: CertSpec) => CertSpec = (s) => s): Uint8Array {
  return buildCertificate(edit(orgSpec(role, options)));
}

export function deviceSpec(euiHex: string, usage: 'ds' | 'ka' = 'ds'): CertSpec {
  const { dca } = testPki();
  const key = keyPair(`device-${euiHex}-${usage}`);
  return {
    subject: [], issuer: dca.name, spki: key.spki, signer: dca.key.privateKey,
    notBefore: ORG_VALIDITY.notBefore, notAfter: DEVICE_NOT_AFTER, serial: serialFor(`device-${euiHex}-${usage}`),
    extensions: [
      ext.keyUsage([usageOf(usage)]), ext.ski(keyIdentifierMethod2(key.point)),
      ext.hardwareModuleName(OIDS.OID_SMKI_DEVICE_HW_TYPE, euiHex), ext.policies([TEST_POLICY]), ext.aki(dca.ski),
    ],
  };
}

export function deviceCert(euiHex: string, usage: 'ds' | 'ka' = 'ds', edit: (s: CertSpec) => CertSpec = (s) => s): Uint8Array {
  return buildCertificate(edit(deviceSpec(euiHex, usage)));
}

/** Replaces the extension with the same OID (or removes it when `replacement` is null). */
export function withExtension(spec: CertSpec, oid: string, replacement: ExtensionSpec | null): CertSpec {
  const extensions = spec.extensions.flatMap((e) => (e.oid !== oid ? [e] : replacement === null ? [] : [replacement]));
  return { ...spec, extensions };
}
