// The audit log's storage port on knex (SQLite and PostgreSQL). Row types stay in this file.
// The append path uses fixed raw SQL: the query builder's per-call cost is a large share of a
// single-entry transaction.
import type { Knex } from 'knex';
import type { NodeId } from '../../audit/merkle.ts';
import { parseCheckpointText } from '../../audit/checkpoint.ts';
import { AuditError } from '../../audit/errors.ts';
import { EMPTY_CHECKPOINT_META, nodeKey, nodeRowIndex } from '../../audit/log-store.ts';
import { hashEquals, leafHash } from '../../audit/hash.ts';
import { parseNote } from '../../audit/note.ts';
import type { AppendedLeaf, LogStore, StoredCheckpoint, StoredLeaf, StoredRow } from '../../audit/log-store.ts';
import { insertIndexRows } from './log-entry-index.ts';
import type { KnexTx } from './unit-of-work.ts';

/** Rows per INSERT statement: well under SQLite's 32,766 bound variables. */
const INSERT_CHUNK = 500;
const HASH_SIZE = 32;
/** Per row in scanRowsPacked's BLOB: index (8 bytes), leaf and hashes lengths (4 each), checkpoint flag (1). */
const PACKED_HEADER = 17;

const HEAD_SQL = 'SELECT idx, checkpoint, frontier, issued_at FROM log_entries WHERE checkpoint IS NOT NULL ORDER BY idx DESC LIMIT 1';
const LOCK_HEAD_SQL_PG = 'SELECT idx, checkpoint, frontier, issued_at FROM keygate_lock_log_head()';

interface CheckpointRow {
  idx: number | string;
  checkpoint: string;
  frontier: Buffer;
  issued_at: string;
}

function checkpointOf(treeSize: number, note: string, frontier: Buffer, issuedAt: string): StoredCheckpoint {
  const { rootHash } = parseCheckpointText(parseNote(note).text);
  return { treeSize, rootHash, note, frontier, issuedAt };
}

function toCheckpoint(row: CheckpointRow): StoredCheckpoint {
  return checkpointOf(Number(row.idx) + 1, row.checkpoint, Buffer.from(row.frontier), row.issued_at);
}

/** knex.raw returns driver-specific results: an array on SQLite, `{ rows }` on PostgreSQL. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

/** A primary-key or unique violation: SQLite's SQLITE_CONSTRAINT_PRIMARYKEY/UNIQUE, PostgreSQL's 23505. */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; errno?: unknown; message?: unknown };
  if (e.code === '23505') return true;
  return e.code === 'SQLITE_CONSTRAINT' && typeof e.message === 'string' && /UNIQUE constraint failed|PRIMARY KEY/.test(e.message);
}

function insertValuesSql(rows: number): string {
  const values = Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?)').join(', ');
  return `INSERT INTO log_entries (idx, leaf, hashes, checkpoint, frontier, issued_at) VALUES ${values}`;
}

export class KnexLogStore implements LogStore<KnexTx> {
  private readonly isPostgres: boolean;
  /** Told of every integrity failure a read finds (the composition latches the log on it). */
  onIntegrityError: ((err: AuditError) => void) | undefined;

  constructor(private readonly knex: Knex) {
    this.isPostgres = knex.client.config.client === 'pg';
  }

  private q(tx?: KnexTx): Knex | Knex.Transaction {
    return tx === undefined ? this.knex : tx.trx;
  }

  async lockHead(tx: KnexTx): Promise<StoredCheckpoint | null> {
    // SQLite: the transaction began with BEGIN IMMEDIATE and already holds the write lock.
    const rows = rowsOf<CheckpointRow>(await tx.trx.raw(this.isPostgres ? LOCK_HEAD_SQL_PG : HEAD_SQL));
    return rows[0] === undefined ? this.emptyCheckpoint(tx) : toCheckpoint(rows[0]);
  }

  private async emptyCheckpoint(tx?: KnexTx): Promise<StoredCheckpoint | null> {
    const meta = await this.readMeta(EMPTY_CHECKPOINT_META, tx);
    if (meta === null) return null;
    const { note, issuedAt } = JSON.parse(meta) as { note: string; issuedAt: string };
    return checkpointOf(0, note, Buffer.alloc(0), issuedAt);
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | null> {
    const row = rowsOf<CheckpointRow>(await this.knex.raw(HEAD_SQL))[0];
    return row === undefined ? this.emptyCheckpoint() : toCheckpoint(row);
  }

  async checkpointAt(treeSize: number): Promise<StoredCheckpoint | null> {
    if (treeSize === 0) return this.emptyCheckpoint();
    const row = await this.knex<CheckpointRow>('log_entries')
      .select('idx', 'checkpoint', 'frontier', 'issued_at')
      .where('idx', treeSize - 1)
      .whereNotNull('checkpoint')
      .first();
    return row === undefined ? null : toCheckpoint(row);
  }

  async checkpointAtOrBelow(treeSize: number): Promise<StoredCheckpoint | null> {
    const row = rowsOf<CheckpointRow>(
      await this.knex.raw('SELECT idx, checkpoint, frontier, issued_at FROM log_entries WHERE idx < ? AND checkpoint IS NOT NULL ORDER BY idx DESC LIMIT 1', [treeSize]),
    )[0];
    return row === undefined ? this.emptyCheckpoint() : toCheckpoint(row);
  }

  /** Scans entry rows in index order; checkpoints end transactions, so most rows of a large batch are skipped. */
  async listCheckpoints(afterSize: number, limit: number): Promise<StoredCheckpoint[]> {
    const out: StoredCheckpoint[] = [];
    if (afterSize < 0 && limit > 0) {
      const empty = await this.emptyCheckpoint();
      if (empty !== null) out.push(empty);
    }
    const rows = await this.knex<CheckpointRow>('log_entries')
      .select('idx', 'checkpoint', 'frontier', 'issued_at')
      .where('idx', '>=', Math.max(afterSize, 0))
      .whereNotNull('checkpoint')
      .orderBy('idx')
      .limit(limit - out.length);
    return [...out, ...rows.map(toCheckpoint)];
  }

  async insertLeaves(tx: KnexTx, leaves: readonly AppendedLeaf[]): Promise<void> {
    for (let i = 0; i < leaves.length; i += INSERT_CHUNK) {
      const chunk = leaves.slice(i, i + INSERT_CHUNK);
      const bindings = chunk.flatMap((l) => [
        l.index,
        l.bytes,
        l.nodeHashes,
        l.checkpoint?.note ?? null,
        l.checkpoint?.frontier ?? null,
        l.checkpoint?.issuedAt ?? null,
      ]);
      try {
        await tx.trx.raw(insertValuesSql(chunk.length), bindings);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        throw new AuditError('log-inconsistent', `entry ${chunk[0]!.index} or a later one of this append already exists: another writer appended without the lock`, {
          cause: err,
          evidence: { firstIndex: chunk[0]!.index, entries: chunk.length },
        });
      }
    }
    try {
      await insertIndexRows(tx.trx, leaves);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw new AuditError('log-inconsistent', `the entry index already holds entry ${leaves[0]!.index} or a later one of this append: entries were removed from the log`, {
        cause: err,
        evidence: { firstIndex: leaves[0]!.index, entries: leaves.length },
      });
    }
  }

  /**
   * The entries at the given indices, ascending, each checked against its stored leaf hash (as
   * readLeaves). Missing indices are absent.
   */
  async readLeavesAt(indices: readonly number[]): Promise<StoredLeaf[]> {
    const out: StoredLeaf[] = [];
    for (let i = 0; i < indices.length; i += INSERT_CHUNK) {
      const rows = await this.knex<{ idx: number | string; leaf: Buffer; hashes: Buffer }>('log_entries')
        .select('idx', 'leaf', 'hashes')
        .whereIn('idx', indices.slice(i, i + INSERT_CHUNK))
        .orderBy('idx');
      out.push(...rows.map((r) => this.checkedLeaf(r)));
    }
    return out.sort((a, b) => a.index - b.index);
  }

  async readNodes(ids: readonly NodeId[], tx?: KnexTx): Promise<Map<string, Buffer>> {
    const rowsWanted = [...new Set(ids.map(nodeRowIndex))].sort((a, b) => a - b);
    const byRow = new Map<number, Buffer>();
    const first = rowsWanted[0];
    if (first !== undefined && rowsWanted.at(-1)! - first + 1 === rowsWanted.length) {
      // Consecutive rows (a level-0 tile, a run of leaves): one range read, cheaper than IN (…256 values).
      const rows = await this.q(tx)<{ idx: number | string; hashes: Buffer }>('log_entries')
        .select('idx', 'hashes')
        .where('idx', '>=', first)
        .andWhere('idx', '<=', rowsWanted.at(-1)!);
      for (const r of rows) byRow.set(Number(r.idx), Buffer.from(r.hashes));
    }
    for (let i = 0; byRow.size === 0 && i < rowsWanted.length; i += INSERT_CHUNK) {
      const rows = await this.q(tx)<{ idx: number | string; hashes: Buffer }>('log_entries')
        .select('idx', 'hashes')
        .whereIn('idx', rowsWanted.slice(i, i + INSERT_CHUNK));
      for (const r of rows) byRow.set(Number(r.idx), Buffer.from(r.hashes));
    }
    const found = new Map<string, Buffer>();
    for (const id of ids) {
      const hashes = byRow.get(nodeRowIndex(id));
      const start = id.level * HASH_SIZE;
      if (hashes !== undefined && hashes.length >= start + HASH_SIZE) found.set(nodeKey(id), hashes.subarray(start, start + HASH_SIZE));
    }
    return found;
  }

  /**
   * Every entry read is checked against the leaf hash stored with it (level 0 of `hashes`), so an
   * entry edited in place is an error here and is never served as if it were the logged one.
   */
  async readLeaves(start: number, end: number): Promise<StoredLeaf[]> {
    const rows = await this.knex<{ idx: number | string; leaf: Buffer; hashes: Buffer }>('log_entries')
      .select('idx', 'leaf', 'hashes')
      .where('idx', '>=', start)
      .andWhere('idx', '<', end)
      .orderBy('idx');
    return rows.map((r) => this.checkedLeaf(r));
  }

  private checkedLeaf(r: { idx: number | string; leaf: Buffer; hashes: Buffer }): StoredLeaf {
    const bytes = Buffer.from(r.leaf);
    const stored = Buffer.from(r.hashes).subarray(0, HASH_SIZE);
    const computed = leafHash(bytes);
    if (!hashEquals(stored, computed)) {
      const err = new AuditError('log-inconsistent', `entry ${Number(r.idx)} does not match its stored leaf hash`, {
        evidence: { index: Number(r.idx), storedLeafHash: stored.toString('base64'), entryHash: computed.toString('base64') },
      });
      this.onIntegrityError?.(err);
      throw err;
    }
    return { index: Number(r.idx), bytes };
  }

  async scanRows(start: number, end: number): Promise<StoredRow[]> {
    if (!this.isPostgres) {
      const packed = await this.scanRowsPacked(start, end);
      if (packed !== null) return packed;
    }
    return this.scanRowsOneByOne(start, end);
  }

  /**
   * SQLite: the range's rows as one BLOB, each row as a header (its index, 8 bytes, the lengths
   * of leaf and hashes, 4 bytes each, big-endian, and 1 when a checkpoint is stored with it) then
   * its leaf and hashes; the few checkpoints by a second query, by index. node-sqlite3 spends about 2 µs turning each BLOB column of
   * each row into a Buffer, more than fsck's own work on the row; one BLOB per page costs that
   * once. The rows come in the order of the idx index scan; each carries its index, so a gap
   * shows as it would row by row, and should SQLite ever concatenate out of order this returns
   * null and the caller reads row by row.
   */
  private async scanRowsPacked(start: number, end: number): Promise<StoredRow[] | null> {
    const [page] = rowsOf<{ data: Buffer | null }>(
      await this.knex.raw(
        `SELECT CAST(group_concat(unhex(format('%016X%08X%08X%02X', idx, length(leaf), length(hashes), checkpoint IS NOT NULL)) || leaf || hashes, '') AS BLOB) AS data
         FROM log_entries WHERE idx >= ? AND idx < ?`,
        [start, end],
      ),
    );
    const data = page?.data ?? null;
    if (data === null) return [];
    const rows: StoredRow[] = [];
    const withCheckpoint: number[] = [];
    let previous = start - 1;
    for (let p = 0; p < data.length; ) {
      if (p + PACKED_HEADER > data.length) return null;
      const index = data.readUInt32BE(p) * 2 ** 32 + data.readUInt32BE(p + 4);
      const leafStart = p + PACKED_HEADER;
      const hashesStart = leafStart + data.readUInt32BE(p + 8);
      if (data[p + 16] === 1) withCheckpoint.push(rows.length);
      p = hashesStart + data.readUInt32BE(p + 12);
      if (index <= previous || index >= end || p > data.length) return null;
      previous = index;
      rows.push({ index, bytes: data.subarray(leafStart, hashesStart), nodeHashes: data.subarray(hashesStart, p), checkpoint: null });
    }
    if (withCheckpoint.length === 0) return rows;
    const indices = withCheckpoint.map((i) => rows[i]!.index);
    const checkpoints = new Map(
      rowsOf<{ idx: number | string; checkpoint: string; frontier: Buffer | null }>(
        await this.knex.raw(`SELECT idx, checkpoint, frontier FROM log_entries WHERE idx IN (${indices.map(() => '?').join(', ')})`, indices),
      ).map((r) => [Number(r.idx), { note: r.checkpoint, frontier: r.frontier ?? Buffer.alloc(0) }]),
    );
    for (const i of withCheckpoint) {
      const cp = checkpoints.get(rows[i]!.index);
      if (cp === undefined) return null;
      rows[i] = { ...rows[i]!, checkpoint: cp };
    }
    return rows;
  }

  private async scanRowsOneByOne(start: number, end: number): Promise<StoredRow[]> {
    const rows = rowsOf<{ idx: number | string; leaf: Buffer; hashes: Buffer; checkpoint: string | null; frontier: Buffer | null }>(
      await this.knex.raw('SELECT idx, leaf, hashes, checkpoint, frontier FROM log_entries WHERE idx >= ? AND idx < ? ORDER BY idx', [start, end]),
    );
    return rows.map((r) => ({
      index: Number(r.idx),
      // Both drivers return fresh Buffers for BLOB/bytea: no copy needed.
      bytes: r.leaf,
      nodeHashes: r.hashes,
      checkpoint: r.checkpoint === null ? null : { note: r.checkpoint, frontier: r.frontier ?? Buffer.alloc(0) },
    }));
  }

  /** COUNT(*), not max(idx) + 1: a missing row in the middle must show. O(n), for checks only. */
  async countLeaves(): Promise<number> {
    const row = await this.knex('log_entries').count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  async readMeta(key: string, tx?: KnexTx): Promise<string | null> {
    const row = await this.q(tx)<{ value: string }>('log_meta').where('key', key).first();
    return row?.value ?? null;
  }

  async listMeta(prefix: string, tx?: KnexTx): Promise<{ key: string; value: string }[]> {
    // Keys are ASCII: the range [prefix, prefix + U+FFFF) is exactly "starts with prefix" in
    // code-point order; the COLLATE keeps PostgreSQL's locale collation out of it.
    const collate = this.isPostgres ? ' COLLATE "C"' : '';
    const rows = await this.q(tx).raw(`SELECT key, value FROM log_meta WHERE key${collate} >= ? AND key${collate} < ?`, [prefix, `${prefix}\uffff`]);
    return rowsOf<{ key: string; value: string }>(rows);
  }

  async insertMeta(tx: KnexTx, key: string, value: string): Promise<void> {
    await tx.trx('log_meta').insert({ key, value });
  }
}
