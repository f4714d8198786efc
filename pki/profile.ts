// The SMKI certificate profile (GBCS section 12, as DOMAIN.md gives it), read as a checklist.
// Pure: the time and the environment's policy are passed in; the clock is never read.
import { classifyCertificate, isSelfIssued } from './classify.ts';
import type { Finding } from './findings.ts';
import type { CertificateKind } from './kinds.ts';
import type { ParsedCertificate } from './parse.ts';
import type { PkiPolicy } from './policy.ts';
import { checkPublicKey, checkSerial, checkSignatureAlgorithm, checkValidity, checkVersion } from './profile-encoding.ts';
import {
  checkAuthorityKeyIdentifier,
  checkCaConstraints,
  checkExtensionHygiene,
  checkKeyUsage,
  checkPolicies,
  checkSubjectKeyIdentifier,
} from './profile-extensions.ts';
import { identifySubject } from './subject.ts';

export interface ProfileResult {
  readonly kind: CertificateKind;
  readonly role: number | null;
  readonly eui: string | null;
  readonly findings: readonly Finding[];
}

export interface ProfileOptions {
  readonly at: Date;
  readonly policy: PkiPolicy;
}

export function checkProfile(cert: ParsedCertificate, options: ProfileOptions): ProfileResult {
  const kind = classifyCertificate(cert);
  const subject = identifySubject(cert, kind, options.policy);
  const findings: Finding[] = [
    ...checkVersion(cert),
    ...checkSignatureAlgorithm(cert),
    ...checkSerial(cert),
    ...checkPublicKey(cert),
    ...checkExtensionHygiene(cert, kind),
    ...checkKeyUsage(cert, kind),
    ...checkPolicies(cert, options.policy),
    ...checkSubjectKeyIdentifier(cert),
    ...checkAuthorityKeyIdentifier(cert, kind, isSelfIssued(cert)),
    ...checkCaConstraints(cert, kind),
    ...subject.findings,
    ...checkValidity(cert, options.at),
  ];
  return { kind, role: subject.role, eui: subject.eui, findings };
}
