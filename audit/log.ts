// The log engine: appends entries inside the caller's transaction, issues one signed checkpoint
// per committing transaction (stored with its last entry), and exposes the log's identity.
import { appendToFrontier, decodeFrontier, encodeFrontier, EMPTY_FRONTIER, frontierRoot } from './compact-range.ts';
import type { Frontier } from './compact-range.ts';
import { encodeEntry } from './entry.ts';
import type { LogEntry, NewLogEntry } from './entry.ts';
import { AuditError } from './errors.ts';
import { leafHash as computeLeafHash } from './hash.ts';
import { signCheckpoint, verifyCheckpoint } from './checkpoint.ts';
import { hashEquals } from './hash.ts';
import { rangeNodes } from './merkle.ts';
import { formatVerifierKey } from './note.ts';
import type { NoteSigner, NoteVerifier } from './note.ts';
import { EMPTY_CHECKPOINT_META, nodeKey } from './log-store.ts';
import type { AppendedLeaf, LogStore, LogTransaction, StoredCheckpoint } from './log-store.ts';

/** Pending entries are written in batches of about this many before commit. */
const FLUSH_THRESHOLD = 1000;

export interface AppendResult {
  readonly index: number;
  readonly leafHash: Buffer;
  /** The entry's canonical bytes: the leaf. */
  readonly bytes: Buffer;
}

export interface AuditLogOptions<Tx extends LogTransaction> {
  readonly store: LogStore<Tx>;
  readonly signer: NoteSigner;
  readonly origin: string;
  readonly clock: () => Date;
  /** Told after each transaction that appended has committed (metrics). */
  readonly onCommitted?: (appended: number, treeSize: number) => void;
}

interface PendingState {
  frontier: Frontier;
  /** Entries not yet written. The last one stays pending until commit: it carries the checkpoint. */
  leaves: AppendedLeaf[];
  /** The tree size when the transaction took the lock. */
  readonly openedAt: number;
}

export class AuditLog<Tx extends LogTransaction = LogTransaction> {
  readonly origin: string;
  readonly verifierKey: string;
  readonly verifier: NoteVerifier;
  readonly store: LogStore<Tx>;
  private readonly signer: NoteSigner;
  private readonly clock: () => Date;
  private readonly pending = new WeakMap<Tx, Promise<PendingState>>();
  private readonly onCommitted: ((appended: number, treeSize: number) => void) | undefined;
  private recent: { checkpoint: StoredCheckpoint; readAt: number } | null = null;
  private halted: AuditError | null = null;

  constructor(options: AuditLogOptions<Tx>) {
    this.store = options.store;
    this.signer = options.signer;
    this.origin = options.origin;
    this.clock = options.clock;
    this.onCommitted = options.onCommitted;
    this.verifierKey = formatVerifierKey(options.signer.verifier);
    this.verifier = options.signer.verifier;
  }

  /**
   * Appends one entry inside `tx`. The entry, its tree nodes and the checkpoint that covers it
   * commit with the caller's own writes, or not at all. Entries of one transaction are ordered
   * by call order; callers MUST await each append before the next.
   */
  async append(tx: Tx, entry: NewLogEntry): Promise<AppendResult> {
    const bytes = encodeEntry(this.stamped(entry));
    const state = await this.stateFor(tx);
    const result = this.push(state, bytes);
    if (state.leaves.length > FLUSH_THRESHOLD) await this.store.insertLeaves(tx, this.takeBatch(state));
    return result;
  }

  private stamped(entry: NewLogEntry): LogEntry {
    return entry.time === undefined ? { ...entry, time: this.clock().toISOString() } : (entry as LogEntry);
  }

  /** Adds encoded entry bytes to the transaction's pending tree; synchronous. */
  private push(state: PendingState, bytes: Buffer): AppendResult {
    const hash = computeLeafHash(bytes);
    const index = state.frontier.size;
    const { frontier, newNodes } = appendToFrontier(state.frontier, hash);
    state.frontier = frontier;
    state.leaves.push({ index, bytes, nodeHashes: Buffer.concat(newNodes.map((n) => n.hash)) });
    return { index, leafHash: hash, bytes };
  }

  /** Every pending entry but the last, which stays to carry the transaction's checkpoint. */
  private takeBatch(state: PendingState): AppendedLeaf[] {
    return state.leaves.splice(0, state.leaves.length - 1);
  }

  /**
   * Takes the append lock now, before the caller reads the state it will change. Holding it for
   * the whole transaction serializes read-decide-append sequences across processes, so no
   * decision is made on state another writer has since changed. Idempotent within `tx`.
   */
  async lock(tx: Tx): Promise<void> {
    await this.stateFor(tx);
  }

  private stateFor(tx: Tx): Promise<PendingState> {
    this.assertWritable();
    let state = this.pending.get(tx);
    if (state === undefined) {
      state = this.openState(tx);
      this.pending.set(tx, state);
      tx.beforeCommit(this, () => this.seal(tx));
    }
    return state;
  }

  private async openState(tx: Tx): Promise<PendingState> {
    this.assertWritable();
    const head = await this.store.lockHead(tx);
    if (head === null) throw new AuditError('log-inconsistent', 'the log has no checkpoint; it was never initialized');
    const frontier = await this.checkedFrontier(head, tx);
    return { frontier, leaves: [], openedAt: head.treeSize };
  }

  /**
   * Appends refuse to extend a tree whose stored head does not match its checkpoint: the latest
   * checkpoint must verify with the log's key, its root must be the root of the stored frontier,
   * and the frontier must be the stored nodes it names. O(log n): one read of at most 53 nodes.
   * A mismatch latches the log read-only (see halt).
   */
  private async checkedFrontier(head: StoredCheckpoint, tx: Tx): Promise<Frontier> {
    try {
      const cp = verifyCheckpoint(head.note, this.verifier, this.origin);
      const frontier = decodeFrontier(head.treeSize, head.frontier);
      if (cp.treeSize !== head.treeSize || !hashEquals(cp.rootHash, frontierRoot(frontier))) {
        throw new AuditError('log-inconsistent', `the stored head of size ${head.treeSize} does not match its checkpoint`);
      }
      const ids = rangeNodes(0, head.treeSize);
      const nodes = await this.store.readNodes(ids, tx);
      ids.forEach((id, i) => {
        const stored = nodes.get(nodeKey(id));
        if (stored === undefined || !hashEquals(stored, frontier.hashes[i]!)) {
          throw new AuditError('log-inconsistent', `stored tree node ${nodeKey(id)} does not match the head checkpoint of size ${head.treeSize}`, {
            evidence: { treeSize: head.treeSize, node: nodeKey(id) },
          });
        }
      });
      return frontier;
    } catch (cause) {
      const err = cause instanceof AuditError && cause.code === 'log-inconsistent' ? cause : new AuditError('log-inconsistent', `the stored head of size ${head.treeSize} does not verify`, { cause, evidence: { treeSize: head.treeSize } });
      this.halt(err);
      throw err;
    }
  }

  /**
   * Latches the log read-only: every later append and lock fails with 'log-inconsistent' carrying
   * this error's evidence, until an operator restarts the service after repairing the storage.
   * The first error is kept.
   */
  halt(err: AuditError): void {
    this.halted ??= err;
  }

  /** The error that latched the log read-only, or null while it accepts appends. */
  get integrityError(): AuditError | null {
    return this.halted;
  }

  private assertWritable(): void {
    if (this.halted !== null) {
      throw new AuditError('log-inconsistent', `the log is read-only after an integrity failure: ${this.halted.message}`, {
        cause: this.halted,
        ...(this.halted.evidence === undefined ? {} : { evidence: { ...this.halted.evidence } }),
      });
    }
  }

  /** Runs once per transaction that appended, just before commit: signs and writes. */
  private async seal(tx: Tx): Promise<void> {
    const state = await this.pending.get(tx);
    const last = state?.leaves.pop();
    if (state === undefined || last === undefined) return;
    const checkpoint = this.issueCheckpoint(state.frontier);
    state.leaves.push({ ...last, checkpoint });
    await this.store.insertLeaves(tx, state.leaves.splice(0));
    const appended = checkpoint.treeSize - state.openedAt;
    tx.afterCommit(() => {
      this.remember(checkpoint, this.clock().getTime());
      this.onCommitted?.(appended, checkpoint.treeSize);
    });
  }

  private issueCheckpoint(frontier: Frontier): StoredCheckpoint {
    const rootHash = frontierRoot(frontier);
    const signed = signCheckpoint({ origin: this.origin, treeSize: frontier.size, rootHash }, this.signer);
    return { treeSize: frontier.size, rootHash, note: signed.note, frontier: encodeFrontier(frontier), issuedAt: this.clock().toISOString() };
  }

  /**
   * First-start set-up inside `tx`: records the origin and verifier key, refusing a database
   * that belongs to another origin or key, and issues the size-0 checkpoint of an empty log.
   */
  async initialize(tx: Tx): Promise<void> {
    await this.store.lockHead(tx);
    await this.claimMeta(tx, 'origin', this.origin);
    await this.claimMeta(tx, 'verifier_key', this.verifierKey);
    if ((await this.store.readMeta(EMPTY_CHECKPOINT_META, tx)) === null) {
      const { note, issuedAt } = this.issueCheckpoint(EMPTY_FRONTIER);
      await this.store.insertMeta(tx, EMPTY_CHECKPOINT_META, JSON.stringify({ note, issuedAt }));
    }
  }

  private async claimMeta(tx: Tx, key: string, value: string): Promise<void> {
    const stored = await this.store.readMeta(key, tx);
    if (stored === null) {
      await this.store.insertMeta(tx, key, value);
    } else if (stored !== value) {
      throw new AuditError('key-mismatch', `this database's log has ${key} ${JSON.stringify(stored)}, not ${JSON.stringify(value)}`);
    }
  }

  /**
   * The latest checkpoint. With `maxAgeMs`, one read from the store within that long (by the
   * log's clock) may be served again: readers on a busy server then share one query. Commits by
   * this process replace it at once; commits by other processes show within `maxAgeMs`.
   */
  async latestCheckpoint(options: { maxAgeMs?: number } = {}): Promise<StoredCheckpoint> {
    const now = this.clock().getTime();
    const cached = this.recent;
    if (cached !== null && options.maxAgeMs !== undefined && now - cached.readAt <= options.maxAgeMs) return cached.checkpoint;
    const stored = await this.store.latestCheckpoint();
    if (stored === null) throw new AuditError('log-inconsistent', 'the log has no checkpoint; it was never initialized');
    this.remember(stored, now);
    return stored;
  }

  private remember(checkpoint: StoredCheckpoint, readAt: number): void {
    if (this.recent === null || checkpoint.treeSize >= this.recent.checkpoint.treeSize) this.recent = { checkpoint, readAt };
  }
}
