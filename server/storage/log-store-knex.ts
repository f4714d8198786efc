// The audit log's storage port on knex (SQLite and PostgreSQL). Row types stay in this file.
import type { Knex } from 'knex';
import type { NodeId } from '../../audit/merkle.ts';
import { nodeKey } from '../../audit/log-store.ts';
import type { LogStore, StoredCheckpoint, StoredLeaf, StoredNode } from '../../audit/log-store.ts';
import type { KnexTx } from './unit-of-work.ts';

/** Arbitrary constant naming the PostgreSQL advisory lock that serializes log appends. */
const APPEND_LOCK_KEY = 0x6b657967; // "keyg"
/** Rows per INSERT statement: well under SQLite's 32,766 bound variables. */
const INSERT_CHUNK = 400;

interface CheckpointRow {
  tree_size: number | string;
  root_hash: Buffer;
  note: string;
  frontier: Buffer;
  issued_at: string;
}

function toCheckpoint(row: CheckpointRow): StoredCheckpoint {
  return {
    treeSize: Number(row.tree_size),
    rootHash: Buffer.from(row.root_hash),
    note: row.note,
    frontier: Buffer.from(row.frontier),
    issuedAt: row.issued_at,
  };
}

async function insertChunked(q: Knex | Knex.Transaction, table: string, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await q(table).insert(rows.slice(i, i + INSERT_CHUNK));
  }
}

export class KnexLogStore implements LogStore<KnexTx> {
  constructor(private readonly knex: Knex) {}

  private q(tx?: KnexTx): Knex | Knex.Transaction {
    return tx === undefined ? this.knex : tx.trx;
  }

  async lockForAppend(tx: KnexTx): Promise<void> {
    // SQLite: the transaction began with BEGIN IMMEDIATE and already holds the write lock.
    if (this.knex.client.config.client === 'pg') {
      await tx.trx.raw('SELECT pg_advisory_xact_lock(?)', [APPEND_LOCK_KEY]);
    }
  }

  async latestCheckpoint(tx?: KnexTx): Promise<StoredCheckpoint | null> {
    const row = await this.q(tx)<CheckpointRow>('log_checkpoints').orderBy('tree_size', 'desc').first();
    return row === undefined ? null : toCheckpoint(row);
  }

  async checkpointAt(treeSize: number): Promise<StoredCheckpoint | null> {
    const row = await this.knex<CheckpointRow>('log_checkpoints').where('tree_size', treeSize).first();
    return row === undefined ? null : toCheckpoint(row);
  }

  async listCheckpoints(afterSize: number, limit: number): Promise<StoredCheckpoint[]> {
    const rows = await this.knex<CheckpointRow>('log_checkpoints').where('tree_size', '>', afterSize).orderBy('tree_size').limit(limit);
    return rows.map(toCheckpoint);
  }

  async insertLeaves(tx: KnexTx, leaves: readonly StoredLeaf[]): Promise<void> {
    await insertChunked(tx.trx, 'log_entries', leaves.map((l) => ({ idx: l.index, leaf: l.bytes })));
  }

  async insertNodes(tx: KnexTx, nodes: readonly StoredNode[]): Promise<void> {
    await insertChunked(tx.trx, 'log_nodes', nodes.map((n) => ({ level: n.id.level, idx: n.id.index, hash: n.hash })));
  }

  async insertCheckpoint(tx: KnexTx, cp: StoredCheckpoint): Promise<void> {
    await tx.trx('log_checkpoints').insert({
      tree_size: cp.treeSize,
      root_hash: cp.rootHash,
      note: cp.note,
      frontier: cp.frontier,
      issued_at: cp.issuedAt,
    });
  }

  async readNodes(ids: readonly NodeId[]): Promise<Map<string, Buffer>> {
    const unique = new Map(ids.map((id) => [nodeKey(id), id]));
    const found = new Map<string, Buffer>();
    const list = [...unique.values()];
    for (let i = 0; i < list.length; i += INSERT_CHUNK) {
      const chunk = list.slice(i, i + INSERT_CHUNK);
      const rows = await this.knex<{ level: number; idx: number | string; hash: Buffer }>('log_nodes')
        .select('level', 'idx', 'hash')
        .whereIn(['level', 'idx'], chunk.map((id) => [id.level, id.index]));
      for (const r of rows) found.set(`${r.level}/${Number(r.idx)}`, Buffer.from(r.hash));
    }
    return found;
  }

  async readLeaves(start: number, end: number): Promise<StoredLeaf[]> {
    const rows = await this.knex<{ idx: number | string; leaf: Buffer }>('log_entries')
      .select('idx', 'leaf')
      .where('idx', '>=', start)
      .andWhere('idx', '<', end)
      .orderBy('idx');
    return rows.map((r) => ({ index: Number(r.idx), bytes: Buffer.from(r.leaf) }));
  }

  async countLeaves(): Promise<number> {
    const row = await this.knex('log_entries').max({ m: 'idx' }).first();
    const max = row?.m;
    return max === null || max === undefined ? 0 : Number(max) + 1;
  }

  async readMeta(key: string, tx?: KnexTx): Promise<string | null> {
    const row = await this.q(tx)<{ value: string }>('log_meta').where('key', key).first();
    return row?.value ?? null;
  }

  async insertMeta(tx: KnexTx, key: string, value: string): Promise<void> {
    await tx.trx('log_meta').insert({ key, value });
  }
}
