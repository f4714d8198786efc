// Registering and removing SMKI trust anchors. Each change and its log entry commit together.
import { inspectCertificate, isCaKind, parseCertificates } from '../../pki/index.ts';
import type { CertificateRecord, ParsedCertificate, PkiPolicy } from '../../pki/index.ts';
import type { AuditLog } from '../../audit/log.ts';
import type { Database } from '../storage/database.ts';
import type { KnexTx } from '../storage/unit-of-work.ts';
import { findAnchor, insertAnchor, listAnchors, markAnchorRemoved, reinstateAnchor } from '../storage/trust-anchor-store.ts';
import type { TrustAnchor } from '../storage/trust-anchor-store.ts';
import type { Actor } from './actor.ts';
import { ServiceError } from './errors.ts';

export interface TrustAnchorDeps {
  readonly db: Database;
  readonly log: AuditLog<KnexTx>;
  readonly clock: () => Date;
  readonly policy?: PkiPolicy;
}

const SUBJECT_TYPE = 'trust-anchor';

export class TrustAnchorService {
  constructor(private readonly deps: TrustAnchorDeps) {}

  /**
   * Registers a CA certificate (root, Organisation CA or Device CA) as a trust anchor. It must
   * pass the SMKI profile checks now, judged with itself as the anchor. Private key material in
   * the input is refused before anything else is read.
   */
  async add(actor: Actor, input: Uint8Array | string): Promise<CertificateRecord> {
    const now = this.deps.clock();
    const record = await inspectCertificate(input, { at: now, anchors: [input], ...(this.deps.policy === undefined ? {} : { policy: this.deps.policy }) });
    if (!isCaKind(record.kind)) {
      throw new ServiceError('anchor-not-ca', `a trust anchor must be an SMKI CA certificate; this one is "${record.kind}"`);
    }
    const errors = record.findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) {
      throw new ServiceError('anchor-invalid', `the CA certificate fails the SMKI profile: ${errors.map((f) => f.code).join(', ')}`);
    }
    const [cert] = parseCertificates(input) as [ParsedCertificate];
    await this.deps.db.transaction(async (tx) => {
      const existing = await findAnchor(tx.trx, record.fingerprint);
      if (existing !== null && existing.removed === null) {
        throw new ServiceError('anchor-exists', `trust anchor ${record.fingerprint} is already registered`);
      }
      const added = { at: now.toISOString(), by: actor.id };
      if (existing === null) {
        await insertAnchor(tx.trx, { fingerprint: record.fingerprint, der: Buffer.from(cert.der), kind: record.kind, subject: record.subject, record, addedAt: added.at, addedBy: added.by });
      } else {
        await reinstateAnchor(tx.trx, record.fingerprint, added);
      }
      await this.deps.log.append(tx, {
        time: added.at,
        actor,
        action: 'trust-anchor.added',
        subject: { type: SUBJECT_TYPE, id: record.fingerprint },
        data: { certificate: Buffer.from(cert.der).toString('base64'), record: JSON.parse(JSON.stringify(record)) },
      });
    });
    return record;
  }

  async remove(actor: Actor, fingerprint: string, reason: string): Promise<void> {
    const at = this.deps.clock().toISOString();
    await this.deps.db.transaction(async (tx) => {
      if (!(await markAnchorRemoved(tx.trx, fingerprint, { at, by: actor.id, reason }))) {
        throw new ServiceError('anchor-not-found', `no registered trust anchor ${fingerprint}`);
      }
      await this.deps.log.append(tx, { time: at, actor, action: 'trust-anchor.removed', subject: { type: SUBJECT_TYPE, id: fingerprint }, data: { reason } });
    });
  }

  list(options: { includeRemoved: boolean } = { includeRemoved: false }): Promise<TrustAnchor[]> {
    return listAnchors(this.deps.db.knex, options);
  }

  /** The DER of every active anchor, for chain validation. */
  async activeAnchorDers(): Promise<Buffer[]> {
    return (await this.list()).map((a) => a.der);
  }
}
