// The checkpoint the log publishes (GET /api/v1/log/checkpoint, `keygate log export`): without
// witnesses, the latest signed checkpoint; with witnesses, the latest one carrying cosignatures by
// a quorum of them, with their lines appended (C2SP tlog-cosignature: cosignatures are extra
// signature lines on the same note). Newer checkpoints wait until the quorum has cosigned them.
import { appendSignatureLines } from '../../audit/cosignature.ts';
import { AuditError } from '../../audit/errors.ts';
import type { AuditLog } from '../../audit/log.ts';
import type { LogStore, LogTransaction } from '../../audit/log-store.ts';
import type { CosignatureStore } from '../storage/cosignature-store.ts';
import type { ConfiguredWitness } from './witnesses.ts';

export interface PublishedCheckpoint {
  readonly treeSize: number;
  /** The signed note, with the witnesses' cosignature lines when witnessed. */
  readonly note: string;
}

export interface WitnessedSummary {
  readonly quorum: number;
  readonly witnesses: number;
  /** The latest tree size the log holds. */
  readonly logSize: number;
  /** The latest tree size cosigned by the quorum, or null when none is yet. */
  readonly witnessedSize: number | null;
}

export class CheckpointPublisher {
  private recent: { value: PublishedCheckpoint | null; readAt: number } | null = null;

  constructor(
    private readonly deps: {
      readonly log: AuditLog<LogTransaction>;
      readonly store: LogStore<LogTransaction>;
      readonly cosignatures: CosignatureStore;
      readonly witnesses: readonly ConfiguredWitness[];
      readonly quorum: number;
      readonly clock: () => Date;
    },
  ) {}

  get witnessed(): boolean {
    return this.deps.witnesses.length > 0;
  }

  /**
   * The checkpoint to publish; null when witnesses are configured and no checkpoint has the
   * quorum yet. With `maxAgeMs`, one read within that long may be served again.
   */
  async latest(options: { maxAgeMs?: number } = {}): Promise<PublishedCheckpoint | null> {
    if (!this.witnessed) {
      const cp = await this.deps.log.latestCheckpoint(options);
      return { treeSize: cp.treeSize, note: cp.note };
    }
    const now = this.deps.clock().getTime();
    if (this.recent !== null && options.maxAgeMs !== undefined && now - this.recent.readAt <= options.maxAgeMs) return this.recent.value;
    const value = await this.readWitnessed();
    this.recent = { value, readAt: now };
    return value;
  }

  private async readWitnessed(): Promise<PublishedCheckpoint | null> {
    const ids = this.deps.witnesses.map((w) => w.id);
    const size = await this.deps.cosignatures.latestQuorumSize(ids, this.deps.quorum);
    if (size === null) return null;
    const stored = await this.deps.store.checkpointAt(size);
    if (stored === null) {
      throw new AuditError('log-inconsistent', `witnesses cosigned a checkpoint of size ${size} that the log no longer holds`, { evidence: { witnessedSize: size } });
    }
    const rows = await this.deps.cosignatures.at(size, ids);
    const lines = ids.flatMap((id) => rows.filter((r) => r.witness === id).map((r) => r.line));
    return { treeSize: size, note: appendSignatureLines(stored.note, lines) };
  }

  async summary(): Promise<WitnessedSummary> {
    const logSize = (await this.deps.log.latestCheckpoint()).treeSize;
    const witnessedSize = this.witnessed ? await this.deps.cosignatures.latestQuorumSize(this.deps.witnesses.map((w) => w.id), this.deps.quorum) : logSize;
    return { quorum: this.deps.quorum, witnesses: this.deps.witnesses.length, logSize, witnessedSize };
  }
}

/** One line for /readyz and the log page. */
export function describeWitnessing(s: WitnessedSummary): string {
  if (s.witnesses === 0) return 'not configured';
  const quorum = `quorum ${s.quorum} of ${s.witnesses}`;
  if (s.witnessedSize === null) return `no checkpoint cosigned by the ${quorum} yet; the log holds ${s.logSize} entries`;
  if (s.witnessedSize >= s.logSize) return `witnessed: tree size ${s.witnessedSize} (${quorum})`;
  return `witnessed up to tree size ${s.witnessedSize} (${quorum}); entries ${s.witnessedSize} to ${s.logSize - 1} await cosignatures`;
}
