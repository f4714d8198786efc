// The secretariat's forms that keep the world: the roster (people, memberships, affiliations),
// chair appointments (appointment, non-objection, vetting, clearance deadline extension),
// providers and the policy. Each is the API's command under its operationId's roles; the form's
// fields are parsed with the API's own schemas (server/http/routes/schemas-*.ts), and the rules
// parse the command again. A refusal is shown on the form's own page (onAdminPage) with the
// rules' message; success goes back to the list with a fixed confirmation (`?done=`, admin.ts).
import { Router } from 'express';
import type { Request } from 'express';
import { z } from 'zod';
import { appointmentId, calendarDate, name, personId, policyVersion, providerId, reference } from '../../http/routes/schemas-common.ts';
import { body, clearance, memberRole, organisation, policyTerms, providerKind, providerStatus } from '../../http/routes/schemas-world.ts';
import type { Keygate } from '../../compose.ts';
import { HttpProblem } from '../../http/problem.ts';
import { needs } from '../access.ts';
import { onAdminPage } from './admin.ts';
import { checkbox, formOf, text } from '../form.ts';
import type { FormFields } from '../form.ts';
import { actorOf } from '../principal.ts';

/** `value` parsed by an API schema; a mismatch is a 400 naming the fields, never a 500. */
export function parsed<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'form'}: ${i.message}`);
  throw new HttpProblem(400, 'form-invalid', `the form is not valid — ${problems.join('; ')}`);
}

/** A whole number field, or a 400 naming it. */
export function int(form: FormFields, field: string, label: string): number {
  const value = text(form, field);
  if (!/^\d{1,9}$/.test(value)) throw new HttpProblem(400, 'form-invalid', `${label}: enter a whole number`);
  return Number(value);
}

/** An optional field: absent when empty, so the schema reports it as missing with its name. */
function opt(form: FormFields, field: string): string | undefined {
  const value = text(form, field);
  return value === '' ? undefined : value;
}

function pathParam<S extends z.ZodType>(req: Request, field: string, schema: S): z.output<S> {
  const result = schema.safeParse(String(req.params[field] ?? ''));
  if (!result.success) throw new HttpProblem(404, 'not-found', `no such ${field}`);
  return result.data;
}

/** "dcc" or "provider:ID", as the affiliation form's options say. */
function organisationOf(value: string): unknown {
  if (value === 'dcc') return { type: 'dcc' };
  return value.startsWith('provider:') ? { type: 'provider', providerId: value.slice('provider:'.length) } : {};
}

const ROSTER = '/ui/admin/roster';
const done = (page: string, what: string) => `${page}?done=${what}`;

export function adminWorldRoutes(kg: Keygate): Router {
  const router = Router();

  router.post('/admin/people', needs('addPerson'), onAdminPage(kg, 'roster', async (req, res) => {
    const form = formOf(req);
    const data = parsed(z.strictObject({ personId, name }), { personId: opt(form, 'personId'), name: opt(form, 'name') });
    await kg.approvals.execute({ action: 'roster.person_added', actor: actorOf(req), data });
    res.redirect(303, done(ROSTER, 'person'));
  }));
  router.post('/admin/memberships', needs('startMembership'), onAdminPage(kg, 'roster', async (req, res) => {
    const form = formOf(req);
    const data = parsed(z.strictObject({ personId, body, role: memberRole, specialist: z.boolean() }), {
      personId: opt(form, 'personId'), body: opt(form, 'body'), role: opt(form, 'role'), specialist: checkbox(form, 'specialist'),
    });
    await kg.approvals.execute({ action: 'roster.membership_started', actor: actorOf(req), data });
    res.redirect(303, done(ROSTER, 'membership'));
  }));
  router.post('/admin/affiliations', needs('addAffiliation'), onAdminPage(kg, 'roster', async (req, res) => {
    const form = formOf(req);
    const data = parsed(z.strictObject({ personId, organisation }), { personId: opt(form, 'personId'), organisation: organisationOf(text(form, 'organisation')) });
    await kg.approvals.execute({ action: 'roster.affiliation_added', actor: actorOf(req), data });
    res.redirect(303, done(ROSTER, 'affiliation'));
  }));

  router.post('/admin/appointments', needs('makeAppointment'), onAdminPage(kg, 'roster', async (req, res) => {
    const form = formOf(req);
    const held = text(form, 'clearance') === 'held';
    const data = parsed(z.strictObject({ appointmentId, personId, body, appointedOn: calendarDate, clearance }), {
      appointmentId: opt(form, 'appointmentId'), personId: opt(form, 'personId'), body: opt(form, 'body'), appointedOn: opt(form, 'appointedOn'),
      clearance: held ? { status: 'held', heldOn: opt(form, 'heldOn') } : { status: 'not_held' },
    });
    await kg.approvals.execute({ action: 'appointment.made', actor: actorOf(req), data });
    res.redirect(303, done(ROSTER, 'appointment'));
  }));
  router.post('/admin/appointments/:appointmentId/non-objection', needs('recordNonObjection'), onAdminPage(kg, 'roster', async (req, res) => {
    const form = formOf(req);
    const fields = parsed(z.strictObject({ date: calendarDate, reference }), { date: opt(form, 'date'), reference: opt(form, 'reference') });
    await kg.approvals.execute({ action: 'appointment.non_objection_recorded', actor: actorOf(req), data: { appointmentId: pathParam(req, 'appointmentId', appointmentId), ...fields } });
    res.redirect(303, done(ROSTER, 'non-objection'));
  }));
  router.post('/admin/appointments/:appointmentId/vetting', needs('startVetting'), onAdminPage(kg, 'roster', async (req, res) => {
    const startedOn = parsed(calendarDate, opt(formOf(req), 'startedOn'));
    await kg.approvals.execute({ action: 'appointment.vetting_started', actor: actorOf(req), data: { appointmentId: pathParam(req, 'appointmentId', appointmentId), startedOn } });
    res.redirect(303, done(ROSTER, 'vetting'));
  }));
  router.post('/admin/appointments/:appointmentId/clearance-extension', needs('extendClearanceDeadline'), onAdminPage(kg, 'roster', async (req, res) => {
    const form = formOf(req);
    const fields = parsed(z.strictObject({ until: calendarDate, reference }), { until: opt(form, 'until'), reference: opt(form, 'reference') });
    await kg.approvals.execute({ action: 'appointment.clearance_deadline_extended', actor: actorOf(req), data: { appointmentId: pathParam(req, 'appointmentId', appointmentId), ...fields } });
    res.redirect(303, done(ROSTER, 'extension'));
  }));

  router.post('/admin/providers', needs('registerProvider'), onAdminPage(kg, 'providers', async (req, res) => {
    const form = formOf(req);
    const data = parsed(z.strictObject({ providerId, name, kind: providerKind, status: providerStatus }), {
      providerId: opt(form, 'providerId'), name: opt(form, 'name'), kind: opt(form, 'kind'), status: opt(form, 'status'),
    });
    await kg.approvals.execute({ action: 'provider.registered', actor: actorOf(req), data });
    res.redirect(303, done('/ui/admin/providers', 'provider'));
  }));
  router.post('/admin/providers/:providerId/status', needs('changeProviderStatus'), onAdminPage(kg, 'providers', async (req, res) => {
    const status = parsed(providerStatus, opt(formOf(req), 'status'));
    await kg.approvals.execute({ action: 'provider.status_changed', actor: actorOf(req), data: { providerId: pathParam(req, 'providerId', providerId), status } });
    res.redirect(303, done('/ui/admin/providers', 'status'));
  }));

  router.post('/admin/policy', needs('setPolicy'), onAdminPage(kg, 'policy', async (req, res) => {
    const form = formOf(req);
    const quorum = text(form, 'quorumKind') === 'fraction'
      ? { kind: 'fraction', numerator: int(form, 'quorumNumerator', 'Quorum numerator'), denominator: int(form, 'quorumDenominator', 'Quorum denominator') }
      : { kind: 'count', count: int(form, 'quorumCount', 'Quorum: votes per subject') };
    const threshold = text(form, 'thresholdKind') === 'qualified_majority'
      ? { kind: 'qualified_majority', numerator: int(form, 'thresholdNumerator', 'Threshold numerator'), denominator: int(form, 'thresholdDenominator', 'Threshold denominator') }
      : { kind: 'simple_majority' };
    const data = parsed(z.strictObject({ version: policyVersion, terms: policyTerms }), {
      version: int(form, 'version', 'Version'),
      terms: {
        quorum, threshold, castingVote: checkbox(form, 'castingVote'), sscAdviceRequired: checkbox(form, 'sscAdviceRequired'),
        window: { maxDurationDays: int(form, 'maxDurationDays', 'Execution window: longest duration'), maxLeadDays: int(form, 'maxLeadDays', 'Execution window: latest start') },
      },
    });
    await kg.approvals.execute({ action: 'policy.set', actor: actorOf(req), data });
    res.redirect(303, done('/ui/admin/policy', 'policy'));
  }));
  return router;
}
