// A consistent copy of a running SQLite deployment, through SQLite's online backup API
// (sqlite3_backup_*, https://www.sqlite.org/backup.html): all pages are copied in one step, inside
// one read transaction on the source, so the copy is the database as of one commit while the
// server goes on writing (WAL lets writers proceed while the backup reads).
//
// The copy is written to a temporary file beside the destination, switched to a rollback
// journal (a backup is one self-contained file, no -wal or -shm beside it), then checked by the
// log's self-check (checkpoint signature, entry count, tree root) read-only, and only then
// renamed to the destination. A copy that fails the check is deleted: the destination either
// holds a checked backup or does not exist.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import knexFactory from 'knex';
import sqlite3 from 'sqlite3';
import { checkLogHead } from '../../audit/log-check.ts';
import type { HeadCheck } from '../../audit/log-check.ts';
import type { NoteVerifier } from '../../audit/note.ts';
import { KnexLogStore } from './log-store-knex.ts';

/** The parts of node-sqlite3's Backup this module uses (its type declarations omit the class). */
interface SqliteBackup {
  readonly completed: boolean;
  readonly failed: boolean;
  step(pages: number, callback: (err: Error | null | undefined) => void): void;
  finish(callback: (err: Error | null | undefined) => void): void;
}

/** How often a step is retried while another connection holds a lock the backup needs. */
const LOCKED_RETRIES = 200;
const RETRY_DELAY_MS = 50;
const RETRY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);

export interface BackupResult extends HeadCheck {
  readonly file: string;
  readonly bytes: number;
}

function openSqlite(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db: sqlite3.Database = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(db)));
  });
}

const closeSqlite = (db: sqlite3.Database): Promise<void> => new Promise((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));

const stepOf = (backup: SqliteBackup): Promise<void> => new Promise((resolve, reject) => backup.step(-1, (err) => (err ? reject(err) : resolve())));

const finishOf = (backup: SqliteBackup): Promise<void> => new Promise((resolve, reject) => backup.finish((err) => (err ? reject(err) : resolve())));

/** Copies every page of `source` into the new file `target`. */
async function copyPages(source: string, target: string): Promise<void> {
  // Read-write only so that SQLite may open a WAL database whose -shm it must map; nothing is written.
  const db = await openSqlite(source, sqlite3.OPEN_READWRITE);
  try {
    const backup = (db as unknown as { backup(file: string): SqliteBackup }).backup(target);
    try {
      for (let attempt = 0; !backup.completed; attempt++) {
        // A step that meets SQLITE_BUSY or SQLITE_LOCKED reports it but leaves the backup active: try again.
        await stepOf(backup).catch((err: unknown) => {
          if (backup.failed || !RETRY_CODES.has((err as { code?: string }).code ?? '')) throw err;
        });
        if (backup.failed) throw new Error('the SQLite backup failed');
        if (backup.completed) break;
        if (attempt >= LOCKED_RETRIES) throw new Error(`the database stayed locked for ${(LOCKED_RETRIES * RETRY_DELAY_MS) / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      }
    } finally {
      await finishOf(backup);
    }
  } finally {
    await closeSqlite(db);
  }
}

/** A backup is one file: leave WAL mode, so that no -wal or -shm file goes with it. */
async function makeSelfContained(file: string): Promise<void> {
  const db = await openSqlite(file, sqlite3.OPEN_READWRITE);
  try {
    await new Promise<void>((resolve, reject) => db.exec('PRAGMA journal_mode = DELETE;', (err) => (err ? reject(err) : resolve())));
  } finally {
    await closeSqlite(db);
  }
}

/** The log's self-check on the copy, read-only. */
async function checkCopy(file: string, log: { readonly verifier: NoteVerifier; readonly origin: string }): Promise<HeadCheck> {
  // query_only: knex always adds OPEN_READWRITE to its open flags, so read-only is asked of SQLite here.
  const afterCreate = (conn: sqlite3.Database, done: (err: Error | null, conn: sqlite3.Database) => void): void => {
    conn.exec('PRAGMA query_only = ON;', (err) => done(err ?? null, conn));
  };
  const knex = knexFactory({ client: 'sqlite3', connection: { filename: file }, useNullAsDefault: true, pool: { min: 1, max: 1, afterCreate } });
  try {
    return await checkLogHead(new KnexLogStore(knex), log.verifier, log.origin);
  } finally {
    await knex.destroy();
  }
}

/** Gives the checked copy its name without replacing anything that appeared there meanwhile. */
function publishExclusively(partial: string, dest: string): void {
  try {
    fs.linkSync(partial, dest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw err;
    // A file system without hard links: an exclusive copy fails the same way on an existing file.
    fs.copyFileSync(partial, dest, fs.constants.COPYFILE_EXCL);
  }
}

/**
 * Writes a checked backup of the SQLite database `source` to `dest`, which must not exist.
 * `log` is the deployment's log identity: the copy must verify with it. Throws (and leaves no
 * file at `dest`) when the copy cannot be made or fails the self-check.
 */
export async function backupSqliteDatabase(source: string, dest: string, log: { readonly verifier: NoteVerifier; readonly origin: string }): Promise<BackupResult> {
  const partial = path.join(path.dirname(path.resolve(dest)), `.${path.basename(dest)}.partial-${crypto.randomBytes(6).toString('hex')}`);
  try {
    await copyPages(source, partial);
    await makeSelfContained(partial);
    const head = await checkCopy(partial, log);
    publishExclusively(partial, dest);
    return { file: dest, bytes: fs.statSync(dest).size, ...head };
  } finally {
    for (const leftover of [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(leftover, { force: true });
  }
}
