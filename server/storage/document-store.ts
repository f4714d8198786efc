// Evidence documents addressed by SHA-256. Storing the same bytes twice keeps the first row. A
// purge empties a document's content for good and keeps its row (hash, name, size), marked.
import type { Knex } from 'knex';

export interface DocumentPurge {
  readonly at: string;
  readonly by: string;
  readonly reason: string;
}

export interface StoredDocument {
  readonly sha256: string;
  readonly name: string;
  readonly mediaType: string;
  readonly size: number;
  readonly storedAt: string;
  readonly storedBy: string;
  /** Set once the content was purged; the content is then empty. */
  readonly purged: DocumentPurge | null;
}

interface DocumentRow {
  sha256: string;
  name: string;
  media_type: string;
  size: number | string;
  content: Buffer;
  stored_at: string;
  stored_by: string;
  purged_at: string | null;
  purged_by: string | null;
  purge_reason: string | null;
}

const COLUMNS = ['sha256', 'name', 'media_type', 'size', 'stored_at', 'stored_by', 'purged_at', 'purged_by', 'purge_reason'] as const;

function toDocument(r: Omit<DocumentRow, 'content'>): StoredDocument {
  const purged = r.purged_at === null ? null : { at: r.purged_at, by: r.purged_by ?? '', reason: r.purge_reason ?? '' };
  return { sha256: r.sha256, name: r.name, mediaType: r.media_type, size: Number(r.size), storedAt: r.stored_at, storedBy: r.stored_by, purged };
}

export async function insertDocument(trx: Knex.Transaction, doc: Omit<StoredDocument, 'purged'>, content: Buffer): Promise<void> {
  await trx('documents')
    .insert({ sha256: doc.sha256, name: doc.name, media_type: doc.mediaType, size: doc.size, content, stored_at: doc.storedAt, stored_by: doc.storedBy })
    .onConflict('sha256')
    .ignore();
}

export async function findDocument(q: Knex | Knex.Transaction, sha256: string): Promise<StoredDocument | null> {
  const r = await q<DocumentRow>('documents').select(...COLUMNS).where('sha256', sha256).first();
  return r === undefined ? null : toDocument(r);
}

export async function readDocumentContent(q: Knex | Knex.Transaction, sha256: string): Promise<Buffer | null> {
  const r = await q<DocumentRow>('documents').select('content').where('sha256', sha256).first();
  return r === undefined ? null : Buffer.from(r.content);
}

/**
 * Empties the content and marks the row. On SQLite, secure_delete is on for the statement, so the
 * pages and overflow pages the content occupied are overwritten with zeros, not just freed.
 */
export async function purgeDocumentContent(trx: Knex.Transaction, sha256: string, purge: DocumentPurge): Promise<void> {
  const sqlite = trx.client.config.client !== 'pg';
  if (sqlite) await trx.raw('PRAGMA secure_delete = ON');
  try {
    await trx('documents').where('sha256', sha256).update({ content: Buffer.alloc(0), purged_at: purge.at, purged_by: purge.by, purge_reason: purge.reason });
  } finally {
    if (sqlite) await trx.raw('PRAGMA secure_delete = OFF');
  }
}

/**
 * After the purge committed, removes what the storage engine kept of the old content: SQLite
 * checkpoints the WAL into the (zeroed) database file and truncates the WAL; PostgreSQL rewrites
 * the table and its TOAST storage (VACUUM FULL), dropping the dead row versions.
 */
export async function scrubDocumentStorage(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw('VACUUM FULL documents');
    return;
  }
  await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
}

/** What the approvals rules know of the documents named: hash, size, name, media type (purged ones too). */
export async function findDocumentFacts(q: Knex | Knex.Transaction, hashes: readonly string[]): Promise<{ id: string; size: number; name: string; mediaType: string }[]> {
  if (hashes.length === 0) return [];
  const rows = await q<DocumentRow>('documents').select('sha256', 'size', 'name', 'media_type').whereIn('sha256', [...hashes]);
  return rows.map((r) => ({ id: r.sha256, size: Number(r.size), name: r.name, mediaType: r.media_type }));
}
