// The secretariat's forms for certificates and accounts: register a key by pasting its holder's
// certificate (pki's findings decide; a refusal is shown with its reason), add a trust anchor by
// pasting a CA certificate, remove one with a reason, create an account and set its password.
// The certificate forms are the API's operations (adminFormRoutes). Only certificates are ever
// pasted here: a private key anywhere in a form has already been refused by the app's guard,
// before any of these handlers ran, and was neither kept nor logged.
import type { Request, Router } from 'express';
import { z } from 'zod';
import { ID_PATTERN } from '../../../approvals/index.ts';
import { logActorOf } from '../../auth/actor.ts';
import { ACCOUNT_ROLES } from '../../auth/roles.ts';
import type { Keygate } from '../../compose.ts';
import { HttpProblem } from '../../errors/http-problem.ts';
import { needs } from '../access.ts';
import { adminFormRoutes, onAdminPage } from './admin.ts';
import type { AdminForm } from './admin.ts';
import { choice, formOf, required, text } from '../form.ts';
import type { FormFields } from '../form.ts';
import { opt } from '../form-action.ts';
import { principalOf } from '../principal.ts';

/** The pasted certificate: PEM text as is, or base64 of the DER without the textarea's line breaks. */
function pastedCertificate(form: FormFields): string | undefined {
  const value = opt(form, 'certificate');
  return value === undefined || value.startsWith('-----BEGIN ') ? value : value.replace(/\s+/g, '');
}

function param(req: Request, field: string, schema: z.ZodType<string, unknown>): string {
  const result = schema.safeParse(String(req.params[field] ?? ''));
  if (!result.success) throw new HttpProblem('not-found', `no such ${field}`);
  return result.data;
}

const CERTIFICATE_FORMS: readonly AdminForm[] = [
  { path: '/admin/keys', operationId: 'registerKey', page: 'providers', done: 'key', body: (f) => ({ holderId: opt(f, 'holderId'), certificate: pastedCertificate(f) }) },
  { path: '/admin/trust-anchors', operationId: 'addTrustAnchor', page: 'trust-anchors', done: 'anchor', body: (f) => ({ certificate: pastedCertificate(f) }) },
  { path: '/admin/trust-anchors/:fingerprint/removal', operationId: 'removeTrustAnchor', page: 'trust-anchors', done: 'anchor-removed', body: (f) => ({ reason: opt(f, 'reason') }) },
];

export function adminPkiRoutes(kg: Keygate): Router {
  const router = adminFormRoutes(kg, CERTIFICATE_FORMS);
  router.post('/admin/accounts', needs('createAccount'), onAdminPage(kg, 'accounts', async (req, res) => {
    const form = formOf(req);
    const person = text(form, 'personId');
    await kg.accounts.createAccount(logActorOf(principalOf(req)), {
      username: required(form, 'username', 'The username'),
      role: choice(form, 'role', ACCOUNT_ROLES, 'Role'),
      personId: person === '' ? null : person,
      // Passwords are taken as typed: no trimming, the account rules check their length.
      password: form.password ?? '',
    });
    res.redirect(303, '/ui/admin/accounts?done=account');
  }));
  router.post('/admin/accounts/:accountId/password', needs('setAccountPassword'), onAdminPage(kg, 'accounts', async (req, res) => {
    await kg.accounts.setPassword(logActorOf(principalOf(req)), param(req, 'accountId', z.string().regex(ID_PATTERN)), formOf(req).password ?? '');
    res.redirect(303, '/ui/admin/accounts?done=password');
  }));
  return router;
}
