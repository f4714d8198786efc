// checkEvent: the one gate every event passes, when a command is decided and when an auditor
// replays the log. For request events the checklist is: the request exists; the transition is
// allowed; the actor may take the action now and holds no other role on the request; the
// revision named is current; the acting person's signed statement (rules/signatures.ts); then
// the action's own rules.
import { assertNever } from './assert-never.ts';
import type { ApprovalEvent, RequestEvent } from './event-types.ts';
import { checkAdviceRecorded, checkAdviceWaived } from './rules/advice.ts';
import { checkAppointmentEvent } from './rules/appointment.ts';
import { checkClosedNoDecision, checkDecided } from './rules/decision.ts';
import { checkDocumentStored, requireStoredDocuments } from './rules/documents.ts';
import { checkConditionMet, checkExecuted, checkExpired, checkObligationConfirmed, checkObligationOverdue } from './rules/execution.ts';
import { checkPolicySet } from './rules/policy.ts';
import { checkKeyEvent, checkProviderEvent } from './rules/providers.ts';
import { checkAmended, checkCreated, checkSubmitted, requireCurrentRevision, requireRequest } from './rules/request.ts';
import { requireRequestActor } from './rules/request-access.ts';
import { checkRosterEvent } from './rules/roster.ts';
import { checkTexts } from './rules/texts.ts';
import { checkCredentialEnrolled, checkCredentialRevoked, checkSignedEvent, isSignedEvent } from './rules/signatures.ts';
import type { CheckContext } from './rules/signatures.ts';
import { checkTransition, requestActionOf } from './rules/transitions.ts';
import { checkConflictDeclared, checkVoteCast } from './rules/votes.ts';
import type { ApprovalState } from './state-types.ts';
import { instantMs } from './time.ts';

export type { CheckContext };

/** Throws ApprovalError when `event` breaks a rule in `state`; returns nothing when it holds. */
export function checkEvent(state: ApprovalState, event: ApprovalEvent, context: CheckContext = {}): void {
  checkEventRules(state, event, context);
  // Last, so a blank text never hides the refusal that matters more.
  checkTexts(event);
}

function checkEventRules(state: ApprovalState, event: ApprovalEvent, context: CheckContext): void {
  switch (event.action) {
    case 'roster.person_added':
    case 'roster.membership_started':
    case 'roster.membership_ended':
    case 'roster.affiliation_added':
    case 'roster.affiliation_ended':
      return checkRosterEvent(state, event);
    case 'appointment.made':
    case 'appointment.non_objection_recorded':
    case 'appointment.vetting_started':
    case 'appointment.clearance_granted':
    case 'appointment.clearance_deadline_extended':
    case 'appointment.terminated':
      return checkAppointmentEvent(state, event);
    case 'provider.registered':
    case 'provider.status_changed':
      return checkProviderEvent(state, event);
    case 'key.registered':
      return checkKeyEvent(state, event);
    case 'policy.set':
      return checkPolicySet(state, event);
    case 'document.stored':
      return checkDocumentStored(state, event);
    case 'credential.enrolled':
      return checkCredentialEnrolled(state, event, context);
    case 'credential.revoked':
      return checkCredentialRevoked(state, event);
    default:
      return checkRequestEvent(state, event, context);
  }
}

function checkRequestEvent(state: ApprovalState, event: RequestEvent, context: CheckContext): void {
  if (event.action === 'request.created') {
    checkCreated(state, event);
    return checkSignedEvent(state, event, context);
  }
  const request = requireRequest(state, event.data.requestId);
  const action = requestActionOf(event);
  if (action === null) return;
  checkTransition(request.state, action);
  requireRequestActor(state, request, event.actor, action, instantMs(event.time));
  if ('revisionHash' in event.data && event.action !== 'request.amended') requireCurrentRevision(request, event.data.revisionHash);
  // The person who may act now must have signed what the entry records.
  if (isSignedEvent(event)) checkSignedEvent(state, event, context);
  switch (event.action) {
    case 'request.amended':
      return checkAmended(state, request, event);
    case 'request.submitted':
      return checkSubmitted(state, request, event);
    case 'request.advice_recorded':
      requireStoredDocuments(state, event.data.documents, 'the advice');
      return checkAdviceRecorded(event);
    case 'request.advice_waived':
      return checkAdviceWaived(request, event);
    case 'request.conflict_declared':
      return checkConflictDeclared(request, event);
    case 'request.vote_cast':
      return checkVoteCast(state, request, event);
    case 'request.decided':
      return checkDecided(state, request, event);
    case 'request.condition_met':
      checkConditionMet(request, event);
      return requireStoredDocuments(state, event.data.evidence, 'the condition record');
    case 'request.executed':
      checkExecuted(state, request, event);
      return requireStoredDocuments(state, event.data.evidence, 'the execution record');
    case 'request.expired':
      return checkExpired(request, event);
    case 'request.closed_no_decision':
      return checkClosedNoDecision(state, request, event);
    case 'request.adjourned':
      return;
    case 'request.obligation_confirmed':
      checkObligationConfirmed(request, event);
      return requireStoredDocuments(state, event.data.evidence, 'the confirmation');
    case 'request.obligation_overdue':
      return checkObligationOverdue(request, event);
    case 'request.consultation_opened':
    case 'request.voting_opened':
    case 'request.information_requested':
    case 'request.withdrawn':
    case 'request.revoked':
      return;
    default:
      return assertNever(event);
  }
}
