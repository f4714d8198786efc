// Builders for the approvals tests: a recorder that decides and applies commands like a service
// would, certificate records shaped like pki's, and the cast of the scenarios.
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { Signers, isPersonActor } from './signers.ts';
import type { LogEntry } from '../../audit/entry.ts';
import { decideAnchorAddition, deriveCertificateRecord, inspectTrustAnchor, parseCertificate, toCertificateDer } from '../../pki/index.ts';
import type { CertificateRecord, ParsedCertificate } from '../../pki/index.ts';
import { keyPair, orgCert, testPki } from '../pki/fixtures.ts';
import {
  ApprovalError,
  MAX_ATTACHMENT_BYTES,
  isSignedRequestAction,
  applyEvent,
  decide,
  emptyState,
  toAppointmentId,
  toConditionId,
  toDocumentHash,
  toKeyId,
  toPersonId,
  toPolicyVersion,
  toProviderId,
  toRequestId,
} from '../../approvals/index.ts';
import type {
  AnchorLedger,
  Actor,
  ApprovalEvent,
  ApprovalState,
  Attachment,
  CalendarDate,
  CertificateFacts,
  CertificateRecordJson,
  Command,
  IsoInstant,
  PolicyTerms,
  RevisionContent,
} from '../../approvals/index.ts';

export const at = (iso: string): Date => new Date(iso);
export const instant = (iso: string): IsoInstant => new Date(iso).toISOString() as IsoInstant;
export const day = (d: string): CalendarDate => d as CalendarDate;
export const sha256 = (label: string): string => createHash('sha256').update(label).digest('hex');

export const person = toPersonId;
export const provider = toProviderId;
export const request = toRequestId;
export const appointment = toAppointmentId;
export const condition = toConditionId;
export const version = toPolicyVersion;

export const SECRETARIAT: Actor = { id: 'pma-secretariat', role: 'secretariat' };
export const SYSTEM: Actor = { id: 'keygate', role: 'system' };
export const dcc = (id: string): Actor => ({ id, role: 'dcc' });
export const pmaChair = (id: string): Actor => ({ id, role: 'pma_chair' });
export const sscChair = (id: string): Actor => ({ id, role: 'ssc_chair' });
export const member = (id: string): Actor => ({ id, role: 'pma_member' });

export function doc(name: string, size = 1024): Attachment {
  return { sha256: toDocumentHash(sha256(name)), size, name };
}

/** The time fixture certificates are judged at (the cast's setup); they are valid from 2025 to 2035. */
const CERTIFIED_AT = new Date('2026-01-05T09:00:00Z');

/** The trust anchors of the fixtures: the test PKI's root and Organisation CA. */
export function anchorCertificates(): ParsedCertificate[] {
  const { root, oca } = testPki();
  return [parseCertificate(root.der), parseCertificate(oca.der)];
}

/** The anchors registered before a replayed fixture log starts (ReplayOptions.anchors). */
export function fixtureAnchors(): AnchorLedger {
  return new Map(anchorCertificates().map((c) => [c.fingerprint, c]));
}

/** The log entries that register the fixture anchors, as the server writes them. */
export function anchorEntries(at = new Date('2026-01-01T00:00:00Z')): LogEntry[] {
  const { root, oca } = testPki();
  return [root, oca].map((ca) => decideAnchorAddition(inspectTrustAnchor(ca.der, { at }), null, { id: 'cli:admin', role: 'admin' }, at).entry);
}

interface Issued {
  readonly der: string[];
  readonly record: CertificateRecord;
}
const issuedCache = new Map<string, Issued>();

/** A real Organisation Certificate for the key named `spkiLabel`, with `role` and `eui`, issued by the fixture Organisation CA. */
function issued(spkiLabel: string, role: number, eui: string): Issued {
  const id = `${spkiLabel}|${role}|${eui}`;
  let cert = issuedCache.get(id);
  if (cert === undefined) {
    const certificates = [parseCertificate(orgCert(role, { keyLabel: spkiLabel, eui }))];
    cert = { der: toCertificateDer(certificates), record: deriveCertificateRecord(certificates, { at: CERTIFIED_AT, anchors: anchorCertificates() }) };
    issuedCache.set(id, cert);
  }
  return cert;
}

type Overrides = Partial<CertificateFacts> & { readonly [k: string]: unknown };
const paramsOf = (o: Overrides): [number, string] => [typeof o.role === 'number' ? o.role : 5, typeof o.eui === 'string' ? o.eui : '0011223344556677'];

/**
 * pki's record of a real certificate for the key `spkiLabel` (role and EUI from `overrides`,
 * default 5 and 0011223344556677); other overrides are laid over it, which makes it a record
 * its DER does not give: fine for the rules, named by replay.
 */
export function certificate(spkiLabel: string, overrides: Overrides = {}): CertificateFacts & { readonly [k: string]: unknown } {
  return { ...issued(spkiLabel, ...paramsOf(overrides)).record, ...overrides };
}

/** The DER members of that certificate (certificate-der.ts). */
export function certificateDer(spkiLabel: string, overrides: Overrides = {}): string[] {
  return issued(spkiLabel, ...paramsOf(overrides)).der;
}

/** A key registration's certificate members. */
export function registration(spkiLabel: string, overrides: Overrides = {}) {
  return { certificate: certificate(spkiLabel, overrides), certificateDer: certificateDer(spkiLabel, overrides) };
}

/** An execution's recipient certificate members. */
export function recipientOf(spkiLabel: string, overrides: Overrides = {}) {
  return { recipientCertificate: certificate(spkiLabel, overrides), recipientCertificateDer: certificateDer(spkiLabel, overrides) };
}

/** The record as an event stores it (JSON). */
export function certificateJson(spkiLabel: string, overrides: Overrides = {}): CertificateRecordJson {
  return JSON.parse(JSON.stringify(certificate(spkiLabel, overrides))) as CertificateRecordJson;
}

/** The key a label names: the SHA-256 of its key pair's SubjectPublicKeyInfo. */
export const keyOf = (spkiLabel: string) => toKeyId(createHash('sha256').update(keyPair(spkiLabel).spki).digest('hex'));

export const POLICY: PolicyTerms = {
  quorum: { kind: 'count', count: 3 },
  threshold: { kind: 'simple_majority' },
  castingVote: false,
  sscAdviceRequired: true,
  window: { maxDurationDays: 30, maxLeadDays: 180 },
  signatures: 'required',
};

export function revision(overrides: Partial<RevisionContent> & Pick<RevisionContent, 'keyId' | 'sourceProviderId' | 'targetProviderId'>): RevisionContent {
  return {
    programme: 'ecos_migration',
    rationale: 'Shut down the TCoS service: its Change-of-Supplier signing moves to the ECoS Party.',
    mechanism: { method: 'hsm_export_under_kek', description: 'Export under a key-encryption key agreed between the HSMs; dual control.', witnesses: ['CIO observer'] },
    recipientSecurity: {
      sectionGStatement: 'The recipient systems comply with SEC Section G.',
      assessmentReferences: ['DCC-SA-2026-004'],
      prospectiveChangesConsidered: 'Section G changes under consultation in 2026.',
      recipientProspective: false,
    },
    executionWindow: { from: instant('2026-03-01T00:00:00Z'), until: instant('2026-03-20T00:00:00Z') },
    attachments: [doc('security-case.pdf')],
    ...overrides,
  };
}

/**
 * Decides and applies commands in order, keeping every event: what a service does around the
 * core. People sign as clients do: a person's first signed action enrols their personal key
 * (one more event, just before), and every signed command without a `signature` member is
 * signed at the command's time. A command given `signature: null` stays unsigned.
 */
export class Recorder {
  state: ApprovalState;
  readonly events: ApprovalEvent[] = [];
  readonly signers: Signers;

  constructor(state: ApprovalState = emptyState(), signers: Signers = new Signers()) {
    this.state = state;
    this.signers = signers;
  }

  get context() {
    return { origin: this.signers.origin };
  }

  /**
   * Whether a cited document not yet stored is stored first (one `document.stored` event, as a
   * client uploads before citing). Tests of the citation rule turn it off.
   */
  autoStore = true;

  run(command: Command, when: string): ApprovalEvent {
    const prepared = this.prepare(command, when);
    const event = decide(this.state, prepared, at(when), this.context);
    this.state = applyEvent(this.state, event);
    this.events.push(event);
    return event;
  }

  /** Applies an event without any check: how a hand-made, rule-breaking log is built. Its person signs it. */
  forge(event: ApprovalEvent): ApprovalEvent {
    this.storeCited(event.actor, event.data, event.time);
    if (isSignedRequestAction(event.action) && isPersonActor(event.actor)) this.enrol(event.actor, event.time);
    return this.forgeUnsigned(this.signers.signEvent(event));
  }

  /** Applies an event as given, signature or none. */
  forgeUnsigned(event: ApprovalEvent): ApprovalEvent {
    this.state = applyEvent(this.state, event);
    this.events.push(event);
    return event;
  }

  /** The code a refused command throws; the state and the log stay unchanged. */
  refusal(command: Command, when: string): string {
    const [state, length] = [this.state, this.events.length];
    try {
      const prepared = this.prepare(command, when);
      return codeOf(() => decide(this.state, prepared, at(when), this.context));
    } finally {
      // A refused command leaves no trace, not even the enrolment it needed.
      this.state = state;
      this.events.length = length;
    }
  }

  /** Enrols the actor's personal key unless it is enrolled already. */
  enrol(actor: Actor, when: string): void {
    const credential = this.signers.keyOf(actor.id).credential;
    if (this.state.credentials.has(credential.credentialId) || !this.state.people.has(person(actor.id))) return;
    const event = decide(this.state, this.signers.enrolment(actor, at(when)), at(when), this.context);
    this.state = applyEvent(this.state, event);
    this.events.push(event);
  }

  /** Stores the documents `data` cites that are not stored yet, as `actor` (else the secretariat). */
  storeCited(actor: Actor, data: unknown, when: string): void {
    if (!this.autoStore) return;
    const storer = ['dcc', 'pma_chair', 'ssc_chair', 'secretariat'].includes(actor.role) ? actor : SECRETARIAT;
    for (const a of citedAttachments(data)) {
      // Documents the service could never store stay unstored: the rules judge those citations.
      if (this.state.documents.has(a.sha256) || a.size === 0 || a.size > MAX_ATTACHMENT_BYTES) continue;
      const event = decide(this.state, { action: 'document.stored', actor: storer, data: { ...a, mediaType: 'application/pdf' } }, at(when), this.context);
      this.state = applyEvent(this.state, event);
      this.events.push(event);
    }
  }

  private prepare(command: Command, when: string): Command {
    this.storeCited(command.actor, command.data, when);
    if (!isSignedRequestAction(command.action) || !isPersonActor(command.actor) || 'signature' in command.data) return command;
    this.enrol(command.actor, when);
    return this.signers.sign(command, at(when));
  }
}

/** Every attachment ({sha256, size, name}) found in `value`. */
export function citedAttachments(value: unknown, found: Attachment[] = []): Attachment[] {
  if (Array.isArray(value)) for (const v of value) citedAttachments(v, found);
  else if (typeof value === 'object' && value !== null) {
    const a = value as Partial<Attachment>;
    if (typeof a.sha256 === 'string' && typeof a.size === 'number' && typeof a.name === 'string') found.push({ sha256: a.sha256, size: a.size, name: a.name });
    else for (const v of Object.values(value)) citedAttachments(v, found);
  }
  return found;
}

export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(ApprovalError);
    return (err as ApprovalError).code;
  }
  throw new Error('expected an ApprovalError');
}
