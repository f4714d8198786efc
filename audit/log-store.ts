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
}

export interface StoredLeaf {
  readonly index: number;
  readonly bytes: Buffer;
}

export interface StoredNode {
  readonly id: NodeId;
  readonly hash: Buffer;
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
 * - Entries, nodes, checkpoints and meta rows are insert-only. The database itself refuses
 *   UPDATE, DELETE and TRUNCATE of them (migrations create triggers).
 * - `lockForAppend` serializes appenders across every process sharing the database, and the
 *   lock is held until the transaction ends (PostgreSQL: a transaction-level advisory lock;
 *   SQLite: the write lock taken by BEGIN IMMEDIATE).
 * - Inserting an entry at an index that exists fails (primary key), so a stale head can never
 *   overwrite or fork the log.
 * - Writes are durable once the transaction commits.
 */
export interface LogStore<Tx extends LogTransaction = LogTransaction> {
  lockForAppend(tx: Tx): Promise<void>;
  /** The checkpoint with the largest tree size, or null for a log that has never issued one. */
  latestCheckpoint(tx?: Tx): Promise<StoredCheckpoint | null>;
  checkpointAt(treeSize: number): Promise<StoredCheckpoint | null>;
  /** Checkpoints in ascending tree size, from `afterSize` (exclusive), at most `limit`. */
  listCheckpoints(afterSize: number, limit: number): Promise<StoredCheckpoint[]>;
  insertLeaves(tx: Tx, leaves: readonly StoredLeaf[]): Promise<void>;
  insertNodes(tx: Tx, nodes: readonly StoredNode[]): Promise<void>;
  insertCheckpoint(tx: Tx, checkpoint: StoredCheckpoint): Promise<void>;
  /** Reads stored nodes; missing ids are absent from the map (keyed by `${level}/${index}`). */
  readNodes(ids: readonly NodeId[]): Promise<Map<string, Buffer>>;
  /** Entries with start <= index < end, ascending. */
  readLeaves(start: number, end: number): Promise<StoredLeaf[]>;
  /** The number of stored entries (max index + 1). */
  countLeaves(): Promise<number>;
  readMeta(key: string, tx?: Tx): Promise<string | null>;
  insertMeta(tx: Tx, key: string, value: string): Promise<void>;
}

export function nodeKey(id: NodeId): string {
  return `${id.level}/${id.index}`;
}
