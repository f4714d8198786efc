// The secretariat's forms for certificates and accounts: register a key by pasting its holder's
// certificate (pki's findings decide; a refusal is shown with its reason), add a trust anchor by
// pasting a CA certificate, remove one with a reason, create an account and set its password,
// purge a stored document's content.
// Each form is the API's operation (adminFormRoutes). Only certificates are ever pasted here: a
// private key anywhere in a form has already been refused by the app's guard, before any of these
// handlers ran, and was neither kept nor logged.
import type { Router } from 'express';
import type { Keygate } from '../../compose.ts';
import { adminFormRoutes } from './admin.ts';
import type { AdminForm } from './admin.ts';
import type { FormFields } from '../form.ts';
import { opt } from '../form-action.ts';

/** The pasted certificate: PEM text as is, or base64 of the DER without the textarea's line breaks. */
function pastedCertificate(form: FormFields): string | undefined {
  const value = opt(form, 'certificate');
  return value === undefined || value.startsWith('-----BEGIN ') ? value : value.replace(/\s+/g, '');
}

/** An account's password, taken as typed: no trimming, the operation's schema checks its length. */
const password = (f: FormFields) => (f.password === undefined || f.password === '' ? undefined : f.password);

const FORMS: readonly AdminForm[] = [
  { path: '/admin/keys', operationId: 'registerKey', page: 'providers', done: 'key', body: (f) => ({ holderId: opt(f, 'holderId'), certificate: pastedCertificate(f) }) },
  { path: '/admin/trust-anchors', operationId: 'addTrustAnchor', page: 'trust-anchors', done: 'anchor', body: (f) => ({ certificate: pastedCertificate(f) }) },
  { path: '/admin/trust-anchors/:fingerprint/removal', operationId: 'removeTrustAnchor', page: 'trust-anchors', done: 'anchor-removed', body: (f) => ({ reason: opt(f, 'reason') }) },
  {
    path: '/admin/accounts', operationId: 'createAccount', page: 'accounts', done: 'account',
    // No person is null (admin and auditor accounts); no password is a token-only account.
    body: (f) => ({ username: opt(f, 'username'), role: opt(f, 'role'), personId: opt(f, 'personId') ?? null, password: password(f) }),
  },
  {
    path: '/admin/documents/purge', operationId: 'purgeDocument', page: 'documents', done: 'document-purged',
    params: (f) => ({ sha256: (opt(f, 'sha256') ?? '').toLowerCase() }), body: (f) => ({ reason: opt(f, 'reason') }),
  },
  { path: '/admin/accounts/:id/password', operationId: 'setAccountPassword', page: 'accounts', done: 'password', body: (f) => ({ password: f.password ?? '' }) },
];

export function adminPkiRoutes(kg: Keygate): Router {
  return adminFormRoutes(kg, FORMS);
}
