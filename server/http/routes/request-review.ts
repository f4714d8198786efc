// Transfer requests, the PMA's and the SSC's side: consultation, SSC advice or its waiver,
// voting, questions to the DCC, conflicts, votes, the decision, conditions met, revocation.
// Each is one approvals command; the rules check the person's role on the roster and on this
// request (nobody acts in two roles on one request) at the time it is recorded.
import { z } from 'zod';
import { commandRoute } from './command.ts';
import type { Route } from './route.ts';
import { attachments, conditionId, reference, requestId, revisionHash, text, texts } from './schemas-common.ts';
import { advicePosition, castingVotes, decisionConditions, decisionRecord, voteChoice, voteSubject } from './schemas-request.ts';

const TAG = 'Review';
const onRequest = z.strictObject({ requestId });
const onRevision = { revisionHash };
const advice = { revisionHash, position: advicePosition, text, conditions: texts, documents: attachments };
const waiver = { revisionHash, reason: text };
const questions = { revisionHash, questions: text };
const conflict = { reason: text };
const vote = { revisionHash, subject: voteSubject, choice: voteChoice, reasons: text, conditions: texts };
const conditionMet = { evidence: attachments, note: text };
const revocation = { reason: text, decisionReference: reference };

export const REVIEW_ROUTES: readonly Route[] = [
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/consultation',
    operationId: 'openConsultation',
    tag: TAG,
    summary: 'Open SSC consultation on the current revision',
    params: onRequest,
    body: z.strictObject(onRevision),
    event: { action: 'request.consultation_opened', data: z.strictObject({ requestId, ...onRevision }) },
    command: (actor, { params, body }) => ({ action: 'request.consultation_opened', actor, data: { requestId: params.requestId, ...body } }),
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/advice',
    operationId: 'recordAdvice',
    tag: TAG,
    summary: "Record the SSC's advice on a revision",
    params: onRequest,
    body: z.strictObject(advice),
    event: { action: 'request.advice_recorded', data: z.strictObject({ requestId, ...advice }) },
    command: (actor, { params, body }) => ({ action: 'request.advice_recorded', actor, data: { requestId: params.requestId, ...body } }),
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/advice-waiver',
    operationId: 'waiveAdvice',
    tag: TAG,
    summary: 'Record why SSC advice was not sought on a revision',
    params: onRequest,
    body: z.strictObject(waiver),
    event: { action: 'request.advice_waived', data: z.strictObject({ requestId, ...waiver }) },
    command: (actor, { params, body }) => ({ action: 'request.advice_waived', actor, data: { requestId: params.requestId, ...body } }),
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/voting',
    operationId: 'openVoting',
    tag: TAG,
    summary: 'Open voting on the current revision',
    params: onRequest,
    body: z.strictObject(onRevision),
    event: { action: 'request.voting_opened', data: z.strictObject({ requestId, ...onRevision }) },
    command: (actor, { params, body }) => ({ action: 'request.voting_opened', actor, data: { requestId: params.requestId, ...body } }),
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/information-requests',
    operationId: 'requestInformation',
    tag: TAG,
    summary: 'Ask the DCC for more information; the DCC answers by amending',
    params: onRequest,
    body: z.strictObject(questions),
    event: { action: 'request.information_requested', data: z.strictObject({ requestId, ...questions }) },
    command: (actor, { params, body }) => ({ action: 'request.information_requested', actor, data: { requestId: params.requestId, ...body } }),
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/conflicts',
    operationId: 'declareConflict',
    tag: TAG,
    summary: 'Declare a conflict of interest; the member is then recused',
    params: onRequest,
    body: z.strictObject(conflict),
    event: { action: 'request.conflict_declared', data: z.strictObject({ requestId, ...conflict }) },
    command: (actor, { params, body }) => ({ action: 'request.conflict_declared', actor, data: { requestId: params.requestId, ...body } }),
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/votes',
    operationId: 'castVote',
    tag: TAG,
    summary: 'Cast (or change) a vote on one subject of the current revision',
    description: 'Recused members (affiliated with the source or target, or with a declared conflict) are refused.',
    params: onRequest,
    body: z.strictObject(vote),
    event: { action: 'request.vote_cast', data: z.strictObject({ requestId, ...vote }) },
    command: (actor, { params, body }) => ({ action: 'request.vote_cast', actor, data: { requestId: params.requestId, ...body } }),
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/decision',
    operationId: 'decideRequest',
    tag: TAG,
    summary: 'Close voting: the decision follows from the tally under the policy in force',
    description:
      'The chair gives only the conditions of an approval, any casting votes (ties, where the policy allows), and the reason when deciding against the SSC advice; the outcome, tally, dissent and advice relied on are derived.',
    params: onRequest,
    body: z.strictObject({ revisionHash, conditions: decisionConditions, castingVotes: castingVotes.optional(), departureReason: text.nullable() }),
    event: { action: 'request.decided', data: z.strictObject({ requestId, ...decisionRecord }) },
    command: (actor, { params, body }) => ({ action: 'request.decided', actor, data: { requestId: params.requestId, ...body } }),
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/conditions/:conditionId/met',
    operationId: 'markConditionMet',
    tag: TAG,
    summary: 'Record that a condition of the approval is met, with evidence',
    params: z.strictObject({ requestId, conditionId }),
    body: z.strictObject(conditionMet),
    event: { action: 'request.condition_met', data: z.strictObject({ requestId, conditionId, ...conditionMet }) },
    command: (actor, { params, body }) => ({ action: 'request.condition_met', actor, data: { ...params, ...body } }),
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/revocation',
    operationId: 'revokeRequest',
    tag: TAG,
    summary: 'Revoke an approval before execution, citing the PMA decision',
    params: onRequest,
    body: z.strictObject(revocation),
    event: { action: 'request.revoked', data: z.strictObject({ requestId, ...revocation }) },
    command: (actor, { params, body }) => ({ action: 'request.revoked', actor, data: { requestId: params.requestId, ...body } }),
  }),
];
