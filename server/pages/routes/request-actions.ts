// The forms on the request page: one POST per workflow step, each the API's operation for it
// (submitOperation), so the operation authorizes, validates and records the step. Each form also
// answers POST …/statement with the statements its calls will carry, which the page script has
// the person sign with a passkey; the proofs come back with the form, one per call. These
// declarations say which operation and how the form's fields become its body. A refusal shows the
// request page again with the message next to the form; success redirects back with a notice.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { VOTE_SUBJECTS, currentRevision, isSignedRequestAction } from '../../../approvals/index.ts';
import { routeOf } from '../../http/routes/index.ts';
import type { Keygate } from '../../compose.ts';
import { HttpProblem } from '../../errors/http-problem.ts';
import type { OperationId } from '../../http/permissions.ts';
import { needs } from '../access.ts';
import { formOf, lines, text, utcInstant } from '../form.ts';
import type { FormFields } from '../form.ts';
import { opt, evidenceDocuments, submitOperation } from '../form-action.ts';
import type { FormSubmission } from '../form-action.ts';
import { redirectWithFlash } from '../form-flash.ts';
import { pageErrorOf } from '../page-errors.ts';
import type { Notice } from '../render.ts';
import { requestIdParam } from '../principal.ts';
import { showRequest } from './requests.ts';
import { answerSigning, proofsOfForm, signerOf, signingRounds, statementsFor, withSignature } from '../signing.ts';
import type { SigningAnswer } from '../signing.ts';

interface RequestSubmission extends FormSubmission {
  /** The revision the form was rendered for: acting on a revision that changed meanwhile is refused as stale. */
  readonly revisionHash: string;
}

interface RequestForm {
  /** The form's address under /ui/requests/:requestId/. */
  readonly path: string;
  readonly operationId: OperationId;
  readonly notice: Notice;
  /** The operation's path parameters beyond the request's id, from the form. */
  readonly params?: (form: FormFields) => Record<string, string>;
  /** The body of each call: one for every form but the vote form, which casts one vote per subject. */
  readonly bodies: (s: RequestSubmission) => unknown[] | Promise<unknown[]>;
}

function castingVotesOf(form: FormFields) {
  const pick = (s: string) => opt(form, `casting_${s}`) ?? null;
  const votes = Object.fromEntries(VOTE_SUBJECTS.map((s) => [s, pick(s)]));
  return Object.values(votes).some((v) => v !== null) ? votes : undefined;
}

/** Each subject the member chose a position on is one vote; subjects left blank are not voted on. */
function votesOf({ form, revisionHash }: RequestSubmission): unknown[] {
  const chosen = VOTE_SUBJECTS.filter((s) => text(form, `choice_${s}`) !== '');
  if (chosen.length === 0) throw new HttpProblem('form-invalid', 'choose approve, reject or abstain on at least one subject');
  // Checked for every subject before any vote is cast, so a form is recorded whole or not at all.
  const unreasoned = chosen.filter((s) => text(form, `reasons_${s}`) === '');
  if (unreasoned.length > 0) throw new HttpProblem('form-invalid', `give the reasons for your vote on ${unreasoned.map((s) => s.replaceAll('_', ' ')).join(' and ')}`);
  return chosen.map((subject) => ({ revisionHash, subject, choice: text(form, `choice_${subject}`), reasons: opt(form, `reasons_${subject}`), conditions: lines(form, `conditions_${subject}`) }));
}

/** "<hours> <text>": a post-execution condition due that many hours after the execution; a line without hours is refused. */
function afterConditionOf(line: string, id: string): unknown {
  const m = /^(\d+)\s*h?\s+(.+)$/.exec(line);
  if (m === null) throw new HttpProblem('form-invalid', `a post-execution condition starts with its deadline in hours ("24 The source destroys its copy"): "${line.slice(0, 60)}"`);
  return { conditionId: id, text: m[2], phase: 'after_execution', dueWithinHours: Number(m[1]) };
}

function decisionOf({ form, revisionHash }: RequestSubmission): unknown {
  const before = lines(form, 'conditions').map((t, i) => ({ conditionId: `c${i + 1}`, text: t, phase: 'before_execution' }));
  const after = lines(form, 'afterConditions').map((t, i) => afterConditionOf(t, `c${before.length + i + 1}`));
  const conditions = [...before, ...after];
  const castingVotes = castingVotesOf(form);
  return { revisionHash, conditions, departureReason: opt(form, 'departureReason') ?? null, ...(castingVotes === undefined ? {} : { castingVotes }) };
}

const FORMS: readonly RequestForm[] = [
  { path: 'submission', operationId: 'submitRequest', notice: 'submitted', bodies: ({ revisionHash }) => [{ revisionHash }] },
  { path: 'withdrawal', operationId: 'withdrawRequest', notice: 'withdrawn', bodies: ({ form }) => [{ reason: opt(form, 'reason') }] },
  { path: 'consultation', operationId: 'openConsultation', notice: 'consultation', bodies: ({ revisionHash }) => [{ revisionHash }] },
  { path: 'voting', operationId: 'openVoting', notice: 'voting', bodies: ({ revisionHash }) => [{ revisionHash }] },
  { path: 'advice-waiver', operationId: 'waiveAdvice', notice: 'waived', bodies: ({ form, revisionHash }) => [{ revisionHash, reason: opt(form, 'reason') }] },
  { path: 'information-requests', operationId: 'requestInformation', notice: 'information', bodies: ({ form, revisionHash }) => [{ revisionHash, questions: opt(form, 'questions') }] },
  {
    path: 'advice', operationId: 'recordAdvice', notice: 'advice',
    bodies: async (s) => [{ revisionHash: s.revisionHash, position: opt(s.form, 'position'), text: opt(s.form, 'text'), conditions: lines(s.form, 'conditions'), documents: await evidenceDocuments(s, 'paper') }],
  },
  { path: 'votes', operationId: 'castVote', notice: 'voted', bodies: votesOf },
  { path: 'conflicts', operationId: 'declareConflict', notice: 'conflict', bodies: ({ form }) => [{ reason: opt(form, 'reason') }] },
  { path: 'decision', operationId: 'decideRequest', notice: 'decided', bodies: (s) => [decisionOf(s)] },
  {
    path: 'conditions-met', operationId: 'markConditionMet', notice: 'condition', params: (form) => ({ conditionId: text(form, 'conditionId') }),
    bodies: async (s) => [{ evidence: await evidenceDocuments(s, 'evidence'), note: opt(s.form, 'note') }],
  },
  {
    path: 'obligations-confirmed', operationId: 'confirmObligation', notice: 'obligation', params: (form) => ({ conditionId: text(form, 'conditionId') }),
    bodies: async (s) => [{ evidence: await evidenceDocuments(s, 'evidence'), note: opt(s.form, 'note') }],
  },
  {
    path: 'execution', operationId: 'recordExecution', notice: 'executed',
    bodies: async (s) => [{ executedAt: utcInstant(s.form, 'executedAt'), evidence: await evidenceDocuments(s, 'evidence'), recipientCertificate: opt(s.form, 'recipientCertificate') }],
  },
];

/** The statements the form's calls will carry, for the page script to have signed (see signing.ts). */
async function formStatements(kg: Keygate, req: Request, f: RequestForm): Promise<SigningAnswer> {
  const form = formOf(req);
  const requestId = requestIdParam(req);
  const action = routeOf(f.operationId).action;
  if (action === undefined || !isSignedRequestAction(action)) throw new HttpProblem('not-found', 'this form signs nothing');
  const [world, request] = await Promise.all([kg.approvals.world(), kg.approvals.getRequest(requestId)]);
  const rounds = signingRounds(world, signerOf(req));
  const revisionHash = opt(form, 'revisionHash') ?? currentRevision(request).hash;
  const bodies = await f.bodies({ kg, req, form, revisionHash, preview: true });
  const datas = bodies.map((body) => ({ ...(body as Record<string, unknown>), requestId, ...f.params?.(form) }));
  return { statements: statementsFor(kg, req, world, action, datas), rounds };
}

async function submitForm(kg: Keygate, req: Request, res: Response, f: RequestForm): Promise<void> {
  const form = formOf(req);
  const requestId = requestIdParam(req);
  try {
    const revisionHash = opt(form, 'revisionHash') ?? currentRevision(await kg.approvals.getRequest(requestId)).hash;
    const params = { requestId, ...f.params?.(form) };
    const proofs = proofsOfForm(form);
    const bodies = await f.bodies({ kg, req, form, revisionHash });
    for (const [i, body] of bodies.entries()) await submitOperation(kg, req, f.operationId, { ...(f.params === undefined ? {} : { params }), body: withSignature(body, proofs, i) });
    res.redirect(303, `/ui/requests/${encodeURIComponent(requestId)}?notice=${f.notice}#top`);
  } catch (err) {
    const known = pageErrorOf(err);
    // Authorization and key-material refusals get their own page; the rules' refusals are shown on the request.
    if (known === null || known.code === 'forbidden' || known.code === 'private-key-material' || known.code === 'unauthenticated') throw err;
    const error = { ...known, title: `${known.title} (${f.path.replaceAll('-', ' ')})` };
    if (redirectWithFlash(req, res, `/ui/requests/${encodeURIComponent(requestId)}`, { error, values: form })) return;
    await showRequest(kg, req, res, error, form);
  }
}

export function requestActionRoutes(kg: Keygate): Router {
  const router = Router();
  for (const f of FORMS) {
    router.post(`/requests/:requestId/${f.path}/statement`, needs(f.operationId), (req, res) => answerSigning(res, () => formStatements(kg, req, f)));
    router.post(`/requests/:requestId/${f.path}`, needs(f.operationId), (req, res) => submitForm(kg, req, res, f));
  }
  return router;
}
