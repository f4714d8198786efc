// The refusals each action can meet: every ApprovalError code that deciding a command of that
// action may throw. The request actions' codes follow from the checklist of check.ts (request,
// transition, actor, revision, then the action's own rules), read off the transition table and
// the actor of each action; the rest are the action's own rules. A property test drives every
// action against many states and holds each refusal to this table.
import type { ApprovalErrorCode } from './errors.ts';
import type { EventAction } from './event-types.ts';
import { ACTOR_OF_ACTION } from './rules/request-access.ts';
import type { RequestActorKind } from './rules/request-access.ts';
import { TRANSITIONS } from './rules/transitions.ts';
import { isSignedRequestAction } from './signing/statement.ts';
import type { RequestAction } from './rules/transitions.ts';

type Codes = readonly ApprovalErrorCode[];

const SECRETARIAT: Codes = ['actor-role-not-allowed'];
const CHAIR: Codes = [
  'actor-role-not-allowed',
  'person-unknown',
  'chair-not-appointed',
  'chair-non-objection-missing',
  'chair-appointment-not-started',
  'chair-appointment-terminated',
  'chair-vetting-not-started',
  'chair-clearance-overdue',
  'role-conflict',
];
const ACTOR: { readonly [K in RequestActorKind]: Codes } = {
  requester: ['actor-role-not-allowed', 'person-unknown', 'actor-not-dcc', 'role-conflict'],
  pma_chair: CHAIR,
  ssc_chair: CHAIR,
  pma_member: ['actor-role-not-allowed', 'person-unknown', 'voter-not-eligible', 'role-conflict'],
  system: ['actor-role-not-allowed'],
};

/** What a revision must say (checkRevisionContent). */
const CONTENT: Codes = [
  'policy-missing',
  'key-unknown',
  'provider-unknown',
  'request-same-provider',
  'provider-not-current',
  'key-not-held-by-source',
  'recipient-prospective-mismatch',
  'window-invalid',
  'window-passed',
  'window-too-long',
  'window-too-far',
  'attachment-too-large',
  'attachment-duplicate',
];
const CITED: Codes = ['document-not-stored', 'document-size-mismatch'];

/** Why a signed statement is refused (rules/signatures.ts), and a statement already used (the service's check). */
const SIGNATURE: Codes = ['signature-missing', 'signature-invalid', 'signature-foreign', 'signature-mismatch', 'signature-stale', 'signature-replayed', 'credential-unknown', 'credential-revoked'];

const APPOINTMENT_FACT: Codes = [...SECRETARIAT, 'appointment-unknown', 'appointment-terminated', 'appointment-date-invalid'];

/** Refusals of the world's actions, and of request actions beyond the common checklist. */
const OWN: { readonly [A in EventAction]: Codes } = {
  'roster.person_added': [...SECRETARIAT, 'person-exists'],
  'roster.membership_started': [...SECRETARIAT, 'person-unknown', 'membership-invalid', 'membership-exists'],
  'roster.membership_ended': [...SECRETARIAT, 'person-unknown', 'membership-unknown'],
  'roster.affiliation_added': [...SECRETARIAT, 'person-unknown', 'provider-unknown', 'affiliation-exists'],
  'roster.affiliation_ended': [...SECRETARIAT, 'person-unknown', 'affiliation-unknown'],
  'appointment.made': [...SECRETARIAT, 'appointment-exists', 'person-unknown', 'chair-already-appointed', 'appointment-date-invalid'],
  'appointment.non_objection_recorded': [...APPOINTMENT_FACT, 'appointment-already-recorded'],
  'appointment.vetting_started': [...APPOINTMENT_FACT, 'appointment-already-recorded'],
  'appointment.clearance_granted': [...APPOINTMENT_FACT, 'appointment-already-recorded'],
  'appointment.clearance_deadline_extended': APPOINTMENT_FACT,
  'appointment.terminated': APPOINTMENT_FACT,
  'provider.registered': [...SECRETARIAT, 'provider-exists'],
  'provider.status_changed': [...SECRETARIAT, 'provider-unknown'],
  'key.registered': [...SECRETARIAT, 'event-malformed', 'key-exists', 'provider-unknown', 'key-not-transferable', 'key-certificate-invalid'],
  'policy.set': [...SECRETARIAT, 'policy-version-invalid', 'policy-invalid'],
  'document.stored': [...SECRETARIAT, 'document-exists', 'attachment-too-large'],
  'credential.enrolled': ['credential-not-own', 'person-unknown', 'credential-exists', 'credential-invalid', 'credential-approval-missing', ...SIGNATURE],
  'credential.revoked': ['actor-role-not-allowed', 'credential-not-own', 'person-unknown', 'credential-unknown', 'credential-revoked'],
  'request.created': [...ACTOR.requester, 'request-exists', 'revision-hash-mismatch', ...CONTENT, ...CITED],
  'request.amended': ['revision-hash-mismatch', 'revision-unchanged', ...CONTENT, ...CITED],
  'request.submitted': CONTENT,
  'request.consultation_opened': [],
  'request.advice_recorded': ['condition-invalid', ...CITED],
  'request.advice_waived': ['advice-already-recorded'],
  'request.voting_opened': [],
  'request.conflict_declared': ['conflict-already-declared'],
  'request.vote_cast': ['voter-requester-affiliated', 'voter-recused'],
  'request.information_requested': [],
  'request.withdrawn': [],
  'request.decided': [
    'policy-missing',
    'advice-missing',
    'quorum-not-met',
    'casting-vote-not-allowed',
    'casting-vote-required',
    'decision-mismatch',
    'condition-invalid',
    'advice-departure-reason-missing',
  ],
  'request.condition_met': ['condition-unknown', 'condition-already-met', 'evidence-missing', 'condition-phase-mismatch', ...CITED],
  'request.obligation_confirmed': ['condition-unknown', 'condition-already-met', 'evidence-missing', 'condition-phase-mismatch', ...CITED],
  'request.closed_no_decision': ['policy-missing', 'quorum-reachable', 'decision-mismatch'],
  'request.adjourned': [],
  'request.obligation_overdue': ['condition-unknown', 'condition-already-met', 'condition-phase-mismatch', 'condition-deadline-mismatch', 'condition-not-overdue', 'condition-already-overdue'],
  'request.executed': [
    'execution-in-future',
    'execution-outside-window',
    'conditions-not-met',
    'evidence-missing',
    'key-unknown',
    'key-not-held-by-source',
    'key-certificate-invalid',
    'recipient-key-mismatch',
    'recipient-certificate-invalid',
    'recipient-role-mismatch',
    'recipient-subject-mismatch',
    ...CITED,
  ],
  'request.expired': ['window-not-passed'],
  'request.revoked': [],
};

/** The state-machine actions of each request event past creation; a decision approves or rejects. */
const STATE_ACTIONS: { readonly [A in EventAction]?: readonly RequestAction[] } = {
  'request.amended': ['amend'],
  'request.submitted': ['submit'],
  'request.consultation_opened': ['open_consultation'],
  'request.advice_recorded': ['record_advice'],
  'request.advice_waived': ['waive_advice'],
  'request.voting_opened': ['open_voting'],
  'request.conflict_declared': ['declare_conflict'],
  'request.vote_cast': ['cast_vote'],
  'request.information_requested': ['request_information'],
  'request.withdrawn': ['withdraw'],
  'request.decided': ['approve', 'reject'],
  'request.condition_met': ['mark_condition_met'],
  'request.executed': ['execute'],
  'request.expired': ['expire'],
  'request.revoked': ['revoke'],
  'request.obligation_confirmed': ['confirm_obligation'],
  'request.obligation_overdue': ['flag_overdue'],
  'request.closed_no_decision': ['close_no_decision'],
  'request.adjourned': ['adjourn'],
};

/** Request events that name a revision, which must be current (`replaces` for an amendment). */
const ON_REVISION = new Set<EventAction>([
  'request.amended',
  'request.submitted',
  'request.consultation_opened',
  'request.advice_recorded',
  'request.advice_waived',
  'request.voting_opened',
  'request.vote_cast',
  'request.information_requested',
  'request.decided',
  'request.closed_no_decision',
  'request.adjourned',
]);

/** Actions holding a required text (rules/texts.ts). */
const WITH_TEXT = new Set<EventAction>([
  'request.created',
  'request.amended',
  'request.advice_recorded',
  'request.advice_waived',
  'request.conflict_declared',
  'request.vote_cast',
  'request.information_requested',
  'request.withdrawn',
  'request.decided',
  'request.condition_met',
  'request.revoked',
  'credential.revoked',
]);

function transitionRefusals(actions: readonly RequestAction[]): Codes {
  return Object.values(TRANSITIONS).flatMap((row) => actions.map((a) => row[a])).flatMap((t) => (t.allowed ? [] : [t.code]));
}

function refusalsOf(action: EventAction): Codes {
  const stateActions = STATE_ACTIONS[action];
  const common: Codes =
    stateActions === undefined
      ? []
      : [
          'request-unknown',
          ...transitionRefusals(stateActions),
          ...stateActions.flatMap((a) => ACTOR[ACTOR_OF_ACTION[a]]),
          ...(ON_REVISION.has(action) ? (['revision-stale'] as const) : []),
        ];
  const signed = isSignedRequestAction(action) ? SIGNATURE : [];
  const texts: Codes = WITH_TEXT.has(action) ? ['text-too-short'] : [];
  return [...new Set<ApprovalErrorCode>(['command-invalid', ...common, ...signed, ...OWN[action], ...texts])].sort();
}

/** Every refusal code deciding a command of each action may throw, sorted. */
export const REFUSALS: { readonly [A in EventAction]: Codes } = Object.fromEntries(
  (Object.keys(OWN) as EventAction[]).map((a) => [a, refusalsOf(a)]),
) as { readonly [A in EventAction]: Codes };
