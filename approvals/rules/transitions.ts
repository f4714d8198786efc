// The request state machine as data. Every (state, action) pair has an entry, allowed with its
// next state or refused with a code; the mapped types make a missing pair a compile error, and
// the tests enumerate REQUEST_STATES x REQUEST_ACTIONS. Terminal states refuse everything.
import { assertNever } from '../assert-never.ts';
import { refuse } from '../errors.ts';
import type { RequestEvent } from '../event-types.ts';
import { TERMINAL_STATES } from '../model/request.ts';
import type { RequestState } from '../model/request.ts';

export const REQUEST_ACTIONS = [
  'amend',
  'submit',
  'open_consultation',
  'record_advice',
  'waive_advice',
  'open_voting',
  'declare_conflict',
  'cast_vote',
  'request_information',
  'withdraw',
  'approve',
  'reject',
  'mark_condition_met',
  'execute',
  'expire',
  'revoke',
  'confirm_obligation',
  'flag_overdue',
  'complete',
  'close_no_decision',
  'adjourn',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export type TransitionRefusal = 'state-terminal' | 'transition-refused' | 'request-not-approved' | 'request-already-decided';

export type Transition = { readonly allowed: true; readonly next: RequestState } | { readonly allowed: false; readonly code: TransitionRefusal };

type Row = { readonly [A in RequestAction]: Transition };

const to = (next: RequestState): Transition => ({ allowed: true, next });
const no = (code: TransitionRefusal): Transition => ({ allowed: false, code });
const REFUSED = no('transition-refused');
const NOT_APPROVED = no('request-not-approved');
const DECIDED = no('request-already-decided');

/** Actions that only an approved request takes. */
const AFTER_APPROVAL = { mark_condition_met: NOT_APPROVED, execute: NOT_APPROVED, expire: NOT_APPROVED, revoke: NOT_APPROVED } as const;
/**
 * Actions that only an executed request takes. `complete` is taken by the fold, never by an
 * event of its own: when an execution or a confirmation leaves no post-execution condition open.
 */
const AFTER_EXECUTION = { confirm_obligation: REFUSED, flag_overdue: REFUSED, complete: REFUSED } as const;
/** The chair's ways out of a vote that cannot reach quorum: only while voting. */
const STUCK = { close_no_decision: REFUSED, adjourn: REFUSED } as const;
const STUCK_DECIDED = { close_no_decision: DECIDED, adjourn: DECIDED } as const;

const TERMINAL_ROW: Row = Object.fromEntries(REQUEST_ACTIONS.map((a) => [a, no('state-terminal')])) as Row;

export const TRANSITIONS: { readonly [S in RequestState]: Row } = {
  draft: {
    amend: to('draft'), submit: to('submitted'), open_consultation: REFUSED, record_advice: REFUSED, waive_advice: REFUSED,
    open_voting: REFUSED, declare_conflict: REFUSED, cast_vote: REFUSED, request_information: REFUSED, withdraw: to('withdrawn'),
    approve: REFUSED, reject: REFUSED, ...AFTER_APPROVAL, ...AFTER_EXECUTION, ...STUCK,
  },
  submitted: {
    amend: REFUSED, submit: REFUSED, open_consultation: to('ssc_consultation'), record_advice: REFUSED, waive_advice: to('submitted'),
    open_voting: to('voting'), declare_conflict: to('submitted'), cast_vote: REFUSED, request_information: to('information_requested'),
    withdraw: to('withdrawn'), approve: REFUSED, reject: REFUSED, ...AFTER_APPROVAL, ...AFTER_EXECUTION, ...STUCK,
  },
  ssc_consultation: {
    amend: REFUSED, submit: REFUSED, open_consultation: REFUSED, record_advice: to('ssc_consultation'), waive_advice: to('ssc_consultation'),
    open_voting: to('voting'), declare_conflict: to('ssc_consultation'), cast_vote: REFUSED, request_information: to('information_requested'),
    withdraw: to('withdrawn'), approve: REFUSED, reject: REFUSED, ...AFTER_APPROVAL, ...AFTER_EXECUTION, ...STUCK,
  },
  voting: {
    amend: REFUSED, submit: REFUSED, open_consultation: REFUSED, record_advice: to('voting'), waive_advice: to('voting'),
    open_voting: REFUSED, declare_conflict: to('voting'), cast_vote: to('voting'), request_information: to('information_requested'),
    withdraw: to('withdrawn'), approve: to('approved'), reject: to('rejected'), ...AFTER_APPROVAL, ...AFTER_EXECUTION,
    close_no_decision: to('no_decision'), adjourn: to('voting'),
  },
  // The DCC answers by amending, which resubmits.
  information_requested: {
    amend: to('submitted'), submit: REFUSED, open_consultation: REFUSED, record_advice: REFUSED, waive_advice: REFUSED,
    open_voting: REFUSED, declare_conflict: to('information_requested'), cast_vote: REFUSED, request_information: REFUSED,
    withdraw: to('withdrawn'), approve: REFUSED, reject: REFUSED, ...AFTER_APPROVAL, ...AFTER_EXECUTION, ...STUCK,
  },
  approved: {
    amend: DECIDED, submit: DECIDED, open_consultation: DECIDED, record_advice: DECIDED, waive_advice: DECIDED, open_voting: DECIDED,
    declare_conflict: DECIDED, cast_vote: DECIDED, request_information: DECIDED, withdraw: DECIDED, approve: DECIDED, reject: DECIDED,
    mark_condition_met: to('approved'), execute: to('executed'), expire: to('expired'), revoke: to('revoked'), ...AFTER_EXECUTION, ...STUCK_DECIDED,
  },
  // The transfer happened; post-execution conditions are open until the DCC records them met.
  executed: {
    amend: DECIDED, submit: DECIDED, open_consultation: DECIDED, record_advice: DECIDED, waive_advice: DECIDED, open_voting: DECIDED,
    declare_conflict: DECIDED, cast_vote: DECIDED, request_information: DECIDED, withdraw: DECIDED, approve: DECIDED, reject: DECIDED,
    mark_condition_met: REFUSED, execute: REFUSED, expire: REFUSED, revoke: REFUSED,
    confirm_obligation: to('executed'), flag_overdue: to('executed'), complete: to('completed'), ...STUCK_DECIDED,
  },
  // Closed without a decision: the DCC amends (a new revision, resubmitted) or withdraws.
  no_decision: {
    amend: to('submitted'), submit: REFUSED, open_consultation: REFUSED, record_advice: REFUSED, waive_advice: REFUSED,
    open_voting: REFUSED, declare_conflict: REFUSED, cast_vote: REFUSED, request_information: REFUSED,
    withdraw: to('withdrawn'), approve: REFUSED, reject: REFUSED, ...AFTER_APPROVAL, ...AFTER_EXECUTION, ...STUCK,
  },
  rejected: TERMINAL_ROW,
  withdrawn: TERMINAL_ROW,
  completed: TERMINAL_ROW,
  expired: TERMINAL_ROW,
  revoked: TERMINAL_ROW,
};

export function transition(state: RequestState, action: RequestAction): Transition {
  return TRANSITIONS[state][action];
}

/** The next state, or throws the refusal's code. */
export function checkTransition(state: RequestState, action: RequestAction): RequestState {
  const t = transition(state, action);
  if (t.allowed) return t.next;
  return refuse(t.code, `a request in state "${state}" cannot ${action.replaceAll('_', ' ')}`, { state, action });
}

export function isTerminal(state: RequestState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** The state-machine action an event performs; null for `request.created`, which starts in draft. */
export function requestActionOf(event: RequestEvent): RequestAction | null {
  switch (event.action) {
    case 'request.created':
      return null;
    case 'request.amended':
      return 'amend';
    case 'request.submitted':
      return 'submit';
    case 'request.consultation_opened':
      return 'open_consultation';
    case 'request.advice_recorded':
      return 'record_advice';
    case 'request.advice_waived':
      return 'waive_advice';
    case 'request.voting_opened':
      return 'open_voting';
    case 'request.conflict_declared':
      return 'declare_conflict';
    case 'request.vote_cast':
      return 'cast_vote';
    case 'request.information_requested':
      return 'request_information';
    case 'request.withdrawn':
      return 'withdraw';
    case 'request.decided':
      return event.data.outcome === 'approved' ? 'approve' : 'reject';
    case 'request.condition_met':
      return 'mark_condition_met';
    case 'request.executed':
      return 'execute';
    case 'request.expired':
      return 'expire';
    case 'request.revoked':
      return 'revoke';
    case 'request.obligation_confirmed':
      return 'confirm_obligation';
    case 'request.obligation_overdue':
      return 'flag_overdue';
    case 'request.closed_no_decision':
      return 'close_no_decision';
    case 'request.adjourned':
      return 'adjourn';
    default:
      return assertNever(event);
  }
}
