// The approval workflow over storage: each command is decided by the pure rules, its event
// appended to the audit log and the projection updated, all in one unit of work.
import { ApprovalError, applyEvent, buildState, conditionDueAt, unmetConditions, decideEntry, isApprovalError, MAX_ATTACHMENT_BYTES, proofsOf, statementHash, toInstant } from '../../approvals/index.ts';
import type { ApprovalEvent, ApprovalState, Attachment, Command, DocumentHash, EnrolledCredential, Policy, Proof, ProviderId, RequestId, StoredDocumentFacts, TransferRequest } from '../../approvals/index.ts';
import type { Actor as ApprovalActor } from '../../approvals/index.ts';
import { toDocumentHash, toRequestId } from '../../approvals/index.ts';
import { assertNoPrivateKey, deriveCertificateRecord, inspectCertificate, parseCertificates, toCertificateDer, verifyInputSize } from '../../pki/index.ts';
import type { CertificateRecord, ParsedCertificate } from '../../pki/index.ts';
import { listRequests, loadCredentials, loadPolicies, loadRequest, loadWorld, recordStatements, saveChanges, usedStatement } from '../storage/approval-store.ts';
import type { Database } from '../storage/database.ts';
import { findDocument, findDocumentFacts, insertDocument, readDocumentContent } from '../storage/document-store.ts';
import type { DocumentPurge, StoredDocument } from '../storage/document-store.ts';
import type { UnitOfWork } from '../storage/unit-of-work.ts';
import { ServiceError } from './errors.ts';
import { purgeDocument } from './document-purge.ts';
import type { DocumentScanner } from './document-scanner.ts';
import type { RelyingParty } from '../../approvals/webauthn/assertion.ts';
import type { TrustAnchorService } from './trust-anchors.ts';
import { listAnchors } from '../storage/trust-anchor-store.ts';
import type { Notifier } from './notifier.ts';

export interface ApprovalServiceDeps {
  readonly db: Database;
  readonly writes: UnitOfWork;
  readonly clock: () => Date;
  readonly trustAnchors: TrustAnchorService;
  /** Scans (and hashes) documents off the event loop, once per document. */
  readonly documentScanner: DocumentScanner;
  /** The log origin: every signed statement must name it. */
  readonly origin: string;
  /** Where passkey assertions must have been made (KEYGATE_PUBLIC_URL's origin and host). */
  readonly relyingParty?: RelyingParty;
  /** Writes the notices each event causes into the outbox, in the event's transaction; none without. */
  readonly notifier?: Notifier;
}

/** The statement a command carries (an enrolment's approval signs the same one), with its hash. */
function statementsOf(command: Command): { readonly hash: string }[] {
  const { signature } = command.data as { readonly signature?: Proof | null };
  return signature === undefined || signature === null ? [] : [{ hash: statementHash(signature.statement) }];
}

/** The statements an event carries, once each. */
function usedBy(event: ApprovalEvent): { readonly hash: string; readonly credentialId: string }[] {
  const rows = new Map(proofsOf(event).map((p) => [statementHash(p.statement), p.credentialId] as const));
  return [...rows].map(([hash, credentialId]) => ({ hash, credentialId }));
}

/** The certificates of an input (DER or PEM), private key material refused first. */
function readCertificates(input: Uint8Array | string): ParsedCertificate[] {
  verifyInputSize(input);
  assertNoPrivateKey(input);
  return parseCertificates(input);
}

/** How a command is run: what to load for it under the log lock, and how to build it there. */
interface Build {
  /** The request the command concerns (its state is loaded), or null. */
  readonly requestId: RequestId | null;
  /** The statements it carries: one already used is refused as replayed. */
  readonly statements: readonly { readonly hash: string }[];
  /** Whether `build` needs the trust anchors registered now. */
  readonly anchors: boolean;
  /** The SHA-256 of every document it cites: their stored facts are loaded for the rules. */
  readonly cited: readonly string[];
  readonly build: (anchors: readonly ParsedCertificate[], at: Date) => Command;
}

/** The SHA-256 of every document a command cites (attachments, documents, evidence), for loading their facts. */
function citedHashes(value: unknown, found: Set<string> = new Set()): string[] {
  if (Array.isArray(value)) for (const v of value) citedHashes(v, found);
  else if (typeof value === 'object' && value !== null) {
    const { sha256, size } = value as { sha256?: unknown; size?: unknown };
    if (typeof sha256 === 'string' && typeof size === 'number') found.add(sha256);
    else for (const v of Object.values(value)) citedHashes(v, found);
  }
  return [...found];
}

function requestIdOf(command: Command): RequestId | null {
  const data = command.data as { requestId?: unknown };
  return command.action.startsWith('request.') && typeof data.requestId === 'string' ? toRequestId(data.requestId) : null;
}

export class ApprovalService {
  constructor(private readonly deps: ApprovalServiceDeps) {}

  /**
   * Decides and records one command through the unit of work (lock, load, decide, save, append).
   * A signed statement is accepted once: its hash is looked up under the log lock and stored with
   * the entry, so a replayed signature is refused and nothing of it is stored or logged.
   */
  async execute(command: Command): Promise<ApprovalEvent> {
    return this.run({ requestId: requestIdOf(command), statements: statementsOf(command), anchors: false, cited: citedHashes(command.data), build: () => command });
  }

  /**
   * As execute, for a command that is built under the log lock: `build` gets the trust anchors
   * registered now (when `anchors` is set) and the entry's time. A certificate record is derived
   * there, so that it is exactly what replay derives from the entry.
   */
  private async run(how: Build): Promise<ApprovalEvent> {
    const context = { origin: this.deps.origin, ...(this.deps.relyingParty === undefined ? {} : { relyingParty: this.deps.relyingParty }) };
    return this.deps.writes.run({
      load: async (tx) => {
        const documents = (await findDocumentFacts(tx.trx, how.cited)) as StoredDocumentFacts[];
        const state = buildState({ ...(await loadWorld(tx.trx, how.requestId)), documents });
        const anchors = how.anchors ? (await listAnchors(tx.trx, { includeRemoved: false })).flatMap((a) => parseCertificates(a.der)) : [];
        return { state, anchors, replayed: await usedStatement(tx.trx, how.statements.map((s) => s.hash)) };
      },
      decide: ({ state: before, anchors, replayed }, at) => {
        const command = how.build(anchors, at);
        if (replayed !== null) throw new ApprovalError('signature-replayed', `this signed statement was already used: sign the action again (${command.action})`, { evidence: { statementSha256: replayed } });
        const { event, entry } = decideEntry(before, command, at, context);
        return { entry, write: { before, after: applyEvent(before, event), at: event.time, event }, result: event };
      },
      save: async (tx, w) => {
        await saveChanges(tx.trx, w.before, w.after, w.at);
        await recordStatements(tx.trx, usedBy(w.event), w.at);
      },
      afterAppend: async (tx, w, appended) => {
        await this.deps.notifier?.eventAppended(tx, w.event, w.before, w.after, appended.index);
      },
    });
  }

  /** A person's credentials, revoked ones included. */
  credentials(personId: string): Promise<EnrolledCredential[]> {
    return loadCredentials(this.deps.db.knex, personId);
  }

  /** The log origin statements name. */
  get origin(): string {
    return this.deps.origin;
  }

  /** Validates a certificate against the registered trust anchors, at `at` (default: now). */
  async inspect(certificate: Uint8Array | string, at: Date = this.deps.clock()): Promise<CertificateRecord> {
    const anchors = await this.deps.trustAnchors.activeAnchorDers();
    return inspectCertificate(certificate, { at, anchors });
  }

  /**
   * Registers a key by its certificate; the rules refuse keys that are not transferable or not
   * valid. The record is derived at the entry's time against the anchors registered then.
   */
  async registerKey(actor: ApprovalActor, holderId: ProviderId, certificate: Uint8Array | string): Promise<ApprovalEvent> {
    const certificates = readCertificates(certificate);
    const certificateDer = toCertificateDer(certificates);
    const command = (record: CertificateRecord): Command => ({ action: 'key.registered', actor, data: { holderId, certificate: record, certificateDer } });
    return this.run({ requestId: null, statements: [], anchors: true, cited: [], build: (anchors, at) => command(deriveCertificateRecord(certificates, { at, anchors })) });
  }

  /**
   * Records execution. The recipient's certificate is validated here against the registered trust
   * anchors at the execution time; the rules then refuse it unless it is valid, for the same key,
   * and of the role (and party) the approved request names.
   */
  async recordExecution(
    actor: ApprovalActor,
    input: { requestId: RequestId; executedAt: Date; evidence: readonly Attachment[]; recipientCertificate: Uint8Array | string; signature?: Proof | null },
  ): Promise<ApprovalEvent> {
    const certificates = readCertificates(input.recipientCertificate);
    const recipientCertificateDer = toCertificateDer(certificates);
    const command = (record: CertificateRecord): Command => ({
      action: 'request.executed',
      actor,
      data: { requestId: input.requestId, executedAt: toInstant(input.executedAt), evidence: input.evidence, recipientCertificate: record, recipientCertificateDer, ...(input.signature === undefined ? {} : { signature: input.signature }) },
    });
    const at = input.executedAt;
    const statements = input.signature === undefined || input.signature === null ? [] : [{ hash: statementHash(input.signature.statement) }];
    return this.run({ requestId: input.requestId, statements, anchors: true, cited: citedHashes(input.evidence), build: (anchors) => command(deriveCertificateRecord(certificates, { at, anchors })) });
  }

  /**
   * Scans a document as storing it would (in the scanner's worker), without storing anything: a
   * page shows the statement citing a picked file only once the file is known to hold no key.
   */
  async scanDocument(content: Buffer): Promise<void> {
    await this.deps.documentScanner.scan(content);
  }

  /**
   * Stores an evidence document by its SHA-256. The document is scanned here, once, in the
   * scanner's worker (the HTTP guard leaves upload bodies to this): private key material is
   * refused, as are archives and PDFs that cannot be scanned, and nothing of them is kept. The
   * first upload of some bytes is logged (`document.stored`, with its size), so citations can be
   * checked from the log alone; storing the same bytes again logs nothing and answers the
   * document as first stored.
   */
  async storeDocument(actor: ApprovalActor, input: { content: Buffer; name: string; mediaType: string }): Promise<Attachment> {
    if (input.content.length === 0) throw new ServiceError('document-empty', 'the document is empty');
    if (input.content.length > MAX_ATTACHMENT_BYTES) {
      throw new ServiceError('document-too-large', `the document is ${input.content.length} bytes; the limit is ${MAX_ATTACHMENT_BYTES}`);
    }
    assertNoPrivateKey({ name: input.name, mediaType: input.mediaType });
    const { sha256 } = await this.deps.documentScanner.scan(input.content);
    const hash = toDocumentHash(sha256);
    const data = { sha256: hash, size: input.content.length, name: input.name, mediaType: input.mediaType };
    return this.deps.writes.run({
      load: async (tx) => (await findDocumentFacts(tx.trx, [hash])) as StoredDocumentFacts[],
      decide: (stored, at) => {
        const first = stored[0];
        if (first !== undefined) return { entry: null, write: null, result: { sha256: hash, size: first.size, name: first.name } };
        const { event, entry } = decideEntry(buildState({}), { action: 'document.stored', actor, data }, at);
        return { entry, write: event.time, result: { sha256: hash, size: data.size, name: data.name } };
      },
      save: async (tx, storedAt) => {
        if (storedAt !== null) await insertDocument(tx.trx, { sha256, name: data.name, mediaType: data.mediaType, size: data.size, storedAt, storedBy: actor.id }, input.content);
      },
    });
  }

  findDocument(sha256: DocumentHash | string): Promise<StoredDocument | null> {
    return findDocument(this.deps.db.knex, sha256);
  }

  documentContent(sha256: string): Promise<Buffer | null> {
    return readDocumentContent(this.deps.db.knex, sha256);
  }

  /** A stored document's content and description; refuses one never stored (404) or purged (410, with the reason). */
  async downloadDocument(sha256: string): Promise<{ readonly doc: StoredDocument; readonly content: Buffer }> {
    const [doc, content] = await Promise.all([findDocument(this.deps.db.knex, sha256), readDocumentContent(this.deps.db.knex, sha256)]);
    if (doc === null || content === null) throw new ServiceError('document-not-found', `no document ${sha256}`);
    if (doc.purged !== null) throw new ServiceError('document-purged', `document ${sha256} was purged on ${doc.purged.at} by ${doc.purged.by}: ${doc.purged.reason}`);
    return { doc, content };
  }

  /** Removes a stored document's content for good (see document-purge.ts); the log records it. */
  purgeDocument(actor: { readonly id: string; readonly role: string }, sha256: string, reason: string): Promise<DocumentPurge> {
    return purgeDocument(this.deps, actor, sha256, reason);
  }

  /** Records expiry of every approved request whose execution window has passed. */
  async expireDue(): Promise<RequestId[]> {
    const now = this.deps.clock();
    const due = (await listRequests(this.deps.db.knex, { status: ['approved'] })).filter((r) => {
      const window = r.revisions.at(-1)?.content.executionWindow;
      return window !== undefined && Date.parse(window.until) < now.getTime();
    });
    const expired: RequestId[] = [];
    for (const r of due) {
      try {
        await this.execute({ action: 'request.expired', actor: { id: 'keygate', role: 'system' }, data: { requestId: r.id } });
        expired.push(r.id);
      } catch (err) {
        // Another instance may have expired or executed it meanwhile: the rules refused and
        // nothing was written.
        if (!isApprovalError(err)) throw err;
      }
    }
    return expired;
  }

  /**
   * Flags, once each, every post-execution condition still unmet after its deadline: the log
   * records it (`request.obligation_overdue`) and the request stays open.
   */
  async flagOverdue(): Promise<{ readonly requestId: RequestId; readonly conditionId: string }[]> {
    const now = this.deps.clock().getTime();
    const flagged: { requestId: RequestId; conditionId: string }[] = [];
    for (const r of await listRequests(this.deps.db.knex, { status: ['executed'] })) {
      const open = new Set(unmetConditions(r, 'after_execution'));
      const already = new Set((r.overdue ?? []).map((o) => o.conditionId));
      for (const c of r.decision?.conditions ?? []) {
        const dueAt = conditionDueAt(r, c);
        if (dueAt === null || !open.has(c.conditionId) || already.has(c.conditionId) || Date.parse(dueAt) >= now) continue;
        try {
          await this.execute({ action: 'request.obligation_overdue', actor: { id: 'keygate', role: 'system' }, data: { requestId: r.id, conditionId: c.conditionId, dueAt } });
          flagged.push({ requestId: r.id, conditionId: c.conditionId });
        } catch (err) {
          // Met or flagged meanwhile (another instance): the rules refused and nothing was written.
          if (!isApprovalError(err)) throw err;
        }
      }
    }
    return flagged;
  }

  /** The periodic duties of the system actor: expiry of approvals and overdue post-execution conditions. */
  async sweepDue(): Promise<void> {
    await this.expireDue();
    await this.flagOverdue();
  }

  async getRequest(id: string): Promise<TransferRequest> {
    const r = await loadRequest(this.deps.db.knex, toRequestId(id));
    if (r === null) throw new ServiceError('request-not-found', `no transfer request ${id}`);
    return r;
  }

  listRequests(options: { status?: readonly string[] } = {}): Promise<TransferRequest[]> {
    return listRequests(this.deps.db.knex, options);
  }

  async world(): Promise<ApprovalState> {
    return buildState(await loadWorld(this.deps.db.knex));
  }

  policies(): Promise<Policy[]> {
    return loadPolicies(this.deps.db.knex);
  }
}

