// The certificates a log entry carries, so that an auditor re-derives the metadata record instead
// of trusting it: `certificateDer` is the DER (standard base64) of the certificate first, then of
// every further certificate given with it for path building (never trusted by itself). Public
// data, not key material. The server derives the record from these bytes (deriveCertificateRecord)
// and replay derives it again, at the same time against the trust anchors the log shows
// registered then, and compares the facts (recordMismatches).
import { z } from 'zod';
import { MAX_PATH_LENGTH } from './chain-build.ts';
import { PkiError } from './errors.ts';
import { inspectParsedCertificate } from './inspect.ts';
import { parseCertificate } from './parse.ts';
import type { ParsedCertificate } from './parse.ts';
import { DEFAULT_PKI_POLICY } from './policy.ts';
import type { PkiPolicy } from './policy.ts';
import type { CertificateRecord } from './record-schema.ts';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** No SMKI certificate comes near this; an entry holds at most 65,535 bytes anyway. */
const MAX_DER_BASE64 = 8192;

export const certificateDerSchema = z
  .array(z.string().min(1).max(MAX_DER_BASE64).regex(BASE64, 'not standard base64'))
  .min(1)
  .max(MAX_PATH_LENGTH)
  .meta({
    description:
      'the DER of the certificate (standard base64), first, then of each further certificate given with it for path building (never trusted by itself): the record is re-derived from these',
  });
export type CertificateDer = readonly string[];

/** The entry's form of parsed certificates (the subject first). */
export function toCertificateDer(certificates: readonly ParsedCertificate[]): string[] {
  return certificates.map((c) => Buffer.from(c.der).toString('base64'));
}

/** Parses what an entry carries; throws PkiError `certificate-malformed` naming the position. */
export function parseCertificateDer(der: CertificateDer): ParsedCertificate[] {
  if (der.length === 0) throw new PkiError('certificate-malformed', 'no certificate is given');
  return der.map((text, n) => {
    try {
      return parseCertificate(new Uint8Array(Buffer.from(text, 'base64')));
    } catch (err) {
      if (!(err instanceof PkiError)) throw err;
      throw new PkiError('certificate-malformed', `certificate ${n + 1} of the entry: ${err.message}`, { cause: err });
    }
  });
}

/**
 * The metadata record of `certificates[0]` at `at`, against `anchors`, with the rest of
 * `certificates` as intermediates. The one derivation the server logs and replay repeats.
 */
export function deriveCertificateRecord(
  certificates: readonly ParsedCertificate[],
  options: { readonly at: Date; readonly anchors: readonly ParsedCertificate[]; readonly policy?: PkiPolicy },
): CertificateRecord {
  const [subject, ...intermediates] = certificates;
  if (subject === undefined) throw new PkiError('certificate-malformed', 'no certificate is given');
  return inspectParsedCertificate(subject, { at: options.at, anchors: options.anchors, intermediates, policy: options.policy ?? DEFAULT_PKI_POLICY });
}

/** The facts of a record that an entry's claim is compared on: identity, profile, judgement. */
export const RECORD_FACTS = ['fingerprint', 'spkiSha256', 'kind', 'role', 'eui', 'validity', 'valid', 'transferable'] as const;
export type RecordFact = (typeof RECORD_FACTS)[number];

type Facts = { readonly [K in RecordFact]?: unknown };

/** The facts on which `claimed` differs from `derived`, each as `name: claimed ≠ derived`. Exact match. */
export function recordMismatches(claimed: Facts, derived: CertificateRecord): string[] {
  return RECORD_FACTS.filter((fact) => sorted(claimed[fact]) !== sorted(derived[fact])).map(
    (fact) => `${fact}: the entry says ${sorted(claimed[fact])}, the certificate gives ${sorted(derived[fact])}`,
  );
}

/** JSON with object members in sorted order, so that a canonicalized entry compares equal. */
function sorted(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return JSON.stringify(value);
  const members = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${members.map(([k, v]) => `${JSON.stringify(k)}:${sorted(v)}`).join(',')}}`;
}
