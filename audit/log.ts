// The log engine: appends entries inside the caller's transaction, issues one signed checkpoint
// per committing transaction (stored with its last entry), and exposes the log's identity.
import { appendToFrontier, decodeFrontier, encodeFrontier, EMPTY_FRONTIER, frontierRoot } from './compact-range.ts';
import type { Frontier } from './compact-range.ts';
import { encodeEntry, isEncodedEntry } from './entry.ts';
import type { EncodedEntry, LogEntry, NewLogEntry } from './entry.ts';
import { AuditError } from './errors.ts';
import { leafHash as computeLeafHash } from './hash.ts';
import { signCheckpoint, verifyCheckpoint } from './checkpoint.ts';
import { hashEquals } from './hash.ts';
import { rangeNodes } from './merkle.ts';
import { HALT_META_PREFIX, haltedError, haltInForce, haltOf, haltRow, resumptionRow } from './log-halt.ts';
import type { LogHalt, LogResumption } from './log-halt.ts';
import { formatVerifierKey } from './note.ts';
import type { NoteSigner, NoteVerifier } from './note.ts';
import { EMPTY_CHECKPOINT_META, nodeKey } from './log-store.ts';
import type { AppendedLeaf, EntryKey, LogStore, LogTransaction, StoredCheckpoint } from './log-store.ts';

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
  /** A halt this process latched and has not (yet) recorded in the database. */
  private latched: LogHalt | null = null;

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
  async append(tx: Tx, entry: NewLogEntry | EncodedEntry): Promise<AppendResult> {
    // An encoded entry was checked and canonicalized by whoever decided the change.
    const bytes = isEncodedEntry(entry) ? entry.bytes : encodeEntry(this.stamped(entry));
    const fields = isEncodedEntry(entry) ? entry.entry : entry;
    const state = await this.stateFor(tx);
    const result = this.push(state, bytes, { action: fields.action, subjectType: fields.subject.type, subjectId: fields.subject.id });
    if (state.leaves.length > FLUSH_THRESHOLD) await this.store.insertLeaves(tx, this.takeBatch(state));
    return result;
  }

  private stamped(entry: NewLogEntry): LogEntry {
    return entry.time === undefined ? { ...entry, time: this.clock().toISOString() } : (entry as LogEntry);
  }

  /** Adds encoded entry bytes to the transaction's pending tree; synchronous. */
  private push(state: PendingState, bytes: Buffer, key: EntryKey): AppendResult {
    const hash = computeLeafHash(bytes);
    const index = state.frontier.size;
    const { frontier, newNodes } = appendToFrontier(state.frontier, hash);
    state.frontier = frontier;
    state.leaves.push({ index, bytes, key, nodeHashes: Buffer.concat(newNodes.map((n) => n.hash)) });
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
    let state = this.pending.get(tx);
    if (state === undefined) {
      state = this.openState(tx);
      this.pending.set(tx, state);
      tx.beforeCommit(this, () => this.seal(tx));
    }
    return state;
  }

  /**
   * Takes the lock and reads the head, then refuses when the log is halted. A head that cannot
   * be read back (a checkpoint or frontier that does not parse) is an integrity error.
   */
  private async openState(tx: Tx): Promise<PendingState> {
    if (this.latched !== null) throw haltedError(this.latched);
    let state: PendingState;
    let head: StoredCheckpoint | null;
    try {
      head = await this.store.lockHead(tx);
      if (head === null) throw new AuditError('log-inconsistent', 'the log has no checkpoint; it was never initialized');
      state = { frontier: decodeFrontier(head.treeSize, head.frontier), leaves: [], openedAt: head.treeSize };
    } catch (err) {
      if (err instanceof AuditError && err.code !== 'log-inconsistent') throw new AuditError('log-inconsistent', `the stored head cannot be read: ${err.message}`, { cause: err });
      throw err;
    }
    const { halt } = haltInForce(await this.store.listMeta(HALT_META_PREFIX, tx));
    if (halt !== null) throw haltedError(halt);
    await this.checkHead(head, state.frontier, tx);
    return state;
  }

  /**
   * Appends refuse to extend a tree whose stored head does not match its checkpoint: the latest
   * checkpoint must verify with the log's key, its root must be the root of the stored frontier,
   * and the frontier must be the stored nodes it names. O(log n): one read of at most 53 nodes.
   * A mismatch is an integrity error ('log-inconsistent'), which halts the log.
   */
  private async checkHead(head: StoredCheckpoint, frontier: Frontier, tx: Tx): Promise<void> {
    const treeSize = head.treeSize;
    const mismatch = (message: string, evidence: Record<string, string | number> = {}) =>
      new AuditError('log-inconsistent', message, { evidence: { treeSize, ...evidence } });
    let rootHash: Buffer;
    try {
      const cp = verifyCheckpoint(head.note, this.verifier, this.origin);
      if (cp.treeSize !== treeSize) throw mismatch(`the checkpoint stored for size ${treeSize} says ${cp.treeSize}`);
      rootHash = cp.rootHash;
    } catch (cause) {
      if (cause instanceof AuditError && cause.code === 'log-inconsistent') throw cause;
      throw new AuditError('log-inconsistent', `the latest stored checkpoint (size ${treeSize}) does not verify with the log key`, { cause, evidence: { treeSize } });
    }
    if (!hashEquals(rootHash, frontierRoot(frontier))) throw mismatch(`the stored frontier of size ${treeSize} does not give its checkpoint's root`);
    const ids = rangeNodes(0, treeSize);
    const nodes = await this.store.readNodes(ids, tx);
    ids.forEach((id, i) => {
      const stored = nodes.get(nodeKey(id));
      if (stored === undefined || !hashEquals(stored, frontier.hashes[i]!)) {
        throw mismatch(`stored tree node ${nodeKey(id)} does not match the head checkpoint of size ${treeSize}`, { node: nodeKey(id) });
      }
    });
  }

  /**
   * Stops the log after an integrity error: from now on this process refuses every append, and
   * recordHalt makes every process sharing the database refuse them too. Idempotent.
   */
  latch(cause: AuditError): LogHalt {
    this.latched ??= haltOf(cause, this.clock());
    return this.latched;
  }

  /**
   * Records this process's latched halt in the database, inside `tx`: a transaction of its own,
   * never the one that failed. Once committed, the database is the authority (an operator's
   * resumption then ends it for this process too); until then the latch stays in memory.
   */
  async recordHalt(tx: Tx): Promise<void> {
    const latched = this.latched;
    if (latched === null) return;
    await this.lockEvenIfBroken(tx);
    const { halt, next } = haltInForce(await this.store.listMeta(HALT_META_PREFIX, tx));
    if (halt === null) {
      const row = haltRow(latched, next);
      await this.store.insertMeta(tx, row.key, row.value);
    }
    tx.afterCommit(() => {
      if (this.latched === latched) this.latched = null;
    });
  }

  /** Takes the append lock; a head that does not parse (the lock is then held) is no reason not to record a halt. */
  private async lockEvenIfBroken(tx: Tx): Promise<void> {
    try {
      await this.store.lockHead(tx);
    } catch (err) {
      if (!(err instanceof AuditError)) throw err;
    }
  }

  /** The halt in force, if any: this process's unrecorded latch, else the database's (committed). */
  async currentHalt(): Promise<LogHalt | null> {
    return this.latched ?? haltInForce(await this.store.listMeta(HALT_META_PREFIX)).halt;
  }

  /**
   * Ends the halt in force (an operator's decision, after checking the log), inside `tx`.
   * Returns the halt it ended, or null when the log was not halted.
   */
  async resume(tx: Tx, resumption: LogResumption): Promise<LogHalt | null> {
    await this.store.lockHead(tx);
    const { halt } = haltInForce(await this.store.listMeta(HALT_META_PREFIX, tx));
    if (halt === null) return null;
    const row = resumptionRow(halt, resumption);
    await this.store.insertMeta(tx, row.key, row.value);
    return halt;
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
