// The trust-anchor rules: which certificates may be registered as SMKI trust anchors, and what
// registering or removing one records in the audit log. Pure: the caller passes the time and the
// anchor's stored standing, read under the log lock.
import { z } from 'zod';
import { encodeLogEntry } from '../audit/entry.ts';
import type { EncodedEntry, JsonValue } from '../audit/entry.ts';
import { certificateDerSchema, toCertificateDer } from './certificate-der.ts';
import { PkiError } from './errors.ts';
import { hasErrors } from './findings.ts';
import { inspectParsedCertificate, verifyValidationTime } from './inspect.ts';
import { isCaKind } from './kinds.ts';
import { parseCertificates, verifyInputSize } from './parse.ts';
import type { ParsedCertificate } from './parse.ts';
import { DEFAULT_PKI_POLICY, verifyPkiPolicy } from './policy.ts';
import type { PkiPolicy } from './policy.ts';
import { assertNoPrivateKey } from './private-key.ts';
import { assertProse } from './private-key-prose.ts';
import { certificateRecordSchema } from './record-schema.ts';
import type { CertificateRecord } from './record-schema.ts';

export const TRUST_ANCHOR_SUBJECT = 'trust-anchor';

/**
 * The data of the trust-anchor entries (subject `trust-anchor/<fingerprint>`): the anchor's
 * certificates (certificate-der.ts), so that replay knows every anchor registered at every point
 * of the log and re-derives the record.
 */
export const TRUST_ANCHOR_ENTRY_SCHEMAS = {
  'trust-anchor.added': z.strictObject({ certificateDer: certificateDerSchema, record: certificateRecordSchema }),
  'trust-anchor.removed': z.strictObject({ certificateDer: certificateDerSchema, reason: z.string().min(1) }),
} as const;

/** A CA certificate that passed the anchor checks, parsed once. */
export interface TrustAnchorCandidate {
  readonly record: CertificateRecord;
  /** The certificate's DER (the first certificate of the input). */
  readonly der: Uint8Array;
  /** Every certificate of the input, the anchor first: what the entry carries. */
  readonly certificates: readonly ParsedCertificate[];
}

/** Whether an anchor with the candidate's fingerprint is registered now, was removed, or never was (null). */
export type AnchorStanding = 'active' | 'removed' | null;

/** An anchor as stored: its standing, and its DER (null when never registered). */
export interface StoredAnchor {
  readonly standing: AnchorStanding;
  readonly der: Uint8Array | null;
}

/** Who registers or removes an anchor, as the log entry names them. */
export interface AnchorActor {
  readonly id: string;
  readonly role: string;
}

/**
 * Parses and judges a would-be trust anchor: a root CA, Organisation CA or Device CA certificate
 * that passes the SMKI profile checks at `at`, judged with itself as the anchor (further PEM
 * blocks of the input are anchors and intermediates too). Private key material is refused before
 * anything else is read. Throws PkiError: the input's own codes, `anchor-not-ca`, `anchor-invalid`.
 */
export function inspectTrustAnchor(input: Uint8Array | string, options: { readonly at: Date; readonly policy?: PkiPolicy }): TrustAnchorCandidate {
  const at = verifyValidationTime(options.at);
  const policy = verifyPkiPolicy(options.policy ?? DEFAULT_PKI_POLICY);
  verifyInputSize(input);
  assertNoPrivateKey(input);
  const certificates = parseCertificates(input);
  const record = deriveAnchorRecord(certificates, at, policy);
  checkTrustAnchor(record);
  return { record, der: certificates[0]!.der, certificates };
}

/** The record of `certificates[0]` judged as an anchor: itself and the rest are anchors too. */
export function deriveAnchorRecord(certificates: readonly ParsedCertificate[], at: Date, policy: PkiPolicy = DEFAULT_PKI_POLICY): CertificateRecord {
  const [subject, ...extra] = certificates;
  if (subject === undefined) throw new PkiError('certificate-malformed', 'no certificate is given');
  return inspectParsedCertificate(subject, { at, anchors: certificates, intermediates: extra, policy });
}

/** An anchor must be an SMKI CA certificate without profile errors. */
export function checkTrustAnchor(record: CertificateRecord): void {
  if (!isCaKind(record.kind)) {
    throw new PkiError('anchor-not-ca', `a trust anchor must be an SMKI CA certificate; this one is "${record.kind}"`);
  }
  if (hasErrors(record.findings)) {
    const codes = record.findings.filter((f) => f.severity === 'error').map((f) => f.code);
    throw new PkiError('anchor-invalid', `the CA certificate fails the SMKI profile: ${codes.join(', ')}`);
  }
}

/** Registering `candidate`: refused while it is active; a removed anchor is reinstated. */
export function decideAnchorAddition(candidate: TrustAnchorCandidate, standing: AnchorStanding, actor: AnchorActor, at: Date): EncodedEntry {
  const { fingerprint } = candidate.record;
  if (standing === 'active') throw new PkiError('anchor-exists', `trust anchor ${fingerprint} is already registered`);
  return encodeLogEntry({
    time: at.toISOString(),
    actor: { id: actor.id, role: actor.role },
    action: 'trust-anchor.added',
    subject: { type: TRUST_ANCHOR_SUBJECT, id: fingerprint },
    data: toJson(TRUST_ANCHOR_ENTRY_SCHEMAS['trust-anchor.added'].parse({ certificateDer: toCertificateDer(candidate.certificates), record: candidate.record })),
  });
}

/** Removing the anchor `fingerprint`, with the reason and its certificate recorded: only an active anchor can be removed. */
export function decideAnchorRemoval(fingerprint: string, stored: StoredAnchor, actor: AnchorActor, reason: string, at: Date): EncodedEntry {
  if (stored.standing !== 'active' || stored.der === null) throw new PkiError('anchor-not-found', `no registered trust anchor ${fingerprint}`);
  // The reason is free text that lands in the append-only log: the key scan and the prose rule.
  assertNoPrivateKey(reason, { where: 'the reason' });
  assertProse(reason, 'the reason');
  return encodeLogEntry({
    time: at.toISOString(),
    actor: { id: actor.id, role: actor.role },
    action: 'trust-anchor.removed',
    subject: { type: TRUST_ANCHOR_SUBJECT, id: fingerprint },
    data: toJson(TRUST_ANCHOR_ENTRY_SCHEMAS['trust-anchor.removed'].parse({ certificateDer: [Buffer.from(stored.der).toString('base64')], reason })),
  });
}

function toJson(value: unknown): { [member: string]: JsonValue } {
  return JSON.parse(JSON.stringify(value)) as { [member: string]: JsonValue };
}
