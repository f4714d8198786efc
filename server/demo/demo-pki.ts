// A look-alike SMKI test PKI made at demo start: Root (OU=00), Organisation CA (OU=07) and
// Organisation Certificates. The CA keys live only in memory for the seconds it takes to sign;
// nothing of them is stored, printed or logged.
import { generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { keyIdentifierMethod2, OIDS } from '../../pki/index.ts';
import { buildCertificate, encodeName, euiBitString, ext, serialFor } from './cert-builder.ts';
import type { NameSpec } from './cert-builder.ts';

interface DemoKey {
  readonly privateKey: KeyObject;
  readonly spki: Uint8Array;
  readonly ski: Uint8Array;
}

interface DemoCa {
  readonly der: Uint8Array;
  readonly name: Uint8Array;
  readonly key: DemoKey;
}

function newKey(): DemoKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  // The uncompressed point is the last 65 bytes of a P-256 SubjectPublicKeyInfo.
  return { privateKey, spki, ski: keyIdentifierMethod2(spki.subarray(spki.length - 65)) };
}

function ca(label: string, subject: NameSpec, issuer: DemoCa | null, validity: { notBefore: Date; notAfter: Date }): DemoCa {
  const key = newKey();
  const der = buildCertificate({
    subject,
    issuer: issuer?.name ?? subject,
    spki: key.spki,
    signer: (issuer?.key ?? key).privateKey,
    ...validity,
    serial: serialFor(`demo-${label}`),
    extensions: [
      ext.keyUsage(['keyCertSign', 'cRLSign']),
      ext.basicConstraints(true, issuer === null ? undefined : 0),
      ext.policies([OIDS.OID_SMKI_TEST_POLICY]),
      ext.ski(key.ski),
      ...(issuer === null ? [] : [ext.aki(issuer.key.ski)]),
    ],
  });
  return { der, name: encodeName(subject), key };
}

export interface DemoPki {
  readonly root: Uint8Array;
  readonly organisationCa: Uint8Array;
  /** An Organisation Certificate for `role` (digitalSignature); the same `keyLabel` reuses the key. */
  organisationCertificate(role: number, eui: string, keyLabel: string): Uint8Array;
}

export function makeDemoPki(now: Date): DemoPki {
  const year = 365 * 24 * 3600 * 1000;
  const caValidity = { notBefore: new Date(now.getTime() - year), notAfter: new Date(now.getTime() + 20 * year) };
  const root = ca('root', [[OIDS.OID_ORGANIZATIONAL_UNIT, '00'], [OIDS.OID_COMMON_NAME, 'DEMO-ROOT']], null, caValidity);
  const oca = ca('oca', [[OIDS.OID_ORGANIZATIONAL_UNIT, '07'], [OIDS.OID_COMMON_NAME, 'DEMO-OCA']], root, caValidity);
  const keys = new Map<string, DemoKey>();
  return {
    root: root.der,
    organisationCa: oca.der,
    organisationCertificate(role, eui, keyLabel) {
      const key = keys.get(keyLabel) ?? newKey();
      keys.set(keyLabel, key);
      return buildCertificate({
        subject: [[OIDS.OID_ORGANIZATIONAL_UNIT, role.toString(16).toUpperCase().padStart(2, '0')], [OIDS.OID_UNIQUE_IDENTIFIER, euiBitString(eui)]],
        issuer: oca.name,
        spki: key.spki,
        signer: oca.key.privateKey,
        notBefore: new Date(now.getTime() - 24 * 3600 * 1000),
        notAfter: new Date(now.getTime() + 5 * year),
        serial: serialFor(`demo-org-${eui}`),
        extensions: [ext.keyUsage(['digitalSignature']), ext.policies([OIDS.OID_SMKI_TEST_POLICY]), ext.ski(key.ski), ext.aki(oca.key.ski)],
      });
    },
  };
}
