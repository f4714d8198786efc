// Profile checks on extensions (GBCS section 12 as DOMAIN.md gives it; RFC 5280 4.2.1).
import { bytesEqual } from './encoding.ts';
import type { ExtensionSlot, KeyUsageName } from './extensions.ts';
import { finding } from './findings.ts';
import type { Finding } from './findings.ts';
import { SMKI_KEY_IDENTIFIER_LENGTH, keyIdentifierMethod2 } from './key-identifier.ts';
import { isCaKind } from './kinds.ts';
import type { CertificateKind } from './kinds.ts';
import {
  OID_AUTHORITY_KEY_IDENTIFIER,
  OID_BASIC_CONSTRAINTS,
  OID_CERTIFICATE_POLICIES,
  OID_KEY_USAGE,
  OID_SUBJECT_ALT_NAME,
  OID_SUBJECT_KEY_IDENTIFIER,
} from './oids.ts';
import type { ParsedCertificate } from './parse.ts';
import type { PkiPolicy } from './policy.ts';

const NAMES: Readonly<Record<string, string>> = {
  [OID_KEY_USAGE]: 'keyUsage',
  [OID_BASIC_CONSTRAINTS]: 'basicConstraints',
  [OID_SUBJECT_KEY_IDENTIFIER]: 'subjectKeyIdentifier',
  [OID_AUTHORITY_KEY_IDENTIFIER]: 'authorityKeyIdentifier',
  [OID_CERTIFICATE_POLICIES]: 'certificatePolicies',
  [OID_SUBJECT_ALT_NAME]: 'subjectAltName',
};
const nameOf = (oid: string): string => NAMES[oid] ?? oid;

/** Extensions each kind may carry (GBCS 12); anything else is a warning. */
const EXPECTED: Readonly<Record<CertificateKind, readonly string[]>> = {
  'organisation': [OID_KEY_USAGE, OID_SUBJECT_KEY_IDENTIFIER, OID_AUTHORITY_KEY_IDENTIFIER, OID_CERTIFICATE_POLICIES],
  'device': [OID_KEY_USAGE, OID_SUBJECT_KEY_IDENTIFIER, OID_AUTHORITY_KEY_IDENTIFIER, OID_CERTIFICATE_POLICIES, OID_SUBJECT_ALT_NAME],
  'root-ca': [OID_KEY_USAGE, OID_BASIC_CONSTRAINTS, OID_SUBJECT_KEY_IDENTIFIER, OID_AUTHORITY_KEY_IDENTIFIER, OID_CERTIFICATE_POLICIES],
  'organisation-ca': [OID_KEY_USAGE, OID_BASIC_CONSTRAINTS, OID_SUBJECT_KEY_IDENTIFIER, OID_AUTHORITY_KEY_IDENTIFIER, OID_CERTIFICATE_POLICIES],
  'device-ca': [OID_KEY_USAGE, OID_BASIC_CONSTRAINTS, OID_SUBJECT_KEY_IDENTIFIER, OID_AUTHORITY_KEY_IDENTIFIER, OID_CERTIFICATE_POLICIES],
  'other': [],
};

export function checkExtensionHygiene(cert: ParsedCertificate, kind: CertificateKind): Finding[] {
  const ext = cert.extensions;
  const out: Finding[] = [];
  for (const oid of ext.duplicates) out.push(finding('extension-duplicate', `${nameOf(oid)} occurs more than once (RFC 5280 4.2)`));
  for (const oid of ext.unknownCritical) out.push(finding('extension-unknown-critical', `critical extension ${oid} is not recognised (RFC 5280 4.2)`));
  const slots: [string, ExtensionSlot<unknown> | null][] = [
    [OID_KEY_USAGE, ext.keyUsage], [OID_BASIC_CONSTRAINTS, ext.basicConstraints], [OID_SUBJECT_KEY_IDENTIFIER, ext.subjectKeyIdentifier],
    [OID_AUTHORITY_KEY_IDENTIFIER, ext.authorityKeyIdentifier], [OID_CERTIFICATE_POLICIES, ext.certificatePolicies], [OID_SUBJECT_ALT_NAME, ext.subjectAltName],
  ];
  for (const [oid, s] of slots) if (s !== null && s.value === null) out.push(finding('extension-malformed', `${nameOf(oid)} does not decode`));
  if (kind !== 'other') {
    const unexpected = [...new Set(ext.all.map((e) => e.oid))].filter((oid) => !EXPECTED[kind].includes(oid) && !ext.unknownCritical.includes(oid));
    for (const oid of unexpected) out.push(finding('extension-unexpected', `${nameOf(oid)} is not part of the SMKI ${kind} profile`));
  }
  return out;
}

function keyUsageProblem(usage: readonly KeyUsageName[], kind: CertificateKind): Finding | null {
  const shown = usage.length === 0 ? 'no bits' : usage.join(', ');
  if (isCaKind(kind)) {
    const ok = usage.length === 2 && usage.includes('keyCertSign') && usage.includes('cRLSign');
    return ok ? null : finding('key-usage-invalid', `a CA's keyUsage is keyCertSign and cRLSign, not ${shown}`);
  }
  if (usage.includes('digitalSignature') && usage.includes('keyAgreement')) {
    return finding('key-usage-both-ds-and-ka', 'keyUsage has both digitalSignature and keyAgreement; SMKI keys have exactly one purpose');
  }
  const ok = usage.length === 1 && (usage[0] === 'digitalSignature' || usage[0] === 'keyAgreement');
  return ok ? null : finding('key-usage-invalid', `keyUsage must be exactly digitalSignature or keyAgreement, not ${shown}`);
}

export function checkKeyUsage(cert: ParsedCertificate, kind: CertificateKind): Finding[] {
  const ku = cert.extensions.keyUsage;
  if (ku === null) return [finding('key-usage-missing', 'no keyUsage extension')];
  const out: Finding[] = [];
  if (!ku.critical) out.push(finding('key-usage-not-critical', 'keyUsage must be critical'));
  const problem = ku.value === null ? null : keyUsageProblem(ku.value, kind);
  if (problem !== null) out.push(problem);
  return out;
}

export function checkPolicies(cert: ParsedCertificate, policy: PkiPolicy): Finding[] {
  const cp = cert.extensions.certificatePolicies;
  if (cp === null) return [finding('policy-missing', 'no certificatePolicies extension')];
  const out: Finding[] = [];
  if (!cp.critical) out.push(finding('policy-not-critical', 'certificatePolicies must be critical'));
  if (cp.value !== null && !cp.value.some((oid) => policy.allowedPolicyOids.includes(oid))) {
    out.push(finding('policy-not-allowed', `certificate policies ${cp.value.join(', ')} include none allowed here (${policy.allowedPolicyOids.join(', ')})`));
  }
  return out;
}

export function checkSubjectKeyIdentifier(cert: ParsedCertificate): Finding[] {
  const ski = cert.extensions.subjectKeyIdentifier;
  if (ski === null) return [finding('ski-missing', 'no subjectKeyIdentifier extension')];
  const out: Finding[] = [];
  if (ski.critical) out.push(finding('ski-critical', 'subjectKeyIdentifier must not be critical (RFC 5280 4.2.1.2)'));
  if (ski.value === null) return out;
  if (ski.value.length !== SMKI_KEY_IDENTIFIER_LENGTH) {
    out.push(finding('ski-length', `subjectKeyIdentifier is ${ski.value.length} bytes, not ${SMKI_KEY_IDENTIFIER_LENGTH}`));
  } else if (!bytesEqual(ski.value, keyIdentifierMethod2(cert.spki.publicKey))) {
    out.push(finding('ski-not-method-2', 'subjectKeyIdentifier is not derived from the public key by RFC 5280 4.2.1.2 method 2'));
  }
  return out;
}

/** The AKI may be absent only on a self-signed root (DOMAIN.md). */
export function checkAuthorityKeyIdentifier(cert: ParsedCertificate, kind: CertificateKind, selfIssued: boolean): Finding[] {
  const aki = cert.extensions.authorityKeyIdentifier;
  if (aki === null) return kind === 'root-ca' && selfIssued ? [] : [finding('aki-missing', 'no authorityKeyIdentifier extension')];
  const out: Finding[] = [];
  if (aki.critical) out.push(finding('aki-critical', 'authorityKeyIdentifier must not be critical (RFC 5280 4.2.1.1)'));
  if (aki.value === null) return out;
  const id = aki.value.keyIdentifier;
  if (id === null) out.push(finding('aki-missing', 'authorityKeyIdentifier has no keyIdentifier'));
  else if (id.length !== SMKI_KEY_IDENTIFIER_LENGTH) out.push(finding('aki-length', `authorityKeyIdentifier is ${id.length} bytes, not ${SMKI_KEY_IDENTIFIER_LENGTH}`));
  return out;
}

export function checkCaConstraints(cert: ParsedCertificate, kind: CertificateKind): Finding[] {
  if (!isCaKind(kind)) return [];
  const bc = cert.extensions.basicConstraints;
  if (bc?.value?.ca !== true) return [finding('ca-flag-missing', 'a CA certificate needs basicConstraints with cA TRUE')];
  if (kind === 'organisation-ca' && bc.value.pathLength !== 0) {
    return [finding('ca-path-length-unexpected', `Organisation CA pathLenConstraint is ${bc.value.pathLength ?? 'absent'}, not 0`)];
  }
  return [];
}
