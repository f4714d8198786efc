// Replay re-derives every certificate record instead of trusting it. Trust-anchor entries carry
// the anchor's DER: replay keeps the anchors the log shows registered at each point. Key
// registrations and executions carry the certificate's DER: replay runs pki's validation as the
// server did (a key at the entry's time, a recipient's certificate at `executedAt`, both against
// the anchors registered at that point of the log) and compares the facts the entry claims. The
// operator holds the log key, so every member of these entries is attacker-controlled here.
import { logEntrySchema } from '../audit/entry.ts';
import type { LogEntry } from '../audit/entry.ts';
import {
  DEFAULT_PKI_POLICY,
  PkiError,
  TRUST_ANCHOR_ENTRY_SCHEMAS,
  checkTrustAnchor,
  deriveAnchorRecord,
  deriveCertificateRecord,
  parseCertificateDer,
} from '../pki/index.ts';
import type { CertificateDer, CertificateRecord, ParsedCertificate, PkiPolicy } from '../pki/index.ts';
import { recordMismatches } from '../pki/index.ts';
import { ApprovalError, refuse } from './errors.ts';
import type { EventOf } from './event-types.ts';
import type { CertificateRecordJson } from './model/provider.ts';

/** The anchors registered at a point of the log, by certificate fingerprint. */
export type AnchorLedger = ReadonlyMap<string, ParsedCertificate>;

type AnchorAction = keyof typeof TRUST_ANCHOR_ENTRY_SCHEMAS;

export function isTrustAnchorAction(action: string): action is AnchorAction {
  return Object.hasOwn(TRUST_ANCHOR_ENTRY_SCHEMAS, action);
}

/**
 * The ledger after a trust-anchor entry. Throws ApprovalError naming what is wrong; an anchor the
 * server could not have registered (not an SMKI CA, a record its DER does not give, already
 * registered) is then not trusted by the rest of the replay.
 */
export function applyAnchorEntry(ledger: AnchorLedger, input: unknown, policy: PkiPolicy = DEFAULT_PKI_POLICY): AnchorLedger {
  const entry = parseAnchorEntry(input);
  const action = entry.action as AnchorAction;
  const certificates = certificatesOf(entry.data.certificateDer as CertificateDer);
  const anchor = certificates[0]!;
  if (entry.subject.type !== 'trust-anchor' || entry.subject.id !== anchor.fingerprint) {
    refuse('event-malformed', `subject ${entry.subject.type}/${entry.subject.id} is not the anchor's certificate ${anchor.fingerprint}`);
  }
  const next = new Map(ledger);
  if (action === 'trust-anchor.removed') {
    if (!next.delete(anchor.fingerprint)) refuse('trust-anchor-invalid', `trust anchor ${anchor.fingerprint} is removed but was not registered`);
    return next;
  }
  if (ledger.has(anchor.fingerprint)) refuse('trust-anchor-invalid', `trust anchor ${anchor.fingerprint} is registered again while registered`);
  const derived = deriveAnchorRecord(certificates, new Date(entry.time), policy);
  requireSameFacts('the trust anchor', entry.data.record as CertificateRecordJson, derived);
  try {
    checkTrustAnchor(derived);
  } catch (err) {
    if (!(err instanceof PkiError)) throw err;
    refuse('trust-anchor-invalid', `trust anchor ${anchor.fingerprint}: ${err.message}`);
  }
  return next.set(anchor.fingerprint, anchor);
}

type CertifiedEvent = EventOf<'key.registered'> | EventOf<'request.executed'>;

export function isCertifiedEvent(event: { readonly action: string }): event is CertifiedEvent {
  return event.action === 'key.registered' || event.action === 'request.executed';
}

/** The record an entry claims is what pki derives from the DER it carries, as the server derived it. */
export function checkCertificateEvidence(event: CertifiedEvent, anchors: AnchorLedger, policy: PkiPolicy = DEFAULT_PKI_POLICY): void {
  const [claimed, der, at, what] =
    event.action === 'key.registered'
      ? [event.data.certificate, event.data.certificateDer, event.time, "the key's certificate"]
      : [event.data.recipientCertificate, event.data.recipientCertificateDer, event.data.executedAt, "the recipient's certificate"];
  const derived = deriveCertificateRecord(certificatesOf(der), { at: new Date(at), anchors: [...anchors.values()], policy });
  requireSameFacts(what, claimed, derived);
}

function requireSameFacts(what: string, claimed: CertificateRecordJson, derived: CertificateRecord): void {
  const mismatches = recordMismatches(claimed, derived);
  if (mismatches.length > 0) {
    refuse('certificate-record-mismatch', `the record of ${what} is not what its DER gives: ${mismatches.join('; ')}`, { fingerprint: derived.fingerprint, facts: mismatches.length });
  }
}

function certificatesOf(der: CertificateDer): ParsedCertificate[] {
  try {
    return parseCertificateDer(der);
  } catch (err) {
    if (!(err instanceof PkiError)) throw err;
    throw new ApprovalError('event-malformed', `the entry's certificates cannot be read: ${err.message}`, { cause: err });
  }
}

function parseAnchorEntry(input: unknown): LogEntry & { readonly data: { readonly certificateDer: unknown; readonly record?: unknown } } {
  const entry = logEntrySchema.safeParse(input);
  if (!entry.success) refuse('event-malformed', 'the entry does not have the log entry shape');
  const schema = TRUST_ANCHOR_ENTRY_SCHEMAS[entry.data.action as AnchorAction];
  const data = schema.safeParse(entry.data.data);
  if (!data.success) refuse('event-malformed', `${entry.data.action} data is invalid: ${data.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; ')}`);
  return { ...entry.data, data: data.data };
}
