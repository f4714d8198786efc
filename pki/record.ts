// The certificate metadata record: plain JSON data with a fixed key order, built once and shown
// unchanged by the CLI, the HTTP API and the UI. Changing a field's meaning is a contract change.
import type { ChainResult } from './chain.ts';
import { isTransferable } from './eligibility.ts';
import { toHex } from './encoding.ts';
import type { KeyUsageName } from './extensions.ts';
import { hasErrors } from './findings.ts';
import type { Finding } from './findings.ts';
import type { CertificateKind } from './kinds.ts';
import { serialMagnitude } from './parse.ts';
import type { ParsedCertificate } from './parse.ts';
import type { PkiPolicy } from './policy.ts';
import type { ProfileResult } from './profile.ts';
import { roleName } from './roles.ts';
import type { RemotePartyRoleName } from './roles.ts';

/** SHA-256 of a certificate's DER, lower-case hex. */
export type CertificateFingerprint = string & { readonly __brand: 'CertificateFingerprint' };
/** SHA-256 of a SubjectPublicKeyInfo's DER, lower-case hex: the identity of a key. */
export type SpkiSha256 = string & { readonly __brand: 'SpkiSha256' };

export interface ChainLinkSummary {
  readonly subject: string;
  readonly fingerprint: CertificateFingerprint;
}

export interface ChainSummary {
  readonly verified: boolean;
  /** Subject certificate first; the trust anchor last when verified. */
  readonly path: readonly ChainLinkSummary[];
}

export interface CertificateRecord {
  readonly kind: CertificateKind;
  readonly role: number | null;
  readonly roleName: RemotePartyRoleName | null;
  /** EUI-64 as 16 upper-case hex digits. */
  readonly eui: string | null;
  readonly keyUsage: readonly KeyUsageName[];
  readonly policies: readonly string[];
  /** Serial number magnitude, lower-case hex. */
  readonly serial: string;
  readonly issuer: string;
  readonly subject: string;
  /** ISO 8601 UTC. */
  readonly validity: { readonly notBefore: string; readonly notAfter: string };
  readonly ski: string | null;
  readonly aki: string | null;
  readonly fingerprint: CertificateFingerprint;
  readonly spkiSha256: SpkiSha256;
  readonly chain: ChainSummary;
  /** No finding of severity "error", chain included. */
  readonly valid: boolean;
  /** The key's kind and role are eligible for transfer (see eligibility.ts); says nothing of validity. */
  readonly transferable: boolean;
  readonly findings: readonly Finding[];
}

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
