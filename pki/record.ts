// The certificate metadata record: plain JSON data with a fixed key order, built once and shown
// unchanged by the CLI, the HTTP API and the UI. Its shape is record-schema.ts.
import type { ChainResult } from './chain.ts';
import { isTransferable } from './eligibility.ts';
import { toHex } from './encoding.ts';
import { hasErrors } from './findings.ts';
import { serialMagnitude } from './parse.ts';
import type { ParsedCertificate } from './parse.ts';
import type { PkiPolicy } from './policy.ts';
import type { ProfileResult } from './profile.ts';
import type { CertificateFingerprint, CertificateRecord, SpkiSha256 } from './record-schema.ts';
import { roleName } from './roles.ts';

const hexOrNull = (b: Uint8Array | null | undefined): string | null => (b === null || b === undefined ? null : toHex(b));

export function buildRecord(cert: ParsedCertificate, profile: ProfileResult, chain: ChainResult, policy: PkiPolicy): CertificateRecord {
  const ext = cert.extensions;
  const findings = [...profile.findings, ...chain.findings];
  return {
    kind: profile.kind,
    role: profile.role,
    roleName: profile.role === null ? null : roleName(profile.role),
    eui: profile.eui,
    keyUsage: [...(ext.keyUsage?.value ?? [])],
    policies: [...(ext.certificatePolicies?.value ?? [])],
    serial: toHex(serialMagnitude(cert)),
    issuer: cert.issuer.text,
    subject: cert.subject.text,
    validity: { notBefore: cert.notBefore.toISOString(), notAfter: cert.notAfter.toISOString() },
    ski: hexOrNull(ext.subjectKeyIdentifier?.value),
    aki: hexOrNull(ext.authorityKeyIdentifier?.value?.keyIdentifier),
    fingerprint: cert.fingerprint as CertificateFingerprint,
    spkiSha256: cert.spki.sha256 as SpkiSha256,
    chain: {
      verified: chain.verified,
      path: chain.path.map((c) => ({ subject: c.subject.text, fingerprint: c.fingerprint as CertificateFingerprint })),
    },
    valid: !hasErrors(findings),
    transferable: isTransferable(profile.kind, profile.role, policy.transferEligibility),
    findings,
  };
}
