// Requests: the list, the request page, and the DCC's form to create one. The form is the API's
// createRequest operation (submitOperation): the page converts its fields into the operation's
// body, then redirects (POST/redirect/GET) or shows the form again with the refusal.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { MECHANISM_METHODS, PROGRAMMES, REQUEST_STATES, currentRevision } from '../../../approvals/index.ts';
import type { Keygate } from '../../compose.ts';
import { needs } from '../access.ts';
import { checkbox, formOf, lines, text, utcInstant } from '../form.ts';
import type { FormFields } from '../form.ts';
import { opt, evidenceDocuments, submitOperation } from '../form-action.ts';
import { redirectWithFlash, takeFlash } from '../form-flash.ts';
import { pageErrorOf } from '../page-errors.ts';
import type { PageError } from '../page-errors.ts';
import { principalOf, requestIdParam } from '../principal.ts';
import { render } from '../render.ts';
import { answerSigning, oneStatement, proofsOfForm, withSignature } from '../signing.ts';
import type { SigningAnswer } from '../signing.ts';
import { requestView } from '../views/request-view.ts';

/** The request page, optionally with a refusal of the form just sent (and that form's values). */
export async function showRequest(kg: Keygate, req: Request, res: Response, error: PageError | null = null, values: FormFields = {}, dropped: readonly string[] = []): Promise<void> {
  const r = await kg.approvals.getRequest(requestIdParam(req));
  render(req, res, 'request.njk', { ...(await requestView(kg, r, principalOf(req))), error, values, dropped }, error?.status ?? 200);
}

export async function formChoices(kg: Keygate) {
  const world = await kg.approvals.world();
  return {
    keys: [...world.keys.values()].map((k) => ({ id: k.id, holderId: k.holderId, subject: String(k.certificate.subject ?? ''), roleName: String(k.certificate.roleName ?? '') })),
    providers: [...world.providers.values()],
    programmes: PROGRAMMES,
    methods: MECHANISM_METHODS,
  };
}

/** The revision the form describes, in the shape of the operations' `revision` (they validate it). */
export function revisionOf(form: FormFields, attachments: readonly unknown[]): unknown {
  return {
    keyId: opt(form, 'keyId'),
    sourceProviderId: opt(form, 'sourceProviderId'),
    targetProviderId: opt(form, 'targetProviderId'),
    programme: opt(form, 'programme'),
    rationale: opt(form, 'rationale'),
    mechanism: { method: opt(form, 'mechanismMethod'), description: opt(form, 'mechanismDescription'), witnesses: lines(form, 'witnesses') },
    recipientSecurity: {
      sectionGStatement: opt(form, 'sectionGStatement'),
      assessmentReferences: lines(form, 'assessmentReferences'),
      prospectiveChangesConsidered: opt(form, 'prospectiveChangesConsidered'),
      recipientProspective: checkbox(form, 'recipientProspective'),
    },
    executionWindow: { from: utcInstant(form, 'windowFrom'), until: utcInstant(form, 'windowUntil') },
    attachments,
  };
}

/** The statement the creation will carry (pasted evidence hashed, not stored), for the page script to have signed. */
async function creationStatement(kg: Keygate, req: Request): Promise<SigningAnswer> {
  const form = formOf(req);
  const attachments = await evidenceDocuments({ kg, req, form, preview: true }, 'evidence');
  return oneStatement(kg, req, 'request.created', { requestId: opt(form, 'requestId'), revision: revisionOf(form, attachments) });
}

async function createRequest(kg: Keygate, req: Request, res: Response): Promise<void> {
  const form = formOf(req);
  try {
    const requestId = text(form, 'requestId');
    const proofs = proofsOfForm(form);
    const attachments = await evidenceDocuments({ kg, req, form }, 'evidence');
    await submitOperation(kg, req, 'createRequest', { body: withSignature({ requestId: opt(form, 'requestId'), revision: revisionOf(form, attachments) }, proofs) });
    res.redirect(303, `/ui/requests/${encodeURIComponent(requestId)}?notice=created`);
  } catch (err) {
    const known = pageErrorOf(err);
    if (known === null || known.code === 'forbidden' || known.code === 'private-key-material') throw err;
    if (redirectWithFlash(req, res, '/ui/requests/new', { error: known, values: form })) return;
    render(req, res, 'request-new.njk', { ...(await formChoices(kg)), passkeys: true, error: known, values: form, amend: null }, known.status);
  }
}

export function requestRoutes(kg: Keygate): Router {
  const router = Router();
  router.get('/requests', needs('listRequests'), async (req, res) => {
    const status = typeof req.query.status === 'string' && (REQUEST_STATES as readonly string[]).includes(req.query.status) ? req.query.status : null;
    const requests = await kg.approvals.listRequests(status === null ? {} : { status: [status] });
    const rows = requests.map((r) => ({ id: r.id, state: r.state, revision: currentRevision(r).number, content: currentRevision(r).content }));
    render(req, res, 'requests.njk', { rows, states: REQUEST_STATES, status });
  });
  router.get('/requests/new', needs('createRequest'), async (req, res) => {
    const flash = takeFlash(req);
    render(req, res, 'request-new.njk', { ...(await formChoices(kg)), passkeys: true, error: flash?.error ?? null, values: flash?.values ?? {}, dropped: flash?.dropped ?? [], amend: null }, flash?.error.status ?? 200);
  });
  router.post('/requests/statement', needs('createRequest'), (req, res) => answerSigning(res, () => creationStatement(kg, req)));
  router.post('/requests', needs('createRequest'), (req, res) => createRequest(kg, req, res));
  router.get('/requests/:requestId', needs('getRequest'), (req, res) => {
    const flash = takeFlash(req);
    return showRequest(kg, req, res, flash?.error ?? null, flash?.values ?? {}, flash?.dropped ?? []);
  });
  return router;
}
