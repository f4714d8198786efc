// The secretariat's forms: chair appointment records (clearance granted, termination) and
// accounts (disable, API tokens). Each is the API's operation under its operationId's roles;
// a refusal is shown on the admin page the form is on, with the rules' message. A new token's
// secret is shown once, on a page that is never cached, and is stored only as its hash by the
// AccountService.
import { Router } from 'express';
import type { Request } from 'express';
import { ID_PATTERN, TERMINATION_BASES, isCalendarDate, toAppointmentId } from '../../../approvals/index.ts';
import type { CalendarDate } from '../../../approvals/index.ts';
import { logActorOf } from '../../auth/actor.ts';
import type { Keygate } from '../../compose.ts';
import { HttpProblem } from '../../errors/http-problem.ts';
import { needs } from '../access.ts';
import { onAdminPage } from './admin.ts';
import { choice, formOf, required } from '../form.ts';
import type { FormFields } from '../form.ts';
import { render } from '../render.ts';
import { actorOf, principalOf } from '../principal.ts';

function param(req: Request, name: string): string {
  const value = String(req.params[name] ?? '');
  if (!ID_PATTERN.test(value)) throw new HttpProblem('not-found', `no such ${name}`);
  return value;
}

function date(form: FormFields, name: string, label: string): CalendarDate {
  const value = required(form, name, label);
  if (!isCalendarDate(value)) throw new HttpProblem('form-invalid', `${label}: enter a date as YYYY-MM-DD`);
  return value;
}

export function adminActionRoutes(kg: Keygate): Router {
  const router = Router();
  router.post('/admin/appointments/:appointmentId/clearance', needs('grantClearance'), onAdminPage(kg, 'roster', async (req, res) => {
    const heldOn = date(formOf(req), 'heldOn', 'Clearance held on');
    await kg.approvals.execute({ action: 'appointment.clearance_granted', actor: actorOf(req), data: { appointmentId: toAppointmentId(param(req, 'appointmentId')), heldOn } });
    res.redirect(303, '/ui/admin/roster');
  }));
  router.post('/admin/appointments/:appointmentId/termination', needs('terminateAppointment'), onAdminPage(kg, 'roster', async (req, res) => {
    const form = formOf(req);
    const data = { appointmentId: toAppointmentId(param(req, 'appointmentId')), on: date(form, 'on', 'Terminated on'), basis: choice(form, 'basis', TERMINATION_BASES, 'Basis'), reference: required(form, 'reference', 'The reference') };
    await kg.approvals.execute({ action: 'appointment.terminated', actor: actorOf(req), data });
    res.redirect(303, '/ui/admin/roster?done=termination');
  }));
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
