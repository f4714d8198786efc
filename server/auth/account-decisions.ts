// The rules of account changes, as pure decisions: each judges what the unit of work loaded under
// the log lock and returns the change's log entry, encoded once. Entries name the account and
// what changed, never a password, token, session id or hash.
import { encodeLogEntry } from '../../audit/entry.ts';
import type { EncodedEntry, JsonValue } from '../../audit/entry.ts';
import type { Actor } from '../services/actor.ts';
import type { Account, ClientCertificate } from './account-store.ts';
import type { ApiToken } from './credential-store.ts';
import { AuthError } from './errors.ts';

export const ACCOUNT_SUBJECT = 'account';

type AccountAction =
  | 'account.created'
  | 'account.password_set'
  | 'account.disabled'
  | 'account.token_created'
  | 'account.token_revoked'
  | 'account.client_certificate_added';

function accountEntry(actor: Actor, at: Date, action: AccountAction, accountId: string, data: Record<string, JsonValue>): EncodedEntry {
  return encodeLogEntry({ time: at.toISOString(), actor: { id: actor.id, role: actor.role }, action, subject: { type: ACCOUNT_SUBJECT, id: accountId }, data });
}

/** The account `accountId` when it exists and is enabled; otherwise the refusal. */
export function requireActive(account: Account | null, accountId: string): Account {
  if (account === null) throw new AuthError('account-not-found', `no account ${accountId}`);
  if (account.disabledAt !== null) throw new AuthError('account-disabled', `account ${accountId} is disabled`);
  return account;
}

/** Creating `account`: its username must be free (usernames match exactly, case included). */
export function decideAccountCreated(usernameTaken: boolean, account: Account, actor: Actor, at: Date): EncodedEntry {
  if (usernameTaken) throw new AuthError('username-taken', `username ${account.username} is taken`);
  const { username, role, personId, hasPassword } = account;
  return accountEntry(actor, at, 'account.created', account.id, { username, role, personId, hasPassword });
}

export function decidePasswordSet(account: Account | null, accountId: string, actor: Actor, at: Date): EncodedEntry {
  requireActive(account, accountId);
  return accountEntry(actor, at, 'account.password_set', accountId, {});
}

/** Disabling is for good; the last active admin account stays. */
export function decideAccountDisabled(account: Account | null, accountId: string, activeAdmins: number, actor: Actor, at: Date): EncodedEntry {
  const active = requireActive(account, accountId);
  if (active.role === 'admin' && activeAdmins <= 1) throw new AuthError('account-invalid', 'the last active admin account cannot be disabled');
  return accountEntry(actor, at, 'account.disabled', accountId, {});
}

export function decideTokenCreated(account: Account | null, token: ApiToken, actor: Actor, at: Date): EncodedEntry {
  requireActive(account, token.accountId);
  return accountEntry(actor, at, 'account.token_created', token.accountId, { tokenId: token.id, name: token.name });
}

/** Only an active token of that account can be revoked. */
export function decideTokenRevoked(token: ApiToken | null, accountId: string, tokenId: string, actor: Actor, at: Date): EncodedEntry {
  if (token === null || token.accountId !== accountId || token.revokedAt !== null) {
    throw new AuthError('token-not-found', `account ${accountId} has no active token ${tokenId}`);
  }
  return accountEntry(actor, at, 'account.token_revoked', accountId, { tokenId });
}

/** A client certificate maps to one account at most. */
export function decideClientCertificateAdded(account: Account | null, mapped: ClientCertificate | null, cert: ClientCertificate, actor: Actor, at: Date): EncodedEntry {
  requireActive(account, cert.accountId);
  if (mapped !== null) throw new AuthError('fingerprint-taken', `certificate ${cert.fingerprint} is already mapped to an account`);
  return accountEntry(actor, at, 'account.client_certificate_added', cert.accountId, { fingerprint: cert.fingerprint });
}
