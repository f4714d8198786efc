// Stored documents and the citations of them. A document is stored once (the service scans and
// hashes it, then logs `document.stored`); every attachment or piece of evidence an action cites
// must name a stored document, with its size. Replay checks citations against the
// `document.stored` entries before them, so a log citing a document never uploaded fails.
import { refuse } from '../errors.ts';
import type { EventOf } from '../event-types.ts';
import type { Attachment } from '../model/request.ts';
import type { ApprovalState } from '../state-types.ts';
import { requireActorRole } from './actor.ts';

/** Largest evidence document; the service's upload limit must not exceed it. */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** Whoever cites documents stores them: the DCC, the chairs and the secretariat (members cite none). */
export function checkDocumentStored(state: ApprovalState, event: EventOf<'document.stored'>): void {
  requireActorRole(event.actor, ['dcc', 'pma_chair', 'ssc_chair', 'secretariat'], event.action);
  const { sha256, size } = event.data;
  if (state.documents.has(sha256)) refuse('document-exists', `document ${sha256} is already stored`, { sha256 });
  if (size === 0 || size > MAX_ATTACHMENT_BYTES) refuse('attachment-too-large', `a stored document has 1 to ${MAX_ATTACHMENT_BYTES} bytes, not ${size}`, { sha256, size });
}

/** Every cited document is stored, with the size the citation gives. */
export function requireStoredDocuments(state: ApprovalState, cited: readonly Attachment[], where: string): void {
  for (const a of cited) {
    const stored = state.documents.get(a.sha256);
    if (stored === undefined) refuse('document-not-stored', `${where} cites ${a.name} (${a.sha256}), which was never stored: upload it first`, { sha256: a.sha256 });
    if (stored.size !== a.size) refuse('document-size-mismatch', `${where} cites ${a.name} with ${a.size} bytes; the stored document ${a.sha256} has ${stored.size}`, { sha256: a.sha256, cited: a.size, stored: stored.size });
  }
}
