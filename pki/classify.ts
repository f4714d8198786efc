// classifyCertificate: which kind of SMKI certificate this looks like, from its structure only.
// Classification never decides validity; the profile checks the kind's rules afterwards, so a
// broken Organisation Certificate is still classified "organisation" and gets precise findings.
import type { CertificateKind } from './kinds.ts';
import { attributesOfType, namesMatch } from './name.ts';
import { OID_ORGANIZATIONAL_UNIT, OID_UNIQUE_IDENTIFIER } from './oids.ts';
import type { ParsedCertificate } from './parse.ts';

/** OU of the SMKI Root (Remote Party Role 0) and the Organisation CA (issuingAuthority, 7). */
const ROOT_OU = '00';
const ORGANISATION_CA_OU = '07';

export function isCaCertificate(cert: ParsedCertificate): boolean {
  const { basicConstraints, keyUsage } = cert.extensions;
  return basicConstraints?.value?.ca === true || keyUsage?.value?.includes('keyCertSign') === true;
}

export function isSelfIssued(cert: ParsedCertificate): boolean {
  return namesMatch(cert.subject, cert.issuer);
}

function ouValues(cert: ParsedCertificate): (string | null)[] {
  return attributesOfType(cert.subject, OID_ORGANIZATIONAL_UNIT).map((a) => a.text);
}

function hasHardwareModuleName(cert: ParsedCertificate): boolean {
  return cert.extensions.subjectAltName?.value?.some((n) => n.kind === 'hardware-module-name') === true;
}

function looksLikeRoleOu(ou: string | null): boolean {
  return ou !== null && ou.length > 0 && ou.length <= 4 && /^[0-9A-Fa-f]+$/.test(ou);
}

function classifyCa(cert: ParsedCertificate, ous: (string | null)[]): CertificateKind {
  if (ous.includes(ROOT_OU) || (ous.length === 0 && isSelfIssued(cert))) return 'root-ca';
  if (ous.includes(ORGANISATION_CA_OU)) return 'organisation-ca';
  // The Device CA's subject carries no OU in the test PKI ("CN=E357").
  return ous.length === 0 ? 'device-ca' : 'other';
}

/**
 * - a CA (CA:TRUE or keyCertSign): root by OU 00 or self-issued without OU, Organisation CA by
 *   OU 07, Device CA when it has no OU; any other CA is "other";
 * - a Device Certificate: empty subject or a hardwareModuleName in the SAN;
 * - an Organisation Certificate: a uniqueIdentifier, or an OU of one to four hex/decimal digits
 *   (so the malformed decimal "137" still classifies and is reported by the profile);
 * - anything else is "other".
 */
export function classifyCertificate(cert: ParsedCertificate): CertificateKind {
  const ous = ouValues(cert);
  if (isCaCertificate(cert)) return classifyCa(cert, ous);
  if (cert.subject.rdns.length === 0 || hasHardwareModuleName(cert)) return 'device';
  if (attributesOfType(cert.subject, OID_UNIQUE_IDENTIFIER).length > 0) return 'organisation';
  if (ous.some(looksLikeRoleOu)) return 'organisation';
  return 'other';
}
