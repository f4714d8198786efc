// A log kept in memory for witness tests: leaf hashes, roots and RFC 6962 consistency proofs at
// any size, and checkpoints signed with any key (so tests can fork or roll back "with the log key").
import { signCheckpoint } from '../../audit/checkpoint.ts';
import { leafHash } from '../../audit/hash.ts';
import { assembleProof, consistencyProofPlan, rootFromLeafHashes } from '../../audit/merkle.ts';
import type { NodeId } from '../../audit/merkle.ts';
import type { NoteSigner } from '../../audit/note.ts';
import { formatAddCheckpointRequest } from '../../audit/witness-protocol.ts';

export class MemoryTree {
  readonly leaves: Buffer[] = [];

  constructor(
    readonly origin: string,
    private readonly signer: NoteSigner,
    private readonly salt = '',
  ) {}

  grow(count: number): this {
    for (let i = 0; i < count; i++) this.leaves.push(leafHash(Buffer.from(`${this.salt}entry ${this.leaves.length}`)));
    return this;
  }

  get size(): number {
    return this.leaves.length;
  }

  private mth(begin: number, end: number): Buffer {
    return rootFromLeafHashes(this.leaves.slice(begin, end));
  }

  root(size = this.size): Buffer {
    return this.mth(0, size);
  }

  proof(oldSize: number, size = this.size): Buffer[] {
    return assembleProof(consistencyProofPlan(oldSize, size), (id: NodeId) => this.mth(id.index * 2 ** id.level, (id.index + 1) * 2 ** id.level));
  }

  checkpoint(size = this.size): string {
    return signCheckpoint({ origin: this.origin, treeSize: size, rootHash: this.root(size) }, this.signer).note;
  }

  /** An add-checkpoint body from oldSize to size. */
  submission(oldSize: number, size = this.size): string {
    return formatAddCheckpointRequest({ oldSize, proof: this.proof(oldSize, size), checkpoint: this.checkpoint(size) });
  }
}
