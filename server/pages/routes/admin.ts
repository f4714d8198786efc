// The secretariat's views of the world: roster (memberships, affiliations, chair appointments
// with their clearance and termination records), providers and keys, trust anchors, policy
// versions, accounts and tokens. Each list is visible to exactly the roles the API's list
// operation allows; the forms on them (admin-actions.ts) only to the roles of theirs.
import { Router } from 'express';
import { TERMINATION_BASES, appointmentStatus, clearanceDeadline, vettingDeadline } from '../../../approvals/index.ts';
import type { Keygate } from '../../compose.ts';
import { can, needs } from '../access.ts';
import { render } from '../render.ts';
import { verdictOf } from '../views/request-view.ts';

function organisationLabel(o: { type: string; providerId?: string }): string {
  return o.type === 'dcc' ? 'DCC' : `provider ${o.providerId ?? ''}`;
}

export function adminRoutes(kg: Keygate): Router {
  const router = Router();
  router.get('/admin/roster', needs('listPeople'), async (req, res) => {
    const world = await kg.approvals.world();
    const now = kg.clock().getTime();
    const people = [...world.people.values()].map((p) => ({ ...p, affiliationLabels: p.affiliations.map(organisationLabel) }));
    const appointments = [...world.appointments.values()].map((a) => {
      const status = appointmentStatus(a, now);
      return { ...a, personName: world.people.get(a.personId)?.name ?? a.personId, inForce: status.inForce, statusReason: status.inForce ? 'in force' : status.reason, vettingBy: vettingDeadline(a), clearanceBy: clearanceDeadline(a) };
    });
    render(req, res, 'admin-roster.njk', { people, appointments, canClear: can(req.principal, 'grantClearance'), canTerminate: can(req.principal, 'terminateAppointment'), bases: TERMINATION_BASES });
  });
  router.get('/admin/providers', needs('listProviders'), async (req, res) => {
    const world = await kg.approvals.world();
    const keys = [...world.keys.values()].map((k) => ({ ...k, verdict: verdictOf(k.certificate) }));
    render(req, res, 'admin-providers.njk', { providers: [...world.providers.values()], keys });
  });
  router.get('/admin/trust-anchors', needs('listTrustAnchors'), async (req, res) => {
    render(req, res, 'admin-anchors.njk', { anchors: await kg.trustAnchors.list({ includeRemoved: true }) });
  });
  router.get('/admin/policy', needs('listPolicyVersions'), async (req, res) => {
    render(req, res, 'admin-policy.njk', { policies: [...(await kg.approvals.policies())].reverse() });
  });
  router.get('/admin/accounts', needs('listAccounts'), async (req, res) => {
    render(req, res, 'admin-accounts.njk', { accounts: await kg.accounts.list() });
  });
  return router;
}
