// Who a certificate names: the Remote Party Role and EUI-64 of an Organisation Certificate (subject
// OU and uniqueIdentifier), or the EUI-64 of a Device Certificate (SAN hardwareModuleName), with
// a finding for every way the subject departs from GBCS section 12.
import { TAG, decodeBitString, readWhole } from './der.ts';
import { toHex } from './encoding.ts';
import { finding } from './findings.ts';
import type { Finding } from './findings.ts';
import type { CertificateKind } from './kinds.ts';
import { attributesOfType } from './name.ts';
import type { NameAttribute } from './name.ts';
import { OID_ORGANIZATIONAL_UNIT, OID_UNIQUE_IDENTIFIER } from './oids.ts';
import type { ParsedCertificate } from './parse.ts';
import type { PkiPolicy } from './policy.ts';
import { REMOTE_PARTY_ROLES, isKnownRole, parseRoleOu, printable } from './roles.ts';

export const EUI64_LENGTH = 8;
/** GBCS: Device Certificates never expire. */
export const DEVICE_NOT_AFTER = '9999-12-31T23:59:59.000Z';

export interface SubjectIdentity {
  readonly role: number | null;
  /** 16 upper-case hex digits, or null. */
  readonly eui: string | null;
  readonly findings: readonly Finding[];
}

const euiText = (bytes: Uint8Array): string => toHex(bytes).toUpperCase();

function fail(findings: Finding[], f: Finding): null {
  findings.push(f);
  return null;
}

function readRole(cert: ParsedCertificate, findings: Finding[]): number | null {
  const ous = attributesOfType(cert.subject, OID_ORGANIZATIONAL_UNIT);
  if (ous.length === 0) return fail(findings, finding('role-ou-missing', 'subject has no OU naming the Remote Party Role'));
  if (ous.length > 1) return fail(findings, finding('role-ou-malformed', `subject has ${ous.length} OU values; exactly one is allowed`));
  const text = ous[0]!.text;
  const parsed = parseRoleOu(text ?? '');
  if (text === null || parsed.kind === 'malformed') {
    findings.push(finding('role-ou-malformed', parsed.kind === 'malformed' ? parsed.reason : 'OU is not a string'));
    return null;
  }
  if (!isKnownRole(parsed.code)) {
    findings.push(finding('role-unknown', `OU "${printable(text)}" (${parsed.code}) is not a known Remote Party Role`));
    return parsed.code; // shown in the record with roleName null; never eligible for transfer
  }
  if (parsed.code === REMOTE_PARTY_ROLES.root || parsed.code === REMOTE_PARTY_ROLES.issuingAuthority) {
    findings.push(finding('role-reserved-for-ca', `role ${parsed.code} belongs to the SMKI CAs, not to an Organisation Certificate`));
  }
  return parsed.code;
}

/** X.520 uniqueIdentifier: a BIT STRING of exactly 64 bits. */
function euiFromAttribute(a: NameAttribute): Uint8Array | null {
  const el = a.valueTag === TAG.BIT_STRING ? readWhole(a.encoded) : null;
  const bits = el === null ? null : decodeBitString(el);
  return bits !== null && bits.unusedBits === 0 && bits.bytes.length === EUI64_LENGTH ? bits.bytes : null;
}

function readOrganisationEui(cert: ParsedCertificate, findings: Finding[]): string | null {
  const ids = attributesOfType(cert.subject, OID_UNIQUE_IDENTIFIER);
  if (ids.length === 0) return fail(findings, finding('eui-missing', 'subject has no uniqueIdentifier (the Organisation EUI-64)'));
  const eui = ids.length === 1 ? euiFromAttribute(ids[0]!) : null;
  if (eui === null) findings.push(finding('eui-malformed', 'subject uniqueIdentifier is not one 64-bit BIT STRING'));
  return eui === null ? null : euiText(eui);
}

function readDeviceEui(cert: ParsedCertificate, policy: PkiPolicy, findings: Finding[]): string | null {
  if (cert.subject.rdns.length > 0) findings.push(finding('device-subject-not-empty', 'a Device Certificate has an empty subject'));
  if (cert.notAfter.toISOString() !== DEVICE_NOT_AFTER) findings.push(finding('device-not-after-unexpected', `notAfter is ${cert.notAfter.toISOString()}, not 99991231235959Z`));
  const san = cert.extensions.subjectAltName;
  if (san === null) return fail(findings, finding('device-san-missing', 'no subjectAltName with the device hardwareModuleName'));
  if (!san.critical) findings.push(finding('device-san-not-critical', 'subjectAltName must be critical when the subject is empty'));
  if (san.value === null) return null; // reported as extension-malformed
  const hmn = san.value[0];
  if (san.value.length !== 1 || hmn?.kind !== 'hardware-module-name') {
    return fail(findings, finding('device-san-malformed', 'subjectAltName must hold exactly one hardwareModuleName'));
  }
  if (!policy.deviceHwTypeOids.includes(hmn.hwType)) findings.push(finding('device-hw-type-unexpected', `hwType ${hmn.hwType} is not an SMKI device type`));
  if (hmn.hwSerialNum.length !== EUI64_LENGTH) return fail(findings, finding('eui-malformed', `hwSerialNum is ${hmn.hwSerialNum.length} bytes, not an EUI-64`));
  return euiText(hmn.hwSerialNum);
}

export function identifySubject(cert: ParsedCertificate, kind: CertificateKind, policy: PkiPolicy): SubjectIdentity {
  const findings: Finding[] = [];
  switch (kind) {
    case 'organisation': {
      const role = readRole(cert, findings);
      return { role, eui: readOrganisationEui(cert, findings), findings };
    }
    case 'device':
      return { role: null, eui: readDeviceEui(cert, policy, findings), findings };
    case 'root-ca':
      return { role: REMOTE_PARTY_ROLES.root, eui: null, findings };
    case 'organisation-ca':
      return { role: REMOTE_PARTY_ROLES.issuingAuthority, eui: null, findings };
    case 'device-ca':
      return { role: null, eui: null, findings };
    case 'other':
      findings.push(finding('not-smki', 'not recognisable as an SMKI Organisation, Device or CA certificate'));
      return { role: null, eui: null, findings };
    default: {
      const never: never = kind;
      return never;
    }
  }
}
