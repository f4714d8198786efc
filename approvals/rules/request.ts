// Transfer requests: what a revision must say, and the lifecycle events that carry no further
// rule than who may act and on which revision (check.ts runs those common checks first).
import { refuse } from '../errors.ts';
import type { EventOf } from '../event-types.ts';
import type { RequestId, RevisionHash } from '../ids.ts';
import type { Revision, RevisionContent, TransferRequest } from '../model/request.ts';
import { computeRevisionHash } from '../revision-hash.ts';
import type { ApprovalState } from '../state-types.ts';
import { addDaysMs, instantMs } from '../time.ts';
import { requireDccActor } from './actor.ts';
import { MAX_ATTACHMENT_BYTES, requireStoredDocuments } from './documents.ts';
import { requirePolicy } from './policy.ts';
import { requireProvider } from './providers.ts';


export function requireRequest(state: ApprovalState, id: RequestId): TransferRequest {
  return state.requests.get(id) ?? refuse('request-unknown', `no transfer request "${id}"`, { requestId: id });
}

export function currentRevision(request: TransferRequest): Revision {
  const revision = request.revisions.at(-1);
  if (revision === undefined) throw new Error(`request ${request.id} has no revision`);
  return revision;
}

/** Votes, advice and chair actions bind to the revision the actor saw: it must still be current. */
export function requireCurrentRevision(request: TransferRequest, hash: RevisionHash): Revision {
  const current = currentRevision(request);
  if (current.hash !== hash) refuse('revision-stale', `revision ${hash} is not the current revision ${current.hash} of request ${request.id}`, { given: hash, current: current.hash });
  return current;
}

export function checkCreated(state: ApprovalState, event: EventOf<'request.created'>): void {
  requireDccActor(state, event.actor, event.action);
  if (state.requests.has(event.data.requestId)) refuse('request-exists', `transfer request "${event.data.requestId}" exists`);
  requireHash(event.data.revision, event.data.revisionHash);
  checkRevisionContent(state, event.data.revision, instantMs(event.time));
  // Once, when the revision is made: a document stored stays stored.
  requireStoredDocuments(state, event.data.revision.attachments, 'the revision');
}

export function checkAmended(state: ApprovalState, request: TransferRequest, event: EventOf<'request.amended'>): void {
  const current = requireCurrentRevision(request, event.data.replaces);
  requireHash(event.data.revision, event.data.revisionHash);
  if (event.data.revisionHash === current.hash) refuse('revision-unchanged', 'the amendment does not change the request');
  checkRevisionContent(state, event.data.revision, instantMs(event.time));
  requireStoredDocuments(state, event.data.revision.attachments, 'the revision');
}

export function checkSubmitted(state: ApprovalState, request: TransferRequest, event: EventOf<'request.submitted'>): void {
  checkRevisionContent(state, currentRevision(request).content, instantMs(event.time));
}

function requireHash(content: RevisionContent, recorded: RevisionHash): void {
  const computed = computeRevisionHash(content);
  if (computed !== recorded) refuse('revision-hash-mismatch', `the revision hashes to ${computed}, not ${recorded}`, { computed, recorded });
}

/** What the DCC may ask for at `atMs`: a registered key, held by a current source, going elsewhere, in a window the policy allows. */
export function checkRevisionContent(state: ApprovalState, content: RevisionContent, atMs: number): void {
  const policy = requirePolicy(state);
  const key = state.keys.get(content.keyId) ?? refuse('key-unknown', `no registered key ${content.keyId}`, { keyId: content.keyId });
  const source = requireProvider(state, content.sourceProviderId);
  const target = requireProvider(state, content.targetProviderId);
  if (source.id === target.id) refuse('request-same-provider', 'the source and target provider are the same');
  if (source.status !== 'current') refuse('provider-not-current', `source provider ${source.id} is not a current provider`);
  if (key.holderId !== source.id) refuse('key-not-held-by-source', `key ${key.id} is held by ${key.holderId}, not ${source.id}`, { keyId: key.id, holderId: key.holderId });
  if (content.recipientSecurity.recipientProspective !== (target.status === 'prospective')) {
    refuse('recipient-prospective-mismatch', `the security case says the recipient is ${content.recipientSecurity.recipientProspective ? '' : 'not '}prospective; provider ${target.id} is ${target.status}`);
  }
  checkWindow(content, policy.terms.window, atMs);
  checkAttachments(content);
}

function checkWindow(content: RevisionContent, limits: { maxDurationDays: number; maxLeadDays: number }, atMs: number): void {
  const from = instantMs(content.executionWindow.from);
  const until = instantMs(content.executionWindow.until);
  if (from >= until) refuse('window-invalid', 'the execution window ends before it starts');
  if (until <= atMs) refuse('window-passed', `the execution window ended at ${content.executionWindow.until}`);
  if (until > addDaysMs(from, limits.maxDurationDays)) refuse('window-too-long', `the execution window is longer than ${limits.maxDurationDays} days`);
  if (from > addDaysMs(atMs, limits.maxLeadDays)) refuse('window-too-far', `the execution window starts more than ${limits.maxLeadDays} days ahead`);
}

function checkAttachments(content: RevisionContent): void {
  const seen = new Set<string>();
  for (const a of content.attachments) {
    if (a.size > MAX_ATTACHMENT_BYTES) refuse('attachment-too-large', `${a.name} is ${a.size} bytes; the limit is ${MAX_ATTACHMENT_BYTES}`, { sha256: a.sha256, size: a.size });
    if (seen.has(a.sha256)) refuse('attachment-duplicate', `${a.name} is attached twice`, { sha256: a.sha256 });
    seen.add(a.sha256);
  }
}
