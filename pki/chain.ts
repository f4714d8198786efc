// Certification path validation (RFC 5280 section 6.1, the parts SMKI needs). Trust anchors are
// passed in as certificates; everything between the subject and an anchor is checked link by link:
// name chaining (by the builder), AKI/SKI linkage, signature, CA flag, keyCertSign, path length,
// the SMKI issuer for the kind (an Organisation Certificate from an Organisation CA, ...) and
// validity at the given time. A self-issued anchor's own signature is checked too: it is cheap and
// catches a corrupted configuration. Failures are findings; nothing here throws on bad input.
import { buildPaths } from './chain-build.ts';
import type { BuiltPath, PathCandidates } from './chain-build.ts';
import { classifyCertificate, isSelfIssued } from './classify.ts';
import { bytesEqual, toHex } from './encoding.ts';
import { finding, hasErrors } from './findings.ts';
import type { Finding } from './findings.ts';
import type { CertificateKind } from './kinds.ts';
import type { ParsedCertificate } from './parse.ts';
import { validityAt } from './profile-encoding.ts';
import { checkCertificateSignature } from './signature.ts';
import type { VerificationCache } from './signature.ts';

export interface ChainOptions extends PathCandidates {
  readonly at: Date;
  readonly cache?: VerificationCache;
}

export interface ChainResult {
  /** True only for a complete path to an anchor on which every check passed. */
  readonly verified: boolean;
  /** The path checked (subject first, anchor last when complete), or as far as it was built. */
  readonly path: readonly ParsedCertificate[];
  readonly findings: readonly Finding[];
}

const who = (c: ParsedCertificate): string => (c.subject.text === '' ? `certificate ${c.fingerprint.slice(0, 16)}` : `"${c.subject.text}"`);

function checkKeyIdLink(child: ParsedCertificate, issuer: ParsedCertificate): Finding[] {
  const aki = child.extensions.authorityKeyIdentifier?.value?.keyIdentifier ?? null;
  const ski = issuer.extensions.subjectKeyIdentifier?.value ?? null;
  if (aki === null || ski === null) {
    return [finding('chain-key-id-missing', `cannot link ${who(child)} to issuer ${who(issuer)}: ${aki === null ? 'no authorityKeyIdentifier' : 'issuer has no subjectKeyIdentifier'}`)];
  }
  if (!bytesEqual(aki, ski)) return [finding('chain-key-id-mismatch', `authorityKeyIdentifier ${toHex(aki)} of ${who(child)} is not the issuer's subjectKeyIdentifier ${toHex(ski)}`)];
  return [];
}

function checkSignatureLink(child: ParsedCertificate, issuer: ParsedCertificate, options: ChainOptions, isLeaf: boolean): Finding[] {
  const result = checkCertificateSignature(child, issuer.spki, { cache: options.cache, cacheable: !isLeaf });
  switch (result) {
    case 'valid':
      return [];
    case 'invalid':
      return [finding('chain-signature-invalid', `signature on ${who(child)} does not verify with the key of ${who(issuer)}`)];
    case 'unsupported-algorithm':
      return [finding('chain-signature-unsupported', `signature algorithm ${child.signatureAlgorithm.oid} of ${who(child)} is not ecdsa-with-SHA256`)];
    case 'unusable-key':
      return [finding('chain-signature-invalid', `the public key of ${who(issuer)} is not a usable EC key`)];
    default: {
      const never: never = result;
      return never;
    }
  }
}

/** RFC 5280 6.1.4 (k), (l), (n): the issuer is a CA, within its path length, allowed to sign certificates. */
function checkIssuerAuthority(issuer: ParsedCertificate, intermediatesBelow: number): Finding[] {
  const out: Finding[] = [];
  const bc = issuer.extensions.basicConstraints?.value ?? null;
  if (bc?.ca !== true) out.push(finding('chain-issuer-not-ca', `issuer ${who(issuer)} is not a CA (no basicConstraints cA TRUE)`));
  if (bc?.pathLength != null && intermediatesBelow > bc.pathLength) {
    out.push(finding('chain-path-length-exceeded', `issuer ${who(issuer)} allows ${bc.pathLength} intermediate CA(s) below it, the path has ${intermediatesBelow}`));
  }
  if (issuer.extensions.keyUsage?.value?.includes('keyCertSign') !== true) {
    out.push(finding('chain-issuer-key-usage', `issuer ${who(issuer)} keyUsage does not allow keyCertSign`));
  }
  return out;
}

/** GBCS 12 / DOMAIN.md: which CA issues which kind. Certificates of kind "other" are not constrained. */
const ISSUER_KIND: Readonly<Record<CertificateKind, readonly CertificateKind[]>> = {
  'organisation': ['organisation-ca'],
  'device': ['device-ca'],
  'organisation-ca': ['root-ca'],
  'device-ca': ['root-ca'],
  'root-ca': ['root-ca'],
  'other': ['organisation', 'device', 'root-ca', 'organisation-ca', 'device-ca', 'other'],
};

function checkIssuerKind(child: ParsedCertificate, issuer: ParsedCertificate): Finding[] {
  const childKind = classifyCertificate(child);
  const issuerKind = classifyCertificate(issuer);
  if (ISSUER_KIND[childKind].includes(issuerKind)) return [];
  return [finding('chain-issuer-kind-mismatch', `a ${childKind} certificate must not be issued by ${who(issuer)}, a ${issuerKind} certificate`)];
}

function checkLinkValidity(cert: ParsedCertificate, at: Date): Finding[] {
  const position = validityAt(cert, at);
  if (position === 'before') return [finding('chain-link-not-yet-valid', `${who(cert)} in the path is not valid until ${cert.notBefore.toISOString()}`)];
  if (position === 'after') return [finding('chain-link-expired', `${who(cert)} in the path expired at ${cert.notAfter.toISOString()}`)];
  return [];
}

function checkAnchor(anchor: ParsedCertificate, options: ChainOptions): Finding[] {
  if (!isSelfIssued(anchor)) return [];
  const result = checkCertificateSignature(anchor, anchor.spki, { cache: options.cache, cacheable: true });
  return result === 'valid' ? [] : [finding('chain-anchor-signature-invalid', `trust anchor ${who(anchor)} is self-issued but its self-signature does not verify`)];
}

function checkPath(certs: readonly ParsedCertificate[], options: ChainOptions): Finding[] {
  const findings: Finding[] = [];
  let intermediatesBelow = 0;
  for (let k = 0; k + 1 < certs.length; k++) {
    const child = certs[k]!;
    const issuer = certs[k + 1]!;
    if (k > 0 && !isSelfIssued(child)) intermediatesBelow++;
    findings.push(
      ...checkKeyIdLink(child, issuer),
      ...checkSignatureLink(child, issuer, options, k === 0),
      ...checkIssuerAuthority(issuer, intermediatesBelow),
      ...checkIssuerKind(child, issuer),
      ...checkLinkValidity(issuer, options.at),
    );
  }
  findings.push(...checkAnchor(certs[certs.length - 1]!, options));
  return findings;
}

function incompleteFinding(path: BuiltPath, options: ChainOptions): Finding {
  const last = path.certs[path.certs.length - 1]!;
  if (options.anchors.length === 0) return finding('chain-no-anchor', 'no trust anchors were given, so the certificate cannot be validated');
  if (path.status === 'too-long') return finding('chain-too-long', `no anchor within ${path.certs.length} certificates`);
  if (isSelfIssued(last)) return finding('chain-no-anchor', `the path ends at self-issued ${who(last)}, which is not a trust anchor`);
  return finding('chain-issuer-not-found', `no anchor or intermediate is the issuer "${last.issuer.text}" of ${who(last)}`);
}

/** Validates `subject` against the anchors; returns the first fully verified path, else the first failure. */
export function validateChain(subject: ParsedCertificate, options: ChainOptions): ChainResult {
  const paths = buildPaths(subject, options);
  let firstFailure: ChainResult | null = null;
  for (const path of paths) {
    if (path.status !== 'complete') continue;
    const findings = checkPath(path.certs, options);
    if (!hasErrors(findings)) return { verified: true, path: path.certs, findings };
    firstFailure ??= { verified: false, path: path.certs, findings };
  }
  if (firstFailure !== null) return firstFailure;
  const first = paths[0]!;
  return { verified: false, path: first.certs, findings: [incompleteFinding(first, options)] };
}
