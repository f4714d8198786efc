// Transfer requests, the PMA's and the SSC's side: consultation, SSC advice or its waiver,
// voting, questions to the DCC, conflicts, votes, the decision, conditions met, revocation.
// Each is one approvals command; the rules check the person's role on the roster and on this
// request (nobody acts in two roles on one request) at the time it is recorded.
import { commandRoute } from './command.ts';
import type { Route } from './route.ts';

const TAG = 'Review';

export const REVIEW_ROUTES: readonly Route[] = [
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/consultation',
    operationId: 'openConsultation',
    action: 'request.consultation_opened',
    tag: TAG,
    summary: 'Open SSC consultation on the current revision',
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/advice',
    operationId: 'recordAdvice',
    action: 'request.advice_recorded',
    tag: TAG,
    summary: "Record the SSC's advice on a revision",
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/advice-waiver',
    operationId: 'waiveAdvice',
    action: 'request.advice_waived',
    tag: TAG,
    summary: 'Record why SSC advice was not sought on a revision',
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/voting',
    operationId: 'openVoting',
    action: 'request.voting_opened',
    tag: TAG,
    summary: 'Open voting on the current revision',
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/information-requests',
    operationId: 'requestInformation',
    action: 'request.information_requested',
    tag: TAG,
    summary: 'Ask the DCC for more information; the DCC answers by amending',
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/conflicts',
    operationId: 'declareConflict',
    action: 'request.conflict_declared',
    tag: TAG,
    summary: 'Declare a conflict of interest; the member is then recused',
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/votes',
    operationId: 'castVote',
    action: 'request.vote_cast',
    tag: TAG,
    summary: 'Cast (or change) a vote on one subject of the current revision',
    description: 'Recused members (affiliated with the source or target, or with a declared conflict) are refused.',
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/decision',
    operationId: 'decideRequest',
    action: 'request.decided',
    tag: TAG,
    summary: 'Close voting: the decision follows from the tally under the policy in force',
    description:
      'The chair gives only the conditions of an approval, any casting votes (ties, where the policy allows), and the reason when deciding against the SSC advice; the outcome, tally, dissent and advice relied on are derived.',
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/conditions/:conditionId/met',
    operationId: 'markConditionMet',
    action: 'request.condition_met',
    tag: TAG,
    summary: 'Record that a condition of the approval is met, with evidence',
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/no-decision',
    operationId: 'closeNoDecision',
    action: 'request.closed_no_decision',
    tag: TAG,
    summary: 'Close a vote that recusals leave unable to reach quorum, without a decision; the DCC may amend and resubmit',
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/adjournment',
    operationId: 'adjournVote',
    action: 'request.adjourned',
    tag: TAG,
    summary: 'Adjourn the vote to a named meeting',
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/conditions/:conditionId/confirmation',
    operationId: 'confirmObligation',
    action: 'request.obligation_confirmed',
    tag: TAG,
    summary: "Record the source's confirmation that a post-execution condition is met, with evidence",
    description: 'The DCC records it once the transfer is executed; the request completes when every post-execution condition is met.',
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/revocation',
    operationId: 'revokeRequest',
    action: 'request.revoked',
    tag: TAG,
    summary: 'Revoke an approval before execution, citing the PMA decision',
  }),
];
