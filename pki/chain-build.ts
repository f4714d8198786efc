// Certification path building (RFC 4158, much simplified): from the subject certificate towards a
// trust anchor, matching each certificate's issuer name to a candidate's subject name (namesMatch).
// Building only proposes paths; chain.ts checks them. Bounded: at most MAX_PATH_LENGTH
// certificates per path and MAX_CANDIDATE_PATHS paths, whatever the inputs.
import { bytesEqual } from './encoding.ts';
import { namesMatch } from './name.ts';
import type { ParsedCertificate } from './parse.ts';

/** Certificates per path, subject and anchor included. SMKI paths have at most three. */
export const MAX_PATH_LENGTH = 6;
export const MAX_CANDIDATE_PATHS = 8;

export type BuiltPath =
  | { readonly status: 'complete'; readonly certs: readonly ParsedCertificate[] }
  | { readonly status: 'issuer-not-found' | 'too-long'; readonly certs: readonly ParsedCertificate[] };

export interface PathCandidates {
  readonly anchors: readonly ParsedCertificate[];
  readonly intermediates: readonly ParsedCertificate[];
}

function keyIdMatches(child: ParsedCertificate, issuer: ParsedCertificate): boolean {
  const aki = child.extensions.authorityKeyIdentifier?.value?.keyIdentifier;
  const ski = issuer.extensions.subjectKeyIdentifier?.value;
  return aki !== undefined && aki !== null && ski !== undefined && ski !== null && bytesEqual(aki, ski);
}

/** Anchors before intermediates; within each, key-identifier matches first. Deduplicated. */
function issuersOf(cert: ParsedCertificate, pool: PathCandidates, used: ReadonlySet<string>): ParsedCertificate[] {
  const seen = new Set(used);
  const out: ParsedCertificate[] = [];
  for (const group of [pool.anchors, pool.intermediates]) {
    const named = group.filter((c) => !seen.has(c.fingerprint) && namesMatch(c.subject, cert.issuer));
    named.sort((a, b) => Number(keyIdMatches(cert, b)) - Number(keyIdMatches(cert, a)));
    for (const c of named) {
      seen.add(c.fingerprint);
      out.push(c);
    }
  }
  return out;
}

export function buildPaths(subject: ParsedCertificate, pool: PathCandidates): BuiltPath[] {
  const anchorPrints = new Set(pool.anchors.map((a) => a.fingerprint));
  const paths: BuiltPath[] = [];
  const extend = (certs: ParsedCertificate[]): void => {
    if (paths.length >= MAX_CANDIDATE_PATHS) return;
    const last = certs[certs.length - 1]!;
    if (anchorPrints.has(last.fingerprint)) {
      paths.push({ status: 'complete', certs });
    } else if (certs.length >= MAX_PATH_LENGTH) {
      paths.push({ status: 'too-long', certs });
    } else {
      const issuers = issuersOf(last, pool, new Set(certs.map((c) => c.fingerprint)));
      if (issuers.length === 0) paths.push({ status: 'issuer-not-found', certs });
      for (const issuer of issuers) extend([...certs, issuer]);
    }
  };
  extend([subject]);
  return paths;
}
