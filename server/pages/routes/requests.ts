// Requests: the list, the request page, and the DCC's form to create one. Handlers stay thin:
// parse the form, call the service, redirect (POST/redirect/GET) or show the form again with the
// rules' refusal.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { MECHANISM_METHODS, PROGRAMMES, REQUEST_STATES, currentRevision, toInstant, toKeyId, toProviderId, toRequestId } from '../../../approvals/index.ts';
import type { Attachment, RevisionContent } from '../../../approvals/index.ts';
import type { Keygate } from '../../compose.ts';
import { needs } from '../access.ts';
import { checkbox, choice, formOf, lines, required, text, utcInstant } from '../form.ts';
import type { FormFields } from '../form.ts';
import { pageErrorOf } from '../page-errors.ts';
import type { PageError } from '../page-errors.ts';
import { actorOf, principalOf, requestIdParam } from '../principal.ts';
import { render } from '../render.ts';
import { requestView } from '../views/request-view.ts';

/** The request page, optionally with a refusal of the form just sent (and that form's values). */
export async function showRequest(kg: Keygate, req: Request, res: Response, error: PageError | null = null, values: FormFields = {}): Promise<void> {
  const r = await kg.approvals.getRequest(requestIdParam(req));
  render(req, res, 'request.njk', { ...(await requestView(kg, r, principalOf(req))), error, values }, error?.status ?? 200);
}

/** Stores pasted evidence text as a document (scanned for private keys by the service); none when the text is empty. */
export async function pastedDocument(kg: Keygate, req: Request, form: FormFields, prefix: string): Promise<Attachment[]> {
  const content = text(form, `${prefix}Text`);
  if (content.length === 0) return [];
  const name = required(form, `${prefix}Name`, 'The document name');
  return [await kg.approvals.storeDocument({ id: actorOf(req).id }, { content: Buffer.from(`${content}\n`), name, mediaType: 'text/plain' })];
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

export function revisionOf(form: FormFields, attachments: readonly Attachment[]): RevisionContent {
  return {
    keyId: toKeyId(required(form, 'keyId', 'The key')),
    sourceProviderId: toProviderId(required(form, 'sourceProviderId', 'The source provider')),
    targetProviderId: toProviderId(required(form, 'targetProviderId', 'The target provider')),
    programme: choice(form, 'programme', PROGRAMMES, 'Programme'),
    rationale: required(form, 'rationale', 'The rationale'),
    mechanism: { method: choice(form, 'mechanismMethod', MECHANISM_METHODS, 'Mechanism'), description: required(form, 'mechanismDescription', 'The mechanism description'), witnesses: lines(form, 'witnesses') },
    recipientSecurity: {
      sectionGStatement: required(form, 'sectionGStatement', 'The Section G statement'),
      assessmentReferences: lines(form, 'assessmentReferences'),
      prospectiveChangesConsidered: required(form, 'prospectiveChangesConsidered', 'Prospective changes considered'),
      recipientProspective: checkbox(form, 'recipientProspective'),
    },
    executionWindow: { from: toInstant(new Date(utcInstant(form, 'windowFrom', 'Window opens'))), until: toInstant(new Date(utcInstant(form, 'windowUntil', 'Window closes'))) },
    attachments,
  };
}

async function createRequest(kg: Keygate, req: Request, res: Response): Promise<void> {
  const form = formOf(req);
  try {
    const requestId = required(form, 'requestId', 'The request id');
    const attachments = await pastedDocument(kg, req, form, 'evidence');
    await kg.approvals.execute({ action: 'request.created', actor: actorOf(req), data: { requestId: toRequestId(requestId), revision: revisionOf(form, attachments) } });
    res.redirect(303, `/ui/requests/${encodeURIComponent(requestId)}?notice=created`);
  } catch (err) {
    const known = pageErrorOf(err);
    if (known === null || known.code === 'forbidden' || known.code === 'private-key-material') throw err;
    render(req, res, 'request-new.njk', { ...(await formChoices(kg)), error: known, values: form, amend: null }, known.status);
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
    render(req, res, 'request-new.njk', { ...(await formChoices(kg)), error: null, values: {}, amend: null });
  });
  router.post('/requests', needs('createRequest'), (req, res) => createRequest(kg, req, res));
  router.get('/requests/:requestId', needs('getRequest'), (req, res) => showRequest(kg, req, res));
  return router;
}
