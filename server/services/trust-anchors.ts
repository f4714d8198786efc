// Registering and removing SMKI trust anchors through the unit of work: each change and its log
// entry commit together. The rules are pki's (pki/trust-anchor.ts).
import { decideAnchorAddition, decideAnchorRemoval, inspectTrustAnchor } from '../../pki/index.ts';
import type { AnchorStanding, CertificateRecord, PkiPolicy } from '../../pki/index.ts';
import type { Database } from '../storage/database.ts';
import type { UnitOfWork } from '../storage/unit-of-work.ts';
import { findAnchor, insertAnchor, listAnchors, markAnchorRemoved, reinstateAnchor } from '../storage/trust-anchor-store.ts';
import type { TrustAnchor } from '../storage/trust-anchor-store.ts';
import type { Actor } from './actor.ts';

export interface TrustAnchorDeps {
  readonly db: Database;
  readonly writes: UnitOfWork;
  readonly clock: () => Date;
  readonly policy?: PkiPolicy;
}

function standingOf(anchor: TrustAnchor | null): AnchorStanding {
  if (anchor === null) return null;
  return anchor.removed === null ? 'active' : 'removed';
}

export class TrustAnchorService {
  constructor(private readonly deps: TrustAnchorDeps) {}

  /**
   * Registers a CA certificate (root, Organisation CA or Device CA) as a trust anchor; the rules
   * are pki's (inspectTrustAnchor, decideAnchorAddition). The certificate is parsed and judged
   * once, before the log lock (it reads nothing stored); its standing is read under the lock.
   */
  async add(actor: Actor, input: Uint8Array | string): Promise<CertificateRecord> {
    const candidate = inspectTrustAnchor(input, { at: this.deps.clock(), ...(this.deps.policy === undefined ? {} : { policy: this.deps.policy }) });
    const { record } = candidate;
    return this.deps.writes.run({
      load: async (tx) => standingOf(await findAnchor(tx.trx, record.fingerprint)),
      decide: (standing, at) => ({ entry: decideAnchorAddition(candidate, standing, actor, at), write: { standing, at: at.toISOString() }, result: record }),
      save: async (tx, { standing, at }) => {
        const added = { at, by: actor.id };
        if (standing === 'removed') return reinstateAnchor(tx.trx, record.fingerprint, added);
        await insertAnchor(tx.trx, { fingerprint: record.fingerprint, der: Buffer.from(candidate.der), kind: record.kind, subject: record.subject, record, addedAt: added.at, addedBy: added.by });
      },
    });
  }

  async remove(actor: Actor, fingerprint: string, reason: string): Promise<void> {
    await this.deps.writes.run({
      load: async (tx) => {
        const anchor = await findAnchor(tx.trx, fingerprint);
        return { standing: standingOf(anchor), der: anchor?.der ?? null };
      },
      decide: (stored, at) => ({ entry: decideAnchorRemoval(fingerprint, stored, actor, reason, at), write: at.toISOString(), result: undefined }),
      save: async (tx, at) => {
        await markAnchorRemoved(tx.trx, fingerprint, { at, by: actor.id, reason });
      },
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
