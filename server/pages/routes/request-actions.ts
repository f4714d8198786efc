// The forms on the request page: one POST per workflow step, each one approvals command under
// the operationId the API uses for it. A refusal by the rules shows the request page again with
// the rules' message next to the form; success redirects back with a fixed notice.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { ADVICE_POSITIONS, VOTE_CHOICES, VOTE_SUBJECTS, currentRevision, toConditionId, toRequestId, toRevisionHash } from '../../../approvals/index.ts';
import type { Actor, Command, RequestId, RevisionHash, VoteSubject } from '../../../approvals/index.ts';
import type { Keygate } from '../../compose.ts';
import type { OperationId } from '../../http/permissions.ts';
import { HttpProblem } from '../../errors/http-problem.ts';
import { needs } from '../access.ts';
import { choice, formOf, lines, required, text, utcInstant } from '../form.ts';
import type { FormFields } from '../form.ts';
import { pageErrorOf } from '../page-errors.ts';
import type { Notice } from '../render.ts';
import { actorOf, requestIdParam } from '../principal.ts';
import { pastedDocument, showRequest } from './requests.ts';

interface ActionInput {
  readonly kg: Keygate;
  readonly req: Request;
  readonly form: FormFields;
  readonly actor: Actor;
  readonly requestId: RequestId;
  /** The revision the form was rendered for: acting on a revision that changed meanwhile is refused as stale. */
  readonly revisionHash: RevisionHash;
}

type Run = (input: ActionInput) => Promise<void>;

const exec = (kg: Keygate, command: Command) => kg.approvals.execute(command).then(() => undefined);

function castingVotesOf(form: FormFields) {
  const pick = (s: VoteSubject) => (form[`casting_${s}`] === 'approve' || form[`casting_${s}`] === 'reject' ? (form[`casting_${s}`] as 'approve' | 'reject') : null);
  const votes = { transfer: pick('transfer'), mechanism: pick('mechanism'), recipient_security: pick('recipient_security') };
  return Object.values(votes).some((v) => v !== null) ? votes : undefined;
}

/** Each subject the member chose a position on is one vote; subjects left blank are not voted on. */
const castVotes: Run = async ({ kg, form, actor, requestId, revisionHash }) => {
  const chosen = VOTE_SUBJECTS.filter((s) => text(form, `choice_${s}`) !== '');
  if (chosen.length === 0) throw new HttpProblem('form-invalid', 'choose approve, reject or abstain on at least one subject');
  for (const subject of chosen) {
    const data = { requestId, revisionHash, subject, choice: choice(form, `choice_${subject}`, VOTE_CHOICES, `Your vote on ${subject.replaceAll('_', ' ')}`), reasons: required(form, `reasons_${subject}`, `Your reasons on ${subject.replaceAll('_', ' ')}`), conditions: lines(form, `conditions_${subject}`) };
    await exec(kg, { action: 'request.vote_cast', actor, data });
  }
};

const ACTIONS: readonly { readonly path: string; readonly op: OperationId; readonly notice: Notice; readonly run: Run }[] = [
  { path: 'submission', op: 'submitRequest', notice: 'submitted', run: ({ kg, actor, requestId, revisionHash }) => exec(kg, { action: 'request.submitted', actor, data: { requestId, revisionHash } }) },
  { path: 'withdrawal', op: 'withdrawRequest', notice: 'withdrawn', run: ({ kg, form, actor, requestId }) => exec(kg, { action: 'request.withdrawn', actor, data: { requestId, reason: required(form, 'reason', 'The reason') } }) },
  { path: 'consultation', op: 'openConsultation', notice: 'consultation', run: ({ kg, actor, requestId, revisionHash }) => exec(kg, { action: 'request.consultation_opened', actor, data: { requestId, revisionHash } }) },
  { path: 'voting', op: 'openVoting', notice: 'voting', run: ({ kg, actor, requestId, revisionHash }) => exec(kg, { action: 'request.voting_opened', actor, data: { requestId, revisionHash } }) },
  { path: 'advice-waiver', op: 'waiveAdvice', notice: 'waived', run: ({ kg, form, actor, requestId, revisionHash }) => exec(kg, { action: 'request.advice_waived', actor, data: { requestId, revisionHash, reason: required(form, 'reason', 'The reason') } }) },
  { path: 'information-requests', op: 'requestInformation', notice: 'information', run: ({ kg, form, actor, requestId, revisionHash }) => exec(kg, { action: 'request.information_requested', actor, data: { requestId, revisionHash, questions: required(form, 'questions', 'The questions') } }) },
  {
    path: 'advice', op: 'recordAdvice', notice: 'advice',
    run: async ({ kg, req, form, actor, requestId, revisionHash }) => {
      const documents = await pastedDocument(kg, req, form, 'paper');
      await exec(kg, { action: 'request.advice_recorded', actor, data: { requestId, revisionHash, position: choice(form, 'position', ADVICE_POSITIONS, 'The position'), text: required(form, 'text', 'The advice'), conditions: lines(form, 'conditions'), documents } });
    },
  },
  { path: 'votes', op: 'castVote', notice: 'voted', run: castVotes },
  { path: 'conflicts', op: 'declareConflict', notice: 'conflict', run: ({ kg, form, actor, requestId }) => exec(kg, { action: 'request.conflict_declared', actor, data: { requestId, reason: required(form, 'reason', 'The reason') } }) },
  {
    path: 'decision', op: 'decideRequest', notice: 'decided',
    run: ({ kg, form, actor, requestId, revisionHash }) => {
      const conditions = lines(form, 'conditions').map((t, i) => ({ conditionId: toConditionId(`c${i + 1}`), text: t }));
      const departure = text(form, 'departureReason');
      const castingVotes = castingVotesOf(form);
      return exec(kg, { action: 'request.decided', actor, data: { requestId, revisionHash, conditions, departureReason: departure === '' ? null : departure, ...(castingVotes === undefined ? {} : { castingVotes }) } });
    },
  },
  {
    path: 'conditions-met', op: 'markConditionMet', notice: 'condition',
    run: async ({ kg, req, form, actor, requestId }) => {
      const evidence = await pastedDocument(kg, req, form, 'evidence');
      await exec(kg, { action: 'request.condition_met', actor, data: { requestId, conditionId: toConditionId(required(form, 'conditionId', 'The condition')), evidence, note: required(form, 'note', 'The note') } });
    },
  },
  {
    path: 'execution', op: 'recordExecution', notice: 'executed',
    run: async ({ kg, req, form, actor, requestId }) => {
      const certificate = required(form, 'recipientCertificate', "The recipient's certificate");
      const evidence = await pastedDocument(kg, req, form, 'evidence');
      await kg.approvals.recordExecution(actor, { requestId, executedAt: new Date(utcInstant(form, 'executedAt', 'Executed at')), evidence, recipientCertificate: certificate });
    },
  },
];

async function runAction(kg: Keygate, req: Request, res: Response, action: (typeof ACTIONS)[number]): Promise<void> {
  const form = formOf(req);
  const requestId = toRequestId(requestIdParam(req));
  try {
    const given = text(form, 'revisionHash');
    const revisionHash = toRevisionHash(given === '' ? currentRevision(await kg.approvals.getRequest(requestId)).hash : given);
    await action.run({ kg, req, form, actor: actorOf(req), requestId, revisionHash });
    res.redirect(303, `/ui/requests/${encodeURIComponent(requestId)}?notice=${action.notice}#top`);
  } catch (err) {
    const known = pageErrorOf(err);
    // Authorization and key-material refusals get their own page; the rules' refusals are shown on the request.
    if (known === null || known.code === 'forbidden' || known.code === 'private-key-material' || known.code === 'unauthenticated') throw err;
    await showRequest(kg, req, res, { ...known, title: `${known.title} (${action.path.replaceAll('-', ' ')})` }, form);
  }
}

export function requestActionRoutes(kg: Keygate): Router {
  const router = Router();
  for (const action of ACTIONS) router.post(`/requests/:requestId/${action.path}`, needs(action.op), (req, res) => runAction(kg, req, res, action));
  return router;
}
