// The secretariat's forms on chair appointments (clearance granted, termination) and on accounts
// (disable, API tokens). Each is the API's operation (adminFormRoutes, submitOperation); a refusal
// is shown on the admin page the form is on. A new token's secret is shown once, on a page that
// is never cached, and is stored only as its hash by the AccountService.
import type { Router } from 'express';
import type { Keygate } from '../../compose.ts';
import { needs } from '../access.ts';
import { adminFormRoutes, onAdminPage } from './admin.ts';
import type { AdminForm } from './admin.ts';
import { formOf } from '../form.ts';
import { opt, submitOperation } from '../form-action.ts';
import { render } from '../render.ts';

const FORMS: readonly AdminForm[] = [
  { path: '/admin/appointments/:appointmentId/clearance', operationId: 'grantClearance', page: 'roster', body: (f) => ({ heldOn: opt(f, 'heldOn') }) },
  {
    path: '/admin/appointments/:appointmentId/termination', operationId: 'terminateAppointment', page: 'roster', done: 'termination',
    body: (f) => ({ on: opt(f, 'on'), basis: opt(f, 'basis'), reference: opt(f, 'reference') }),
  },
  { path: '/admin/accounts/:id/disable', operationId: 'disableAccount', page: 'accounts', done: 'disabled', body: () => undefined },
  { path: '/admin/accounts/:id/tokens/:tokenId/revoke', operationId: 'revokeApiToken', page: 'accounts', done: 'revoked', body: () => undefined },
];

export function adminActionRoutes(kg: Keygate): Router {
  const router = adminFormRoutes(kg, FORMS);
  router.post('/admin/accounts/:id/tokens', needs('createApiToken'), onAdminPage(kg, 'accounts', async (req, res) => {
    const created = await submitOperation(kg, req, 'createApiToken', { body: { name: opt(formOf(req), 'name') } });
    render(req, res, 'admin-token.njk', created as Record<string, unknown>);
  }));
  return router;
}
