// The secretariat's views of the world: roster (memberships, affiliations, chair appointments
// with their clearance and termination records), providers and keys, trust anchors, policy
// versions, accounts and tokens. Each list is visible to exactly the roles the API's list
// operation allows; the forms on them (admin-actions.ts, admin-world.ts, admin-pki.ts) only to
// the roles of theirs. A form is declared as the API operation it submits and how its fields
// become that operation's body (adminFormRoutes): the operation authorizes, validates and acts,
// the page shows a refusal above its forms or redirects with a fixed confirmation.
import { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { BODIES, MEMBER_ROLES, PROVIDER_KINDS, PROVIDER_STATUSES, TERMINATION_BASES, appointmentStatus, clearanceDeadline, vettingDeadline } from '../../../approvals/index.ts';
import { ACCOUNT_ROLES } from '../../auth/roles.ts';
import type { Keygate } from '../../compose.ts';
import type { OperationId } from '../../http/permissions.ts';
import { can, needs } from '../access.ts';
import { formOf } from '../form.ts';
import type { FormFields } from '../form.ts';
import { submitOperation } from '../form-action.ts';
import { pageErrorOf } from '../page-errors.ts';
import { render } from '../render.ts';
import type { PageContext } from '../render.ts';
import { verdictOf } from '../views/request-view.ts';

function organisationLabel(o: { type: string; providerId?: string }): string {
  return o.type === 'dcc' ? 'DCC' : `provider ${o.providerId ?? ''}`;
}

/** Fixed confirmations after an admin form (POST/redirect/GET): the query names one, it never carries text. */
const DONE = {
  person: 'The person was added to the roster.',
  membership: 'The membership was started.',
  affiliation: 'The affiliation was recorded.',
  appointment: 'The chair appointment was recorded.',
  'non-objection': "The Secretary of State's non-objection was recorded.",
  vetting: 'The start of security vetting was recorded.',
  extension: 'The later clearance deadline was recorded.',
  termination: 'The termination was recorded.',
  provider: 'The provider was registered.',
  status: "The provider's status was changed.",
  key: 'The key was registered.',
  anchor: 'The trust anchor was added.',
  'anchor-removed': 'The trust anchor was removed.',
  policy: 'The new policy version is in force.',
  account: 'The account was created.',
  password: 'The password was set; the account’s sessions were signed out.',
  disabled: 'The account was disabled.',
  revoked: 'The token was revoked.',
  'document-purged': "The document's content was purged; downloads now answer 410 Gone with the reason.",
} as const;

/** The confirmation named by `?done=`, as the layout's notice; undefined leaves render's own. */
function doneNotice(req: Request): { notice?: string } {
  const key = req.query.done;
  return typeof key === 'string' && Object.hasOwn(DONE, key) ? { notice: DONE[key as keyof typeof DONE] } : {};
}

type AdminPage = 'roster' | 'providers' | 'trust-anchors' | 'policy' | 'accounts' | 'documents';
type Done = keyof typeof DONE;

/** Each admin list page: its template and what it shows, for the signed-in user's forms. */
const PAGES: Record<AdminPage, (kg: Keygate, req: Request) => Promise<[string, PageContext]>> = {
  roster: async (kg, req) => {
    const world = await kg.approvals.world();
    const now = kg.clock().getTime();
    const people = [...world.people.values()].map((p) => ({ ...p, affiliationLabels: p.affiliations.map(organisationLabel) }));
    const appointments = [...world.appointments.values()].map((a) => {
      const status = appointmentStatus(a, now);
      return { ...a, personName: world.people.get(a.personId)?.name ?? a.personId, inForce: status.inForce, statusReason: status.inForce ? 'in force' : status.reason, vettingBy: vettingDeadline(a), clearanceBy: clearanceDeadline(a) };
    });
    const p = req.principal;
    return ['admin-roster.njk', {
      people, appointments, providers: [...world.providers.values()], bases: TERMINATION_BASES, bodies: BODIES, memberRoles: MEMBER_ROLES,
      canClear: can(p, 'grantClearance'), canTerminate: can(p, 'terminateAppointment'), canAddPerson: can(p, 'addPerson'), canStartMembership: can(p, 'startMembership'),
      canAddAffiliation: can(p, 'addAffiliation'), canAppoint: can(p, 'makeAppointment'), canNonObjection: can(p, 'recordNonObjection'), canVetting: can(p, 'startVetting'),
      canExtend: can(p, 'extendClearanceDeadline'), today: kg.clock().toISOString().slice(0, 10),
    }];
  },
  providers: async (kg, req) => {
    const world = await kg.approvals.world();
    const keys = [...world.keys.values()].map((k) => ({ ...k, verdict: verdictOf(k.certificate) }));
    return ['admin-providers.njk', {
      providers: [...world.providers.values()], keys, kinds: PROVIDER_KINDS, statuses: PROVIDER_STATUSES,
      canRegister: can(req.principal, 'registerProvider'), canChangeStatus: can(req.principal, 'changeProviderStatus'), canRegisterKey: can(req.principal, 'registerKey'),
    }];
  },
  'trust-anchors': async (kg, req) => ['admin-anchors.njk', {
    anchors: await kg.trustAnchors.list({ includeRemoved: true }), canAdd: can(req.principal, 'addTrustAnchor'), canRemove: can(req.principal, 'removeTrustAnchor'),
  }],
  policy: async (kg, req) => {
    const policies = [...(await kg.approvals.policies())].reverse();
    return ['admin-policy.njk', { policies, current: policies[0] ?? null, nextVersion: (policies[0]?.version ?? 0) + 1, canSet: can(req.principal, 'setPolicy') }];
  },
  documents: async (_kg, req) => ['admin-documents.njk', { canPurge: can(req.principal, 'purgeDocument') }],
  accounts: async (kg, req) => {
    const people = [...(await kg.approvals.world()).people.values()];
    return ['admin-accounts.njk', {
      accounts: await kg.accounts.list(), people, roles: ACCOUNT_ROLES, canCreate: can(req.principal, 'createAccount'), canSetPassword: can(req.principal, 'setAccountPassword'),
    }];
  },
};

/** Renders an admin list page; `extra` adds to its context (a refused form's error, shown above the forms). */
export async function renderAdminPage(kg: Keygate, page: AdminPage, req: Request, res: Response, extra: PageContext = {}, status = 200): Promise<void> {
  const [template, context] = await PAGES[page](kg, req);
  render(req, res, template, { ...context, ...doneNotice(req), ...extra }, status);
}

/**
 * A form handler of an admin page: a refusal the user can fix (pageErrorOf knows it) is shown on
 * that page, above its forms, with the rules' message; anything else goes on to the error handlers.
 */
export function onAdminPage(kg: Keygate, page: AdminPage, handle: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return async (req, res, next) => {
    try {
      await handle(req, res);
    } catch (err) {
      const known = pageErrorOf(err);
      if (known === null || known.status === 401) return next(err);
      await renderAdminPage(kg, page, req, res, { error: known }, known.status);
    }
  };
}

/** A form on an admin page: the API operation it submits, and how its fields become that operation's parts. */
export interface AdminForm {
  /** The form's address under /ui. */
  readonly path: string;
  readonly operationId: OperationId;
  /** The admin page the form is on: shown again, with the refusal, when the operation refuses. */
  readonly page: AdminPage;
  /** The confirmation after the redirect back to that page, if any. */
  readonly done?: Done;
  /** The operation's path parameters, when the form gives them; otherwise the form address's own. */
  readonly params?: (form: FormFields) => Record<string, string>;
  /** The operation's body, converted from the form's fields (the operation validates it). */
  readonly body: (form: FormFields) => unknown;
}

/** Mounts admin forms: POST, submit the operation, redirect to the page with its confirmation (POST/redirect/GET). */
export function adminFormRoutes(kg: Keygate, forms: readonly AdminForm[]): Router {
  const router = Router();
  for (const f of forms) {
    router.post(f.path, needs(f.operationId), onAdminPage(kg, f.page, async (req, res) => {
      const form = formOf(req);
      await submitOperation(kg, req, f.operationId, { ...(f.params === undefined ? {} : { params: f.params(form) }), body: f.body(form) });
      res.redirect(303, `/ui/admin/${f.page}${f.done === undefined ? '' : `?done=${f.done}`}`);
    }));
  }
  return router;
}

export function adminRoutes(kg: Keygate): Router {
  const router = Router();
  router.get('/admin/roster', needs('listPeople'), (req, res) => renderAdminPage(kg, 'roster', req, res));
  router.get('/admin/providers', needs('listProviders'), (req, res) => renderAdminPage(kg, 'providers', req, res));
  router.get('/admin/trust-anchors', needs('listTrustAnchors'), (req, res) => renderAdminPage(kg, 'trust-anchors', req, res));
  router.get('/admin/policy', needs('listPolicyVersions'), (req, res) => renderAdminPage(kg, 'policy', req, res));
  router.get('/admin/accounts', needs('listAccounts'), (req, res) => renderAdminPage(kg, 'accounts', req, res));
  router.get('/admin/documents', needs('purgeDocument'), (req, res) => renderAdminPage(kg, 'documents', req, res));
  return router;
}
