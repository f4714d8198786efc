// inspectCertificate: the one entry point the CLI and the server use. Refuses private key material,
// parses, checks the SMKI profile and the certification path, and builds the metadata record.
import { validateChain } from './chain.ts';
import { PkiError } from './errors.ts';
import { parseCertificates, verifyInputSize } from './parse.ts';
import type { ParsedCertificate } from './parse.ts';
import { DEFAULT_PKI_POLICY, verifyPkiPolicy } from './policy.ts';
import type { PkiPolicy } from './policy.ts';
import { assertNoPrivateKey } from './private-key.ts';
import { checkProfile } from './profile.ts';
import { buildRecord } from './record.ts';
import type { CertificateRecord } from './record-schema.ts';
import type { VerificationCache } from './signature.ts';

/** A certificate as bytes (DER or PEM), PEM text, or already parsed (cheapest for anchors). */
export type CertificateInput = ParsedCertificate | Uint8Array | string;

export interface InspectOptions {
  /** The time of validation. Required: the core never reads the clock. */
  readonly at: Date;
  /** SMKI Root, Organisation CA or Device CA certificates to trust. */
  readonly anchors: readonly CertificateInput[];
  /** Extra intermediate certificates for path building (never trusted by themselves). */
  readonly intermediates?: readonly CertificateInput[];
  readonly policy?: PkiPolicy;
  /** Memo of CA-certificate signature checks shared across calls; see signature.ts. */
  readonly cache?: VerificationCache;
}

export function verifyValidationTime(at: unknown): Date {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new PkiError('invalid-time', 'the validation time is not a valid Date');
  return at;
}

function toParsed(input: CertificateInput): ParsedCertificate[] {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) return [input];
  verifyInputSize(input);
  assertNoPrivateKey(input);
  return parseCertificates(input);
}

/**
 * Parses trust anchors (every certificate of every input is an anchor). Private key material is
 * refused as anywhere else; any other failure becomes `anchor-malformed`.
 */
export function parseTrustAnchors(inputs: readonly CertificateInput[]): ParsedCertificate[] {
  return inputs.flatMap((input, n) => {
    try {
      return toParsed(input);
    } catch (err) {
      if (err instanceof PkiError && err.code === 'private-key-material') throw err;
      const message = err instanceof PkiError ? err.message : 'unreadable';
      throw new PkiError('anchor-malformed', `trust anchor ${n + 1}: ${message}`, { cause: err });
    }
  });
}

/** Checks an already parsed certificate. Synchronous; inspectCertificate is the usual entry. */
export function inspectParsedCertificate(
  subject: ParsedCertificate,
  options: { at: Date; anchors: readonly ParsedCertificate[]; intermediates: readonly ParsedCertificate[]; policy: PkiPolicy; cache?: VerificationCache },
): CertificateRecord {
  const profile = checkProfile(subject, { at: options.at, policy: options.policy });
  const chain = validateChain(subject, options);
  return buildRecord(subject, profile, chain, options.policy);
}

/**
 * Inspects the first certificate of `input` (DER, or PEM with one or more blocks); further PEM
 * blocks are used only as intermediates for path building. Throws a coded PkiError when the
 * input is unusable (private-key-material, not-a-certificate, certificate-malformed, ...);
 * otherwise returns the record, whose findings say what is wrong with the certificate.
 */
export async function inspectCertificate(input: Uint8Array | string, options: InspectOptions): Promise<CertificateRecord> {
  const at = verifyValidationTime(options.at);
  const policy = verifyPkiPolicy(options.policy ?? DEFAULT_PKI_POLICY);
  verifyInputSize(input);
  assertNoPrivateKey(input);
  const [subject, ...extra] = parseCertificates(input);
  const anchors = parseTrustAnchors(options.anchors);
  const intermediates = [...extra, ...(options.intermediates ?? []).flatMap(toParsed)];
  return inspectParsedCertificate(subject!, { at, anchors, intermediates, policy, cache: options.cache });
}
