// applyEvent for requests. The transition table decides the next state; an event whose transition
// is refused, or that names a missing request, leaves the state unchanged.
import { assertNever } from './assert-never.ts';
import type { EventOf, RequestEvent } from './event-types.ts';
import { toPersonId } from './ids.ts';
import { withEntry } from './maps.ts';
import type { RequestState, TransferRequest } from './model/request.ts';
import { participantRoleOf } from './rules/actor.ts';
import { unmetConditions } from './rules/execution.ts';
import { requestActionOf, transition } from './rules/transitions.ts';
import type { ApprovalState } from './state-types.ts';

export function applyRequestEvent(state: ApprovalState, event: RequestEvent): ApprovalState {
  if (event.action === 'request.created') return applyCreated(state, event);
  const request = state.requests.get(event.data.requestId);
  const action = requestActionOf(event);
  if (request === undefined || action === null) return state;
  const t = transition(request.state, action);
  if (!t.allowed) return state;
  const next = settled(withParticipant(updateRequest(request, event, t.next), event));
  const requests = withEntry(state.requests, request.id, next);
  return event.action === 'request.executed' ? moveKey({ ...state, requests }, request, event) : { ...state, requests };
}

function applyCreated(state: ApprovalState, event: EventOf<'request.created'>): ApprovalState {
  const { requestId, revisionHash, revision } = event.data;
  if (state.requests.has(requestId)) return state;
  const request: TransferRequest = {
    id: requestId,
    state: 'draft',
    revisions: [{ number: 1, hash: revisionHash, content: revision, at: event.time }],
    advice: [],
    adviceWaivers: [],
    votes: [],
    conflicts: [],
    participants: [],
    informationRequests: [],
    decision: null,
    conditionsMet: [],
    execution: null,
    closure: null,
  };
  return { ...state, requests: withEntry(state.requests, requestId, withParticipant(request, event)) };
}

function updateRequest(r: TransferRequest, e: Exclude<RequestEvent, EventOf<'request.created'>>, next: RequestState): TransferRequest {
  const moved: TransferRequest = { ...r, state: next };
  const by = toPersonId(e.actor.id);
  const at = e.time;
  switch (e.action) {
    case 'request.amended':
      return { ...moved, revisions: [...r.revisions, { number: r.revisions.length + 1, hash: e.data.revisionHash, content: e.data.revision, at }] };
    case 'request.submitted':
    case 'request.consultation_opened':
    case 'request.voting_opened':
      return moved;
    case 'request.advice_recorded': {
      const { revisionHash, position, text, conditions, documents } = e.data;
      return { ...moved, advice: [...r.advice, { revisionHash, position, text, conditions, documents, by, at }] };
    }
    case 'request.advice_waived':
      return { ...moved, adviceWaivers: [...r.adviceWaivers, { revisionHash: e.data.revisionHash, reason: e.data.reason, by, at }] };
    case 'request.conflict_declared':
      return { ...moved, conflicts: [...r.conflicts, { personId: by, reason: e.data.reason, at }] };
    case 'request.vote_cast': {
      const { revisionHash, subject, choice, reasons, conditions } = e.data;
      return { ...moved, votes: [...r.votes, { voterId: by, revisionHash, subject, choice, reasons, conditions, at }] };
    }
    case 'request.information_requested':
      return { ...moved, informationRequests: [...r.informationRequests, { revisionHash: e.data.revisionHash, questions: e.data.questions, at }] };
    case 'request.withdrawn':
      return { ...moved, closure: { kind: 'withdrawn', reason: e.data.reason, at } };
    case 'request.decided': {
      const { requestId: _r, signature: _s, ...decision } = e.data;
      return { ...moved, decision: { ...decision, by, at } };
    }
    case 'request.condition_met':
      return { ...moved, conditionsMet: [...r.conditionsMet, { conditionId: e.data.conditionId, evidence: e.data.evidence, note: e.data.note, by, at }] };
    case 'request.executed':
      return { ...moved, execution: { executedAt: e.data.executedAt, evidence: e.data.evidence, recipientCertificate: e.data.recipientCertificate, by, at } };
    case 'request.expired':
      return { ...moved, closure: { kind: 'expired', at } };
    case 'request.revoked':
      return { ...moved, closure: { kind: 'revoked', reason: e.data.reason, decisionReference: e.data.decisionReference, at } };
    case 'request.obligation_confirmed':
      return { ...moved, conditionsMet: [...r.conditionsMet, { conditionId: e.data.conditionId, evidence: e.data.evidence, note: e.data.note, by, at }] };
    case 'request.closed_no_decision': {
      const { revisionHash, reason, quorumBase, quorumRequired } = e.data;
      return { ...moved, noDecisions: [...(r.noDecisions ?? []), { revisionHash, reason, quorumBase, quorumRequired, by, at }] };
    }
    case 'request.adjourned':
      return { ...moved, adjournments: [...(r.adjournments ?? []), { revisionHash: e.data.revisionHash, meeting: e.data.meeting, reason: e.data.reason, by, at }] };
    case 'request.obligation_overdue':
      return { ...moved, overdue: [...(r.overdue ?? []), { conditionId: e.data.conditionId, dueAt: e.data.dueAt, at }] };
    default:
      return assertNever(e);
  }
}

/** An executed request with no post-execution condition left open completes (the table's `complete`). */
function settled(request: TransferRequest): TransferRequest {
  if (request.state !== 'executed' || unmetConditions(request, 'after_execution').length > 0) return request;
  const t = transition(request.state, 'complete');
  return t.allowed ? { ...request, state: t.next } : request;
}

/** Records the actor's role on the request the first time they act on it. */
function withParticipant(request: TransferRequest, event: RequestEvent): TransferRequest {
  const role = participantRoleOf(event.actor.role);
  const personId = toPersonId(event.actor.id);
  if (role === null || request.participants.some((p) => p.personId === personId)) return request;
  return { ...request, participants: [...request.participants, { personId, role }] };
}

/** Execution hands the key to the target provider under the recipient's certificate. */
function moveKey(state: ApprovalState, request: TransferRequest, event: EventOf<'request.executed'>): ApprovalState {
  const content = request.revisions.at(-1)?.content;
  const key = content === undefined ? undefined : state.keys.get(content.keyId);
  if (content === undefined || key === undefined) return state;
  return { ...state, keys: withEntry(state.keys, key.id, { ...key, holderId: content.targetProviderId, certificate: event.data.recipientCertificate }) };
}
