// The storage port of the audit log. Adapters (server/storage) implement it on SQLite and
// PostgreSQL; the log engine (log.ts) is written against this contract only.
import type { NodeId } from './merkle.ts';

/** A write transaction owned by the caller. The log registers work to run just before commit. */
export interface LogTransaction {
  /**
   * Runs `hook` once, after the caller's work and before COMMIT, in the same transaction.
   * Hooks registered under the same key run once. If a hook throws, the transaction MUST roll
   * back and the error MUST reach the caller.
   */
  beforeCommit(key: object, hook: () => Promise<void>): void;
  /** Runs `hook` after the transaction committed; never when it rolled back. */
  afterCommit(hook: () => void): void;
}

export interface StoredLeaf {
  readonly index: number;
  readonly bytes: Buffer;
}

/**
 * An entry with the tree nodes its append completed. Node layout: the append of leaf i completes
 * the leaf node (level 0, index i) and, for each trailing 1-bit of i, one more perfect subtree,
 * so `nodeHashes` holds 1 + trailingOnes(i) hashes, level 0 first. Conversely node (level L,
 * index j) is stored with leaf (j + 1) * 2^L - 1 at offset 32 * L. Storing nodes in the entry's
 * own row makes an append one row, and a proof one indexed read of O(log n) rows.
 */
export interface AppendedLeaf extends StoredLeaf {
  readonly nodeHashes: Buffer;
  /** What the entry is about, for the adapter's subject/action index (read paths search by it). */
  readonly key: EntryKey;
  /**
   * Set on the last entry a transaction appends: the checkpoint that transaction issued. It is
   * stored in the same row, so a single-entry append writes one row.
   */
  readonly checkpoint?: StoredCheckpoint;
}

export interface EntryKey {
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
}

/** The leaf whose row stores node `id` (see AppendedLeaf). */
export function nodeRowIndex(id: NodeId): number {
  return (id.index + 1) * 2 ** id.level - 1;
}

/** A row as stored, unchecked: for fsck, which reports what differs instead of throwing. */
export interface StoredRow extends StoredLeaf {
  readonly nodeHashes: Buffer;
  /** The checkpoint stored with this entry (the last of its transaction), if any. */
  readonly checkpoint: { readonly note: string; readonly frontier: Buffer } | null;
}

export interface StoredCheckpoint {
  readonly treeSize: number;
  readonly rootHash: Buffer;
  readonly note: string;
  /** The compact range of the tree at this size (hashes of rangeNodes(0, treeSize)). */
  readonly frontier: Buffer;
  readonly issuedAt: string;
}

/**
 * Every method taking `tx` runs inside that transaction and sees its uncommitted writes.
 * Methods without `tx` read committed data only.
 *
 * Guarantees an adapter MUST give:
 * - Entries (with their nodes and checkpoints) and meta rows are insert-only. The database
 *   itself refuses UPDATE, DELETE and TRUNCATE of them (migrations create triggers).
 * - `lockHead` serializes appenders across every process sharing the database, holds the lock
 *   until the transaction ends (PostgreSQL: a transaction-level advisory lock; SQLite: the write
 *   lock taken by BEGIN IMMEDIATE), and returns the head as committed before the lock was
 *   granted, never an older one.
 * - The checkpoint of size 0 is kept in meta under EMPTY_CHECKPOINT_META; every other
 *   checkpoint is kept with the entry that ends its tree.
 * - Inserting an entry at an index that exists fails (primary key), so a stale head can never
 *   overwrite or fork the log; the failure MUST be reported as AuditError 'log-inconsistent'
 *   (a writer appended without the lock).
 * - Writes are durable once the transaction commits.
 */
export interface LogStore<Tx extends LogTransaction = LogTransaction> {
  /** Takes the append lock, then reads the latest checkpoint (null: none yet). */
  lockHead(tx: Tx): Promise<StoredCheckpoint | null>;
  /** The checkpoint with the largest tree size, or null for a log that has never issued one. */
  latestCheckpoint(): Promise<StoredCheckpoint | null>;
  checkpointAt(treeSize: number): Promise<StoredCheckpoint | null>;
  /** The checkpoint with the largest tree size not above `treeSize` (the size-0 one at least, once initialized). */
  checkpointAtOrBelow(treeSize: number): Promise<StoredCheckpoint | null>;
  /** Checkpoints in ascending tree size, from `afterSize` (exclusive), at most `limit`. */
  listCheckpoints(afterSize: number, limit: number): Promise<StoredCheckpoint[]>;
  insertLeaves(tx: Tx, leaves: readonly AppendedLeaf[]): Promise<void>;
  /**
   * Reads stored nodes; missing ids are absent from the map (keyed by `${level}/${index}`). With
   * `tx`, inside that transaction (an appender holding the lock MUST NOT wait for a second
   * connection, which other appenders waiting for the lock may hold).
   */
  readNodes(ids: readonly NodeId[], tx?: Tx): Promise<Map<string, Buffer>>;
  /** Entries with start <= index < end, ascending. */
  readLeaves(start: number, end: number): Promise<StoredLeaf[]>;
  /** Rows with start <= index < end, ascending, without any check (fsck). */
  scanRows(start: number, end: number): Promise<StoredRow[]>;
  /** The number of stored entries (a count of rows, so a gap shows). */
  countLeaves(): Promise<number>;
  readMeta(key: string, tx?: Tx): Promise<string | null>;
  /** Every meta row whose key starts with `prefix`, in any order. */
  listMeta(prefix: string, tx?: Tx): Promise<{ key: string; value: string }[]>;
  insertMeta(tx: Tx, key: string, value: string): Promise<void>;
}

/** The meta key holding the size-0 checkpoint, as JSON `{ note, issuedAt }`. */
export const EMPTY_CHECKPOINT_META = 'checkpoint_0';

export function nodeKey(id: NodeId): string {
  return `${id.level}/${id.index}`;
}
