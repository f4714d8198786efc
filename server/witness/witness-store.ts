// The witness's own SQLite file: the latest cosigned checkpoint per origin, and the signed
// submissions it refused (tlog-witness: a refused but validly signed checkpoint "might be proof of
// log misbehavior"). Nothing here is shared with the log's database.
//
// Guarantees:
// - `advance` reads the head and writes the new one in one BEGIN IMMEDIATE transaction, which
//   holds SQLite's write lock across processes sharing the file; this process's calls also queue
//   in order. The UPDATE is conditional on the size it read (compare-and-swap), so even a writer
//   that bypassed the lock could never move a head backwards or sideways.
// - A head is durable once `advance` returns (WAL, synchronous=FULL): cosign only after that.
import fs from 'node:fs';
import path from 'node:path';
import knexFactory from 'knex';
import type { Knex } from 'knex';
import type { WitnessedHead } from '../../audit/witness.ts';
import { ImmediateSqliteClient } from '../storage/sqlite-client.ts';
import { StorageError } from '../storage/errors.ts';

export const WITNESS_DB_FILE = 'witness.sqlite';
const BUSY_TIMEOUT_MS = 15_000;

interface HeadRow {
  origin: string;
  tree_size: number | string;
  root_hash: Buffer;
  checkpoint: string;
  updated_at: string;
}

export interface StoredHead extends WitnessedHead {
  readonly checkpoint: string;
  readonly updatedAt: string;
}

export interface Refusal {
  readonly origin: string;
  readonly status: number;
  readonly reason: string;
  readonly body: string;
}

function toHead(row: HeadRow): StoredHead {
  return { origin: row.origin, treeSize: Number(row.tree_size), rootHash: Buffer.from(row.root_hash), checkpoint: row.checkpoint, updatedAt: row.updated_at };
}

async function createSchema(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable('witness_heads'))) {
    await knex.schema.createTable('witness_heads', (t) => {
      t.string('origin', 1024).primary();
      t.bigInteger('tree_size').notNullable();
      t.binary('root_hash').notNullable();
      t.text('checkpoint').notNullable();
      t.string('updated_at', 40).notNullable();
    });
  }
  if (!(await knex.schema.hasTable('witness_refusals'))) {
    await knex.schema.createTable('witness_refusals', (t) => {
      t.increments('id');
      t.string('origin', 1024).notNullable();
      t.integer('status').notNullable();
      t.text('reason').notNullable();
      t.text('body').notNullable();
      t.string('at', 40).notNullable();
    });
  }
}

export class WitnessStore {
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(private readonly knex: Knex) {}

  static async open(dataDir: string): Promise<WitnessStore> {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const knex = knexFactory({
      client: ImmediateSqliteClient as unknown as typeof Knex.Client,
      connection: { filename: path.join(dataDir, WITNESS_DB_FILE) },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 2,
        afterCreate(conn: { configure(o: 'busyTimeout', v: number): void; exec(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) {
          conn.configure('busyTimeout', BUSY_TIMEOUT_MS);
          conn.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;', (err) => done(err, conn));
        },
      },
    });
    try {
      await knex.transaction((trx) => createSchema(trx));
    } catch (err) {
      await knex.destroy();
      throw err;
    }
    return new WitnessStore(knex);
  }

  async head(origin: string): Promise<StoredHead | null> {
    const row = await this.knex<HeadRow>('witness_heads').where({ origin }).first();
    return row === undefined ? null : toHead(row);
  }

  /**
   * Runs `decide` on the current head under the write lock; when it returns, stores `next` in
   * place of the head it was shown. `decide` throws to refuse, and then nothing is written.
   */
  advance(origin: string, next: Omit<StoredHead, 'origin'>, decide: (current: StoredHead | null) => void): Promise<void> {
    const run = () =>
      this.knex.transaction(async (trx) => {
        const row = await trx<HeadRow>('witness_heads').where({ origin }).first();
        const current = row === undefined ? null : toHead(row);
        decide(current);
        const values = { tree_size: next.treeSize, root_hash: next.rootHash, checkpoint: next.checkpoint, updated_at: next.updatedAt };
        if (current === null) {
          await trx('witness_heads').insert({ origin, ...values });
          return;
        }
        const changed = await trx('witness_heads').where({ origin, tree_size: current.treeSize }).update(values);
        if (changed !== 1) throw new StorageError('head-moved', `the head of ${origin} moved during the update`);
      });
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  async recordRefusal(refusal: Refusal, at: string): Promise<void> {
    await this.knex('witness_refusals').insert({ ...refusal, at });
  }

  async refusals(): Promise<Array<Refusal & { at: string }>> {
    return this.knex<Refusal & { at: string }>('witness_refusals').select('origin', 'status', 'reason', 'body', 'at').orderBy('id');
  }

  close(): Promise<void> {
    return this.knex.destroy();
  }
}
