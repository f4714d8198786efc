// The dashboard: what awaits the signed-in user, by role, and a certificate check page anyone
// signed in may use (the API's inspectCertificate operation, submitted by the form).
import { Router } from 'express';
import type { CertificateRecord } from '../../../pki/index.ts';
import type { Keygate } from '../../compose.ts';
import { can, needs } from '../access.ts';
import { formOf } from '../form.ts';
import { opt, submitOperation } from '../form-action.ts';
import { render } from '../render.ts';
import { awaitingFor } from '../views/dashboard.ts';
import { verdictOf } from '../views/request-view.ts';
import { principalOf } from '../principal.ts';
import { activeCredentialsOf } from '../signing.ts';
import { credentialEntriesOf, credentialEvents } from '../views/credentials-view.ts';

export function dashboardRoutes(kg: Keygate): Router {
  const router = Router();
  router.get('/', needs('getCurrentPrincipal'), async (req, res) => {
    const principal = principalOf(req);
    const [requests, world, latest] = await Promise.all([kg.approvals.listRequests(), kg.approvals.world(), kg.log.latestCheckpoint()]);
    const awaiting = awaitingFor(principal, requests, world, kg.clock());
    const credentialNews = principal.personId === null ? [] : credentialEvents(world, await credentialEntriesOf(kg, principal.personId)).slice(0, 5);
    render(req, res, 'dashboard.njk', {
      tasks: awaiting.filter((a) => a.info !== true),
      notes: awaiting.filter((a) => a.info === true),
      recent: requests.slice(-10).reverse().map((r) => ({ id: r.id, state: r.state })),
      treeSize: latest.treeSize,
      canCreate: can(principal, 'createRequest'),
      canAudit: can(principal, 'getConsistencyProof'),
      canAdmin: can(principal, 'listAccounts'),
      credentialNews,
      hasCredential: principal.personId !== null && activeCredentialsOf(world, principal.personId).length > 0,
    });
  });
  router.get('/certificates/inspect', needs('inspectCertificate'), (req, res) => render(req, res, 'certificate.njk', { record: null }));
  router.post('/certificates/inspect', needs('inspectCertificate'), async (req, res) => {
    const record = (await submitOperation(kg, req, 'inspectCertificate', { body: { certificate: opt(formOf(req), 'certificate') } })) as CertificateRecord;
    render(req, res, 'certificate.njk', { record, verdict: verdictOf(record) });
  });
  return router;
}
