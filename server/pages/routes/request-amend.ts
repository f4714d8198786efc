// The DCC's amendment: the request form filled in with the current revision; sending it is the
// API's amendRequest operation (submitOperation) and records a new revision (votes on the old one
// become void; an amendment after questions resubmits). Attachments of the current revision are
// kept; pasted evidence is added to them.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { currentRevision } from '../../../approvals/index.ts';
import type { RevisionContent } from '../../../approvals/index.ts';
import type { Keygate } from '../../compose.ts';
import { needs } from '../access.ts';
import { formOf } from '../form.ts';
import { evidenceDocuments, submitOperation } from '../form-action.ts';
import type { FormFields } from '../form.ts';
import { redirectWithFlash, takeFlash } from '../form-flash.ts';
import { pageErrorOf } from '../page-errors.ts';
import { render } from '../render.ts';
import { requestIdParam } from '../principal.ts';
import { answerSigning, oneStatement, proofsOfForm, withSignature } from '../signing.ts';
import type { SigningAnswer } from '../signing.ts';
import { formChoices, revisionOf } from './requests.ts';

/** "2026-03-01T00:00:00.000Z" → "2026-03-01T00:00", what a datetime-local field holds. */
const localValue = (iso: string): string => iso.slice(0, 16);

function formValues(id: string, c: RevisionContent): FormFields {
  return {
    requestId: id,
    keyId: c.keyId,
    sourceProviderId: c.sourceProviderId,
    targetProviderId: c.targetProviderId,
    programme: c.programme,
    rationale: c.rationale,
    mechanismMethod: c.mechanism.method,
    mechanismDescription: c.mechanism.description,
    witnesses: c.mechanism.witnesses.join('\n'),
    sectionGStatement: c.recipientSecurity.sectionGStatement,
    assessmentReferences: c.recipientSecurity.assessmentReferences.join('\n'),
    prospectiveChangesConsidered: c.recipientSecurity.prospectiveChangesConsidered,
    ...(c.recipientSecurity.recipientProspective ? { recipientProspective: 'on' } : {}),
    windowFrom: localValue(c.executionWindow.from),
    windowUntil: localValue(c.executionWindow.until),
  };
}

async function showForm(kg: Keygate, req: Request, res: Response, values: FormFields | null, error: ReturnType<typeof pageErrorOf> = null, dropped: readonly string[] = []): Promise<void> {
  const r = await kg.approvals.getRequest(requestIdParam(req));
  const current = currentRevision(r);
  render(req, res, 'request-new.njk', { ...(await formChoices(kg)), passkeys: true, error, values: values ?? formValues(r.id, current.content), dropped, amend: { id: r.id, number: current.number, attachments: current.content.attachments } }, error?.status ?? 200);
}

/** The statement the amendment will carry (pasted evidence hashed, not stored), for the page script to have signed. */
async function amendmentStatement(kg: Keygate, req: Request): Promise<SigningAnswer> {
  const form = formOf(req);
  const requestId = requestIdParam(req);
  const kept = currentRevision(await kg.approvals.getRequest(requestId)).content.attachments;
  const added = await evidenceDocuments({ kg, req, form, preview: true }, 'evidence');
  return oneStatement(kg, req, 'request.amended', { requestId, revision: revisionOf(form, [...kept, ...added]) });
}

async function amend(kg: Keygate, req: Request, res: Response): Promise<void> {
  const form = formOf(req);
  const requestId = requestIdParam(req);
  try {
    const proofs = proofsOfForm(form);
    const kept = currentRevision(await kg.approvals.getRequest(requestId)).content.attachments;
    const added = await evidenceDocuments({ kg, req, form }, 'evidence');
    await submitOperation(kg, req, 'amendRequest', { body: withSignature({ revision: revisionOf(form, [...kept, ...added]) }, proofs) });
    res.redirect(303, `/ui/requests/${encodeURIComponent(requestId)}?notice=amended`);
  } catch (err) {
    const known = pageErrorOf(err);
    if (known === null || known.code === 'forbidden' || known.code === 'private-key-material') throw err;
    if (redirectWithFlash(req, res, `/ui/requests/${encodeURIComponent(requestId)}/amend`, { error: known, values: { ...form, requestId } })) return;
    await showForm(kg, req, res, { ...form, requestId }, known);
  }
}

export function amendRoutes(kg: Keygate): Router {
  const router = Router();
  router.get('/requests/:requestId/amend', needs('amendRequest'), (req, res) => {
    const flash = takeFlash(req);
    return showForm(kg, req, res, flash?.values ?? null, flash?.error ?? null, flash?.dropped ?? []);
  });
  router.post('/requests/:requestId/amendments/statement', needs('amendRequest'), (req, res) => answerSigning(res, () => amendmentStatement(kg, req)));
  router.post('/requests/:requestId/amendments', needs('amendRequest'), (req, res) => amend(kg, req, res));
  return router;
}
