// One broken certificate per profile or chain check, each with the finding code it must produce.
// Each variant changes one thing in a conforming certificate from fixtures.ts, so a test that
// passes cannot be passing for another reason (the test also asserts the baseline is clean).
import { createHash } from 'node:crypto';
import { OIDS, keyIdentifierMethod2 } from '../../pki/index.ts';
import type { FindingCode } from '../../pki/index.ts';
import { derOid, euiBitString, ext } from './cert-builder.ts';
import type { CertSpec } from './cert-builder.ts';
import { CN, OU, deviceCert, keyPair, makeCa, orgCert, testPki, withExtension } from './fixtures.ts';
import type { Issuer } from './fixtures.ts';

export interface BrokenVariant {
  readonly name: string;
  readonly der: Uint8Array;
  readonly code: FindingCode;
  /** Defaults: anchors [root], intermediates [Organisation CA, Device CA]. */
  readonly anchors?: readonly Uint8Array[];
  readonly intermediates?: readonly Uint8Array[];
}

/** An SPKI holding a compressed P-256 point: SEQUENCE { SEQUENCE { ecPublicKey, P-256 }, BIT STRING }. */
function compressedSpki(): Uint8Array {
  const point = keyPair('compressed').point;
  const compressed = Uint8Array.from([0x02 | (point[64]! & 1), ...point.subarray(1, 33)]);
  const alg = Uint8Array.from([...derOid(OIDS.OID_EC_PUBLIC_KEY), ...derOid(OIDS.OID_P256)]);
  const body = Uint8Array.from([0x30, alg.length, ...alg, 0x03, compressed.length + 1, 0x00, ...compressed]);
  return Uint8Array.from([0x30, body.length, ...body]);
}

const TWENTY_BYTE_SKI = (spec: CertSpec): Uint8Array => new Uint8Array(createHash('sha1').update(spec.spki).digest());

function organisationVariants(): BrokenVariant[] {
  const rsa = keyPair('org-rsa', 'rsa');
  const p384 = keyPair('org-p384', 'p384');
  const ku = OIDS.OID_KEY_USAGE;
  const cp = OIDS.OID_CERTIFICATE_POLICIES;
  const ski = OIDS.OID_SUBJECT_KEY_IDENTIFIER;
  return [
    { name: 'X.509 v1', code: 'version-not-v3', der: orgCert(5, {}, (s) => ({ ...s, version: 1, extensions: [] })) },
    { name: 'RSA key', code: 'key-not-ec', der: orgCert(5, { keyLabel: 'org-rsa', keyType: 'rsa' }, (s) => withExtension(s, ski, ext.ski(keyIdentifierMethod2(rsa.point)))) },
    { name: 'P-384 key', code: 'key-curve-not-p256', der: orgCert(5, { keyLabel: 'org-p384', keyType: 'p384' }, (s) => withExtension(s, ski, ext.ski(keyIdentifierMethod2(p384.point)))) },
    { name: 'compressed point', code: 'key-point-compressed', der: orgCert(5, {}, (s) => { const spki = compressedSpki(); return withExtension({ ...s, spki }, ski, ext.ski(keyIdentifierMethod2(spki.subarray(spki.length - 33)))); }) },
    { name: 'keyUsage not critical', code: 'key-usage-not-critical', der: orgCert(5, {}, (s) => withExtension(s, ku, ext.keyUsage(['digitalSignature'], false))) },
    { name: 'keyUsage DS and KA', code: 'key-usage-both-ds-and-ka', der: orgCert(5, {}, (s) => withExtension(s, ku, ext.keyUsage(['digitalSignature', 'keyAgreement']))) },
    { name: 'keyUsage missing', code: 'key-usage-missing', der: orgCert(5, {}, (s) => withExtension(s, ku, null)) },
    { name: 'policy missing', code: 'policy-missing', der: orgCert(5, {}, (s) => withExtension(s, cp, null)) },
    { name: 'policy not critical', code: 'policy-not-critical', der: orgCert(5, {}, (s) => withExtension(s, cp, ext.policies([OIDS.OID_SMKI_TEST_POLICY], false))) },
    { name: 'unknown policy OID', code: 'policy-not-allowed', der: orgCert(5, {}, (s) => withExtension(s, cp, ext.policies(['1.2.3.4.5']))) },
    { name: '20-byte SKI', code: 'ski-length', der: orgCert(5, {}, (s) => withExtension(s, ski, ext.ski(TWENTY_BYTE_SKI(s)))) },
    { name: 'SKI not by method 2', code: 'ski-not-method-2', der: orgCert(5, {}, (s) => withExtension(s, ski, ext.ski(Uint8Array.of(0x40, 1, 2, 3, 4, 5, 6, 7)))) },
    { name: 'SKI missing', code: 'ski-missing', der: orgCert(5, {}, (s) => withExtension(s, ski, null)) },
    { name: 'AKI missing', code: 'aki-missing', der: orgCert(5, {}, (s) => withExtension(s, OIDS.OID_AUTHORITY_KEY_IDENTIFIER, null)) },
    { name: 'decimal OU', code: 'role-ou-malformed', der: orgCert(137, { ou: '137' }) },
    { name: 'unknown role', code: 'role-unknown', der: orgCert(0x99) },
    { name: 'missing EUI', code: 'eui-missing', der: orgCert(5, {}, (s) => ({ ...s, subject: [[OU, '05']] })) },
    { name: '72-bit EUI', code: 'eui-malformed', der: orgCert(5, {}, (s) => ({ ...s, subject: [[OU, '05'], [OIDS.OID_UNIQUE_IDENTIFIER, euiBitString('90B3D51F3000050101')]] })) },
    { name: 'expired', code: 'expired', der: orgCert(5, {}, (s) => ({ ...s, notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2030-06-01T11:59:59Z') })) },
    { name: 'not yet valid', code: 'not-yet-valid', der: orgCert(5, {}, (s) => ({ ...s, notBefore: new Date('2030-06-01T12:00:01Z') })) },
    { name: 'signature algorithm ecdsa-with-SHA384', code: 'signature-algorithm-not-ecdsa-sha256', der: orgCert(5, {}, (s) => ({ ...s, signatureAlgorithm: '1.2.840.10045.4.3.3' })) },
    { name: 'bad signature', code: 'chain-signature-invalid', der: orgCert(5, {}, (s) => ({ ...s, tamperSignature: true })) },
    { name: 'AKI of another CA', code: 'chain-key-id-mismatch', der: orgCert(5, {}, (s) => withExtension(s, OIDS.OID_AUTHORITY_KEY_IDENTIFIER, ext.aki(Uint8Array.of(0x40, 9, 9, 9, 9, 9, 9, 9)))) },
    { name: 'unknown critical extension', code: 'extension-unknown-critical', der: orgCert(5, {}, (s) => ({ ...s, extensions: [...s.extensions, { oid: '1.2.3.4', critical: true, value: Uint8Array.of(0x05, 0x00) }] })) },
    { name: 'duplicate keyUsage', code: 'extension-duplicate', der: orgCert(5, {}, (s) => ({ ...s, extensions: [...s.extensions, ext.keyUsage(['digitalSignature'])] })) },
    { name: 'not an SMKI certificate', code: 'not-smki', der: orgCert(5, {}, (s) => ({ ...s, subject: [[CN, 'www.example.com']] })) },
  ];
}

function deviceVariants(): BrokenVariant[] {
  const san = OIDS.OID_SUBJECT_ALT_NAME;
  return [
    { name: 'device with a subject', code: 'device-subject-not-empty', der: deviceCert('00DB000000000001', 'ds', (s) => ({ ...s, subject: [[CN, 'meter']] })) },
    { name: 'device SAN not critical', code: 'device-san-not-critical', der: deviceCert('00DB000000000002', 'ds', (s) => withExtension(s, san, ext.hardwareModuleName(OIDS.OID_SMKI_DEVICE_HW_TYPE, '00DB000000000002', false))) },
    { name: 'device SAN missing', code: 'device-san-missing', der: deviceCert('00DB000000000003', 'ds', (s) => withExtension(s, san, null)) },
    { name: 'device EUI of 7 bytes', code: 'eui-malformed', der: deviceCert('00DB000000000004', 'ka', (s) => withExtension(s, san, ext.hardwareModuleName(OIDS.OID_SMKI_DEVICE_HW_TYPE, '00DB0000000004'))) },
  ];
}

function chainVariants(): BrokenVariant[] {
  const { root, oca } = testPki();
  // A CA with keyCertSign but no basicConstraints: a chain builder alone would accept it.
  const noFlag = makeCa('ca-no-flag', [[OU, '07'], [CN, 'NO-CA-FLAG']], root, {
    edit: (s) => withExtension(s, OIDS.OID_BASIC_CONSTRAINTS, null),
  });
  // An intermediate below the Organisation CA, whose pathlen 0 forbids it.
  const sub = makeCa('sub-ca', [[OU, '07'], [CN, 'SUB-CA']], oca, { pathLength: 0 });
  const expiredCa = makeCa('ca-expired', [[OU, '07'], [CN, 'EXPIRED-CA']], root, {
    pathLength: 0, edit: (s) => ({ ...s, notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2029-01-01T00:00:00Z') }),
  });
  const kuCa = makeCa('ca-ku', [[OU, '07'], [CN, 'KU-CA']], root, {
    pathLength: 0, edit: (s) => withExtension(s, OIDS.OID_KEY_USAGE, ext.keyUsage(['digitalSignature'])),
  });
  const badRoot = makeCa('bad-root', [[OU, '00'], [CN, 'BAD-ROOT']], null, { edit: (s) => ({ ...s, tamperSignature: true }) });
  const badRootOca = makeCa('bad-root-oca', [[OU, '07'], [CN, 'UNDER-BAD-ROOT']], badRoot, { pathLength: 0 });
  const under = (issuer: Issuer): Uint8Array => orgCert(5, { issuer, keyLabel: `under-${Buffer.from(issuer.ski).toString('hex')}` });
  return [
    { name: 'issuer without the CA flag', code: 'chain-issuer-not-ca', der: under(noFlag), intermediates: [noFlag.der] },
    { name: 'path length exceeded', code: 'chain-path-length-exceeded', der: under(sub), intermediates: [oca.der, sub.der] },
    { name: 'expired intermediate', code: 'chain-link-expired', der: orgCert(5, { issuer: expiredCa, keyLabel: 'under-expired' }, (s) => ({ ...s, notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2028-01-01T00:00:00Z') })), intermediates: [expiredCa.der] },
    { name: 'issuer without keyCertSign', code: 'chain-issuer-key-usage', der: under(kuCa), intermediates: [kuCa.der] },
    { name: 'Organisation Certificate issued by the Device CA', code: 'chain-issuer-kind-mismatch', der: orgCert(5, { issuer: testPki().dca, keyLabel: 'org-under-dca' }) },
    { name: 'issuer not supplied', code: 'chain-issuer-not-found', der: orgCert(5), intermediates: [] },
    { name: 'no trust anchors', code: 'chain-no-anchor', der: orgCert(5), anchors: [] },
    { name: 'anchor with a broken self-signature', code: 'chain-anchor-signature-invalid', der: badRootOca.der, anchors: [badRoot.der], intermediates: [] },
  ];
}

export function brokenVariants(): BrokenVariant[] {
  return [...organisationVariants(), ...deviceVariants(), ...chainVariants()];
}
