// What an actor could do on a request now, as the rules themselves judge it. For each step the
// pages offer, the most favourable event the actor could send (evidence attached, a reason given,
// an unmet condition chosen, an execution time inside the window where one can be) is put through
// checkEvent, the gate every real command passes: a step is open exactly when the rules would
// accept such an event now, and a closed step carries the rules' own refusal. Nothing here
// restates a rule; when a rule changes, the pages' hints and forms follow.
//
// For a step the state machine does not allow in the request's state, `unlockedBy` reads the
// transition table for the actions (and who takes them) that would lead to a state that allows it.
import { checkEvent } from './check.ts';
import { withEntry } from './maps.ts';
import { isApprovalError } from './errors.ts';
import type { ApprovalErrorCode } from './errors.ts';
import type { Actor, ActorRole, RequestEvent } from './event-types.ts';
import { toConditionId, toDocumentHash } from './ids.ts';
import type { Attachment, CastingVotes, ConditionPhase, TransferRequest } from './model/request.ts';
import { deriveDecision } from './rules/decision.ts';
import { participantRoleOf } from './rules/actor.ts';
import { ACTOR_OF_ACTION, requireRequestActor } from './rules/request-access.ts';
import type { RequestActorKind } from './rules/request-access.ts';
import { VOTE_SUBJECTS } from './model/tally.ts';
import { NO_CASTING_VOTES } from './rules/tally.ts';
import { REQUEST_ACTIONS, TRANSITIONS, checkTransition } from './rules/transitions.ts';
import type { RequestAction } from './rules/transitions.ts';
import { currentRevision } from './rules/request.ts';
import type { ApprovalState } from './state-types.ts';
import { instantMs, toInstant } from './time.ts';
import type { IsoInstant } from './time.ts';

/** The steps a person takes on a request; `decide` closes voting (approve or reject, as the tally gives). */
export const REQUEST_STEPS = [
  'submit',
  'amend',
  'withdraw',
  'open_consultation',
  'request_information',
  'record_advice',
  'waive_advice',
  'open_voting',
  'declare_conflict',
  'cast_vote',
  'decide',
  'mark_condition_met',
  'execute',
  'confirm_obligation',
] as const;
export type RequestStep = (typeof REQUEST_STEPS)[number];

export type StepCheck =
  | { readonly step: RequestStep; readonly open: true }
  | { readonly step: RequestStep; readonly open: false; readonly code: ApprovalErrorCode; readonly reason: string };

/** The state-machine action of a step (a decision is checked as the approval it would be). */
export function actionOfStep(step: RequestStep): RequestAction {
  return step === 'decide' ? 'approve' : step;
}

/** The steps an actor of `role` takes (their part in the process), whether or not the state allows them now. */
export function stepsOfRole(role: ActorRole): RequestStep[] {
  const kind = role === 'system' ? 'system' : participantRoleOf(role);
  return REQUEST_STEPS.filter((s) => ACTOR_OF_ACTION[actionOfStep(s)] === kind);
}

/** A stand-in document: the rules judge that evidence is attached, never what it says. */
const PROBE_DOCUMENT: Attachment = { sha256: toDocumentHash('0'.repeat(64)), size: 1, name: 'evidence' };
const PROBE_TEXT = 'as the actor would write it';

/** A probe's data: the person's signature is judged when they submit, not by the hints. */
type ProbeData = { readonly [E in RequestEvent as E['action']]: Omit<E['data'], 'signature'> };

/** The most favourable event for `step`, or null for an amendment (its content is all the actor's own). */
function probeEvent(state: ApprovalState, r: TransferRequest, step: RequestStep, actor: Actor, time: IsoInstant): RequestEvent | null {
  const requestId = r.id;
  const revisionHash = currentRevision(r).hash;
  const event = <A extends keyof ProbeData>(action: A, data: ProbeData[A]) => ({ time, actor, action, data: { ...data, signature: null } }) as unknown as Extract<RequestEvent, { action: A }>;
  switch (step) {
    case 'amend':
      return null;
    case 'submit':
      return event('request.submitted', { requestId, revisionHash });
    case 'withdraw':
      return event('request.withdrawn', { requestId, reason: PROBE_TEXT });
    case 'open_consultation':
      return event('request.consultation_opened', { requestId, revisionHash });
    case 'request_information':
      return event('request.information_requested', { requestId, revisionHash, questions: PROBE_TEXT });
    case 'record_advice':
      return event('request.advice_recorded', { requestId, revisionHash, position: 'support', text: PROBE_TEXT, conditions: [], documents: [] });
    case 'waive_advice':
      return event('request.advice_waived', { requestId, revisionHash, reason: PROBE_TEXT });
    case 'open_voting':
      return event('request.voting_opened', { requestId, revisionHash });
    case 'declare_conflict':
      return event('request.conflict_declared', { requestId, reason: PROBE_TEXT });
    case 'cast_vote':
      return event('request.vote_cast', { requestId, revisionHash, subject: 'transfer', choice: 'approve', reasons: PROBE_TEXT, conditions: [] });
    case 'decide':
      return event('request.decided', probeDecision(state, r, revisionHash));
    case 'mark_condition_met':
      return event('request.condition_met', { requestId, conditionId: probeCondition(r, 'before_execution'), evidence: [PROBE_DOCUMENT], note: PROBE_TEXT });
    case 'execute':
      return event('request.executed', probeExecution(state, r, time));
    case 'confirm_obligation':
      return event('request.obligation_confirmed', { requestId, conditionId: probeCondition(r, 'after_execution'), evidence: [PROBE_DOCUMENT], note: PROBE_TEXT });
  }
}

/** The decision the chair could record: a casting vote wherever one would be needed, a departure reason given. */
function probeDecision(state: ApprovalState, r: TransferRequest, revisionHash: ProbeData['request.decided']['revisionHash']): ProbeData['request.decided'] {
  const command = { requestId: r.id, revisionHash, conditions: [], departureReason: PROBE_TEXT };
  const first = deriveDecision(state, r, { ...command, castingVotes: NO_CASTING_VOTES });
  if (state.policy?.terms.castingVote !== true) return first;
  const tied = new Set(first.tally.subjects.filter((s) => s.tie).map((s) => s.subject));
  const castingVotes = Object.fromEntries(VOTE_SUBJECTS.map((s) => [s, tied.has(s) ? 'approve' : null])) as unknown as CastingVotes;
  return deriveDecision(state, r, { ...command, castingVotes });
}

/** The first unmet condition of the phase; with none left, a met one (or none at all), which the rules refuse. */
function probeCondition(r: TransferRequest, phase: ConditionPhase): ProbeData['request.condition_met']['conditionId'] {
  const conditions = (r.decision?.conditions ?? []).filter((c) => (c.phase ?? 'before_execution') === phase);
  const met = new Set<string>(r.conditionsMet.map((c) => c.conditionId));
  return (conditions.find((c) => !met.has(c.conditionId)) ?? conditions[0])?.conditionId ?? toConditionId('c1');
}

/** An execution now, or at the window's end once it has passed (recorded afterwards); the key's own certificate stands in for the recipient's. */
function probeExecution(state: ApprovalState, r: TransferRequest, time: IsoInstant): ProbeData['request.executed'] {
  const content = currentRevision(r).content;
  const until = content.executionWindow.until;
  const executedAt = instantMs(time) > instantMs(until) ? until : time;
  const key = state.keys.get(content.keyId);
  // With no registered key the rules refuse (key-unknown) before they read the recipient's certificate.
  const recipientCertificate = key?.certificate ?? ({ spkiSha256: content.keyId } as unknown as ProbeData['request.executed']['recipientCertificate']);
  // The rules read the record only; the certificates it was derived from matter to replay alone.
  return { requestId: r.id, executedAt, evidence: [PROBE_DOCUMENT], recipientCertificate, recipientCertificateDer: [] };
}

function checkStep(state: ApprovalState, r: TransferRequest, step: RequestStep, actor: Actor, at: Date): StepCheck {
  try {
    const time = toInstant(at);
    const probe = probeEvent(state, r, step, actor, time);
    if (probe === null) {
      checkTransition(r.state, actionOfStep(step));
      requireRequestActor(state, r, actor, actionOfStep(step), instantMs(time));
    } else {
      // The probe's evidence stands for a document the actor would upload first.
      const documents = withEntry(state.documents, PROBE_DOCUMENT.sha256, { id: PROBE_DOCUMENT.sha256, size: PROBE_DOCUMENT.size, name: PROBE_DOCUMENT.name, mediaType: 'application/pdf' });
      checkEvent({ ...state, documents }, probe, { signatures: 'skip' });
    }
    return { step, open: true };
  } catch (err) {
    // Only the rules' refusals are answers; anything else is a bug and propagates.
    if (!isApprovalError(err)) throw err;
    return { step, open: false, code: err.code, reason: err.message };
  }
}

/** Every step, checked for `actor` on `request` at `at` against `state` (the world; the request is added to it). */
export function checkSteps(state: ApprovalState, request: TransferRequest, actor: Actor, at: Date): { readonly [S in RequestStep]: StepCheck } {
  const withRequest: ApprovalState = { ...state, requests: new Map(state.requests).set(request.id, request) };
  return Object.fromEntries(REQUEST_STEPS.map((s) => [s, checkStep(withRequest, request, s, actor, at)])) as { readonly [S in RequestStep]: StepCheck };
}

export interface Unlock {
  readonly action: RequestAction;
  readonly by: RequestActorKind;
}

/** The actions that lead from the request's state to one where `step` is allowed, and who takes them. */
export function unlockedBy(request: TransferRequest, step: RequestStep): Unlock[] {
  const wanted = actionOfStep(step);
  const row = TRANSITIONS[request.state];
  if (row[wanted].allowed) return [];
  return REQUEST_ACTIONS.flatMap((action) => {
    const t = row[action];
    if (!t.allowed || t.next === request.state || !TRANSITIONS[t.next][wanted].allowed) return [];
    return [{ action, by: ACTOR_OF_ACTION[action] }];
  });
}
