// The secretariat's forms for certificates and accounts: register a key by pasting its holder's
// certificate (pki's findings decide; a refusal is shown with its reason), add a trust anchor by
// pasting a CA certificate, remove one with a reason, create an account and set its password.
// Only certificates are ever pasted here: a private key anywhere in a form has already been
// refused by the app's guard, before any of these handlers ran, and was neither kept nor logged.
import { Router } from 'express';
import type { Request } from 'express';
import { z } from 'zod';
import { ID_PATTERN } from '../../../approvals/index.ts';
import { logActorOf } from '../../auth/actor.ts';
import { ACCOUNT_ROLES } from '../../auth/roles.ts';
import type { Keygate } from '../../compose.ts';
import { HttpProblem } from '../../errors/http-problem.ts';
import { certificateText, fingerprint, providerId, reference } from '../../http/routes/schemas-common.ts';
import { needs } from '../access.ts';
import { onAdminPage } from './admin.ts';
import { choice, formOf, required, text } from '../form.ts';
import { actorOf, principalOf } from '../principal.ts';
import { parsed } from './admin-world.ts';

/** The pasted certificate: PEM text, or base64 of the DER (line breaks allowed in a textarea). */
function pastedCertificate(value: string): string | Buffer {
  const trimmed = value.trim();
  if (trimmed === '') throw new HttpProblem('form-invalid', 'paste the certificate (PEM)');
  return parsed(certificateText, trimmed.startsWith('-----BEGIN ') ? trimmed : trimmed.replace(/\s+/g, ''));
}

function param(req: Request, field: string, schema: z.ZodType<string, unknown>): string {
  const result = schema.safeParse(String(req.params[field] ?? ''));
  if (!result.success) throw new HttpProblem('not-found', `no such ${field}`);
  return result.data;
}

const done = (page: string, what: string) => `${page}?done=${what}`;

export function adminPkiRoutes(kg: Keygate): Router {
  const router = Router();
  router.post('/admin/keys', needs('registerKey'), onAdminPage(kg, 'providers', async (req, res) => {
    const form = formOf(req);
    const holderId = parsed(providerId, text(form, 'holderId'));
    await kg.approvals.registerKey(actorOf(req), holderId, pastedCertificate(form.certificate ?? ''));
    res.redirect(303, done('/ui/admin/providers', 'key'));
  }));

  router.post('/admin/trust-anchors', needs('addTrustAnchor'), onAdminPage(kg, 'trust-anchors', async (req, res) => {
    await kg.trustAnchors.add(logActorOf(principalOf(req)), pastedCertificate(formOf(req).certificate ?? ''));
    res.redirect(303, done('/ui/admin/trust-anchors', 'anchor'));
  }));
  router.post('/admin/trust-anchors/:fingerprint/removal', needs('removeTrustAnchor'), onAdminPage(kg, 'trust-anchors', async (req, res) => {
    const reason = parsed(reference, required(formOf(req), 'reason', 'The reason'));
    await kg.trustAnchors.remove(logActorOf(principalOf(req)), param(req, 'fingerprint', fingerprint), reason);
    res.redirect(303, done('/ui/admin/trust-anchors', 'anchor-removed'));
  }));

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
    res.redirect(303, done('/ui/admin/accounts', 'account'));
  }));
  router.post('/admin/accounts/:accountId/password', needs('setAccountPassword'), onAdminPage(kg, 'accounts', async (req, res) => {
    await kg.accounts.setPassword(logActorOf(principalOf(req)), param(req, 'accountId', z.string().regex(ID_PATTERN)), formOf(req).password ?? '');
    res.redirect(303, done('/ui/admin/accounts', 'password'));
  }));
  return router;
}
