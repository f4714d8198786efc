// Purging a stored document's content: an admin's last resort when a document turns out to hold
// what must not be kept. One write through the unit of work (lock, load, decide, save, append):
// the content is emptied (SQLite with secure_delete) and the log records the purge (hash,
// reason, who) in the same transaction; after the commit the storage engine's copies are scrubbed
// (WAL checkpoint, VACUUM FULL). The log entries citing the hash are untouched and still verify.
import { encodeLogEntry } from '../../audit/entry.ts';
import type { EncodedEntry } from '../../audit/entry.ts';
import { assertNoPrivateKey, assertProse } from '../../pki/index.ts';
import type { Database } from '../storage/database.ts';
import { findDocument, purgeDocumentContent, scrubDocumentStorage } from '../storage/document-store.ts';
import type { DocumentPurge, StoredDocument } from '../storage/document-store.ts';
import type { UnitOfWork } from '../storage/unit-of-work.ts';
import type { Actor } from './actor.ts';
import { ServiceError } from './errors.ts';

export const DOCUMENT_PURGED_ACTION = 'document.purged';

/** The purge of `doc`, or the refusal: a document must exist and not be purged already. */
function decidePurge(doc: StoredDocument | null, sha256: string, actor: Actor, reason: string, at: Date): { entry: EncodedEntry; purge: DocumentPurge } {
  if (doc === null) throw new ServiceError('document-not-found', `no document ${sha256}`);
  if (doc.purged !== null) throw new ServiceError('document-purged', `document ${sha256} was already purged on ${doc.purged.at}`);
  assertNoPrivateKey(reason, { where: 'the reason' });
  assertProse(reason, 'the reason');
  const purge: DocumentPurge = { at: at.toISOString(), by: actor.id, reason };
  const entry = encodeLogEntry({
    time: purge.at,
    actor: { id: actor.id, role: actor.role },
    action: DOCUMENT_PURGED_ACTION,
    subject: { type: 'document', id: sha256 },
    data: { sha256, name: doc.name, size: doc.size, reason },
  });
  return { entry, purge };
}

export async function purgeDocument(deps: { db: Database; writes: UnitOfWork }, actor: Actor, sha256: string, reason: string): Promise<DocumentPurge> {
  const purge = await deps.writes.run({
    load: (tx) => findDocument(tx.trx, sha256),
    decide: (doc, at) => {
      const { entry, purge } = decidePurge(doc, sha256, actor, reason, at);
      return { entry, write: purge, result: purge };
    },
    save: (tx, p) => purgeDocumentContent(tx.trx, sha256, p),
  });
  await scrubDocumentStorage(deps.db.knex);
  return purge;
}
