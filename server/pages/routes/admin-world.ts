// The secretariat's forms that keep the world: the roster (people, memberships, affiliations),
// chair appointments (appointment, non-objection, vetting, clearance deadline extension),
// providers and the policy. Each form is the API's operation (adminFormRoutes): these
// declarations say only which operation, on which page, and how the fields become its body.
import type { Router } from 'express';
import type { Keygate } from '../../compose.ts';
import { checkbox, text } from '../form.ts';
import type { FormFields } from '../form.ts';
import { num, opt } from '../form-action.ts';
import { adminFormRoutes } from './admin.ts';
import type { AdminForm } from './admin.ts';

/** "dcc" or "provider:ID", as the affiliation form's options say; anything else for the schema to refuse. */
function organisationOf(value: string): unknown {
  if (value === 'dcc') return { type: 'dcc' };
  return value.startsWith('provider:') ? { type: 'provider', providerId: value.slice('provider:'.length) } : {};
}

/** The person chosen on a roster form: the operation's path parameter. */
const person = (form: FormFields) => ({ personId: text(form, 'personId') });

function clearanceOf(form: FormFields): unknown {
  return text(form, 'clearance') === 'held' ? { status: 'held', heldOn: opt(form, 'heldOn') } : { status: 'not_held' };
}

function quorumOf(form: FormFields): unknown {
  return text(form, 'quorumKind') === 'fraction'
    ? { kind: 'fraction', numerator: num(form, 'quorumNumerator'), denominator: num(form, 'quorumDenominator') }
    : { kind: 'count', count: num(form, 'quorumCount') };
}

function thresholdOf(form: FormFields): unknown {
  return text(form, 'thresholdKind') === 'qualified_majority'
    ? { kind: 'qualified_majority', numerator: num(form, 'thresholdNumerator'), denominator: num(form, 'thresholdDenominator') }
    : { kind: 'simple_majority' };
}

function policyOf(form: FormFields): unknown {
  const window = { maxDurationDays: num(form, 'maxDurationDays'), maxLeadDays: num(form, 'maxLeadDays') };
  const terms = { quorum: quorumOf(form), threshold: thresholdOf(form), castingVote: checkbox(form, 'castingVote'), sscAdviceRequired: checkbox(form, 'sscAdviceRequired'), window, signatures: text(form, 'signatures') === 'optional' ? 'optional' : 'required' };
  return { version: num(form, 'version'), terms };
}

const WORLD_FORMS: readonly AdminForm[] = [
  { path: '/admin/people', operationId: 'addPerson', page: 'roster', done: 'person', body: (f) => ({ personId: opt(f, 'personId'), name: opt(f, 'name') }) },
  {
    path: '/admin/memberships', operationId: 'startMembership', page: 'roster', done: 'membership', params: person,
    body: (f) => ({ body: opt(f, 'body'), role: opt(f, 'role'), specialist: checkbox(f, 'specialist') }),
  },
  { path: '/admin/affiliations', operationId: 'addAffiliation', page: 'roster', done: 'affiliation', params: person, body: (f) => ({ organisation: organisationOf(text(f, 'organisation')) }) },
  {
    path: '/admin/appointments', operationId: 'makeAppointment', page: 'roster', done: 'appointment',
    body: (f) => ({ appointmentId: opt(f, 'appointmentId'), personId: opt(f, 'personId'), body: opt(f, 'body'), appointedOn: opt(f, 'appointedOn'), clearance: clearanceOf(f) }),
  },
  { path: '/admin/appointments/:appointmentId/non-objection', operationId: 'recordNonObjection', page: 'roster', done: 'non-objection', body: (f) => ({ date: opt(f, 'date'), reference: opt(f, 'reference') }) },
  { path: '/admin/appointments/:appointmentId/vetting', operationId: 'startVetting', page: 'roster', done: 'vetting', body: (f) => ({ startedOn: opt(f, 'startedOn') }) },
  { path: '/admin/appointments/:appointmentId/clearance-extension', operationId: 'extendClearanceDeadline', page: 'roster', done: 'extension', body: (f) => ({ until: opt(f, 'until'), reference: opt(f, 'reference') }) },
  {
    path: '/admin/providers', operationId: 'registerProvider', page: 'providers', done: 'provider',
    body: (f) => ({ providerId: opt(f, 'providerId'), name: opt(f, 'name'), kind: opt(f, 'kind'), status: opt(f, 'status') }),
  },
  { path: '/admin/providers/:providerId/status', operationId: 'changeProviderStatus', page: 'providers', done: 'status', body: (f) => ({ status: opt(f, 'status') }) },
  { path: '/admin/policy', operationId: 'setPolicy', page: 'policy', done: 'policy', body: policyOf },
];

export function adminWorldRoutes(kg: Keygate): Router {
  return adminFormRoutes(kg, WORLD_FORMS);
}
