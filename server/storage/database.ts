// Opens the database (SQLite file by default, PostgreSQL with a URL) and runs migrations.
// Nothing else in the product creates a knex instance.
import fs from 'node:fs';
import path from 'node:path';
import knexFactory from 'knex';
import type { Knex } from 'knex';
import { KeygateMigrationSource } from './migrations/index.ts';
import { ImmediateSqliteClient } from './sqlite-client.ts';
import { runInTransaction } from './unit-of-work.ts';
import type { KnexTx } from './unit-of-work.ts';

export type DatabaseConfig =
  | { readonly engine: 'sqlite'; readonly filename: string }
  | { readonly engine: 'postgres'; readonly url: string; readonly schema?: string };

/** Connections per process; libuv runs four file-system jobs at once by default. */
const SQLITE_CONNECTIONS = 4;
/** How long a writer waits for another process's write lock before failing. */
const SQLITE_BUSY_TIMEOUT_MS = 15_000;

export interface Database {
  readonly knex: Knex;
  readonly engine: DatabaseConfig['engine'];
  transaction<T>(work: (tx: KnexTx) => Promise<T>): Promise<T>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

function sqliteConfig(filename: string): Knex.Config {
  fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  return {
    client: ImmediateSqliteClient as unknown as typeof Knex.Client,
    connection: { filename },
    useNullAsDefault: true,
    // Several connections: WAL lets readers run alongside each other and alongside the one
    // writer. This process's write transactions take turns in openDatabase's WriteQueue, so at
    // most one holds a connection at a time; writers in other processes wait on SQLite's lock
    // (BEGIN IMMEDIATE + busy_timeout).
    pool: {
      min: 1,
      max: SQLITE_CONNECTIONS,
      // WAL lets readers in other processes proceed during a write; synchronous=FULL makes a
      // committed transaction durable across power loss.
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        conn.configure('busyTimeout', SQLITE_BUSY_TIMEOUT_MS);
        conn.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;', (err) => done(err, conn));
      },
    },
  };
}

interface SqliteConnection {
  configure(option: 'busyTimeout', value: number): void;
  exec(sql: string, cb: (err: Error | null) => void): void;
}

function postgresConfig(url: string, schema: string | undefined): Knex.Config {
  return {
    client: 'pg',
    connection: url,
    pool: { min: 0, max: 10 },
    ...(schema === undefined ? {} : { searchPath: [schema] }),
  };
}

/** Runs tasks one after another, in arrival order; a failed task does not stop the queue. */
class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export async function openDatabase(config: DatabaseConfig, options: { migrate?: boolean } = {}): Promise<Database> {
  const knex = knexFactory(config.engine === 'sqlite' ? sqliteConfig(config.filename) : postgresConfig(config.url, config.schema));
  if (config.engine === 'postgres' && config.schema !== undefined) {
    await knex.raw('CREATE SCHEMA IF NOT EXISTS ??', [config.schema]);
  }
  const writers = new WriteQueue();
  const db: Database = {
    knex,
    engine: config.engine,
    // SQLite: this process's write transactions queue here, one at a time, instead of each
    // holding a pool connection (and a thread) asleep in SQLite's busy handler. Other processes
    // still wait on SQLite's lock. PostgreSQL needs no queue: its locks are taken per row/key.
    transaction: config.engine === 'sqlite' ? (work) => writers.run(() => runInTransaction(knex, work)) : (work) => runInTransaction(knex, work),
    migrate: async () => {
      await knex.migrate.latest({ migrationSource: new KeygateMigrationSource() });
    },
    close: () => knex.destroy(),
  };
  if (options.migrate !== false) await db.migrate();
  return db;
}
