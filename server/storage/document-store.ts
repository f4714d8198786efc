// Evidence documents addressed by SHA-256. Storing the same bytes twice keeps the first row.
import type { Knex } from 'knex';

export interface StoredDocument {
  readonly sha256: string;
  readonly name: string;
  readonly mediaType: string;
  readonly size: number;
  readonly storedAt: string;
  readonly storedBy: string;
}

interface DocumentRow {
  sha256: string;
  name: string;
  media_type: string;
  size: number | string;
  content: Buffer;
  stored_at: string;
  stored_by: string;
}

function toDocument(r: Omit<DocumentRow, 'content'>): StoredDocument {
  return { sha256: r.sha256, name: r.name, mediaType: r.media_type, size: Number(r.size), storedAt: r.stored_at, storedBy: r.stored_by };
}

export async function insertDocument(trx: Knex.Transaction, doc: StoredDocument, content: Buffer): Promise<void> {
  await trx('documents')
    .insert({ sha256: doc.sha256, name: doc.name, media_type: doc.mediaType, size: doc.size, content, stored_at: doc.storedAt, stored_by: doc.storedBy })
    .onConflict('sha256')
    .ignore();
}

export async function findDocument(q: Knex | Knex.Transaction, sha256: string): Promise<StoredDocument | null> {
  const r = await q<DocumentRow>('documents').select('sha256', 'name', 'media_type', 'size', 'stored_at', 'stored_by').where('sha256', sha256).first();
  return r === undefined ? null : toDocument(r);
}

export async function readDocumentContent(q: Knex | Knex.Transaction, sha256: string): Promise<Buffer | null> {
  const r = await q<DocumentRow>('documents').select('content').where('sha256', sha256).first();
  return r === undefined ? null : Buffer.from(r.content);
}
