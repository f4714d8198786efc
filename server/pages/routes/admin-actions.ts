// The secretariat's forms on chair appointments (clearance granted, termination) and on accounts
// (disable, API tokens). The appointment forms are the API's operations (adminFormRoutes); the
// account forms call the AccountService under the operationId's roles, and a refusal is shown on
// the accounts page. A new token's secret is shown once, on a page that is never cached, and is
// stored only as its hash by the AccountService.
import type { Request, Router } from 'express';
import { ID_PATTERN } from '../../../approvals/index.ts';
import { logActorOf } from '../../auth/actor.ts';
import type { Keygate } from '../../compose.ts';
import { HttpProblem } from '../../errors/http-problem.ts';
import { needs } from '../access.ts';
import { adminFormRoutes, onAdminPage } from './admin.ts';
import type { AdminForm } from './admin.ts';
import { formOf, required } from '../form.ts';
import { opt } from '../form-action.ts';
import { render } from '../render.ts';
import { principalOf } from '../principal.ts';

function param(req: Request, name: string): string {
  const value = String(req.params[name] ?? '');
  if (!ID_PATTERN.test(value)) throw new HttpProblem('not-found', `no such ${name}`);
  return value;
}

const APPOINTMENT_FORMS: readonly AdminForm[] = [
  { path: '/admin/appointments/:appointmentId/clearance', operationId: 'grantClearance', page: 'roster', body: (f) => ({ heldOn: opt(f, 'heldOn') }) },
  {
    path: '/admin/appointments/:appointmentId/termination', operationId: 'terminateAppointment', page: 'roster', done: 'termination',
    body: (f) => ({ on: opt(f, 'on'), basis: opt(f, 'basis'), reference: opt(f, 'reference') }),
  },
];

export function adminActionRoutes(kg: Keygate): Router {
  const router = adminFormRoutes(kg, APPOINTMENT_FORMS);
  router.post('/admin/accounts/:accountId/disable', needs('disableAccount'), onAdminPage(kg, 'accounts', async (req, res) => {
    await kg.accounts.disable(logActorOf(principalOf(req)), param(req, 'accountId'));
    res.redirect(303, '/ui/admin/accounts?done=disabled');
  }));
  router.post('/admin/accounts/:accountId/tokens', needs('createApiToken'), onAdminPage(kg, 'accounts', async (req, res) => {
    const { token, secret } = await kg.accounts.createToken(logActorOf(principalOf(req)), param(req, 'accountId'), required(formOf(req), 'name', 'The token name'));
    render(req, res, 'admin-token.njk', { token, secret });
  }));
  router.post('/admin/accounts/:accountId/tokens/:tokenId/revoke', needs('revokeApiToken'), onAdminPage(kg, 'accounts', async (req, res) => {
    await kg.accounts.revokeToken(logActorOf(principalOf(req)), param(req, 'accountId'), param(req, 'tokenId'));
    res.redirect(303, '/ui/admin/accounts?done=revoked');
  }));
  return router;
}
