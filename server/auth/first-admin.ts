// First start: a fresh installation gets one admin account, so a newcomer can log in. The
// password is KEYGATE_ADMIN_PASSWORD when configured, else generated here and returned once for
// the caller to print; it is stored only as its scrypt hash and never logged.
import crypto from 'node:crypto';
import type { AccountService } from './account-service.ts';
import { generatePassword } from './secrets.ts';

export const FIRST_ADMIN_USERNAME = 'admin';
/** Who creates the first admin in the audit log: the server itself, at start. */
export const FIRST_START_ACTOR = { id: 'keygate', role: 'system' } as const;

/** What ensureFirstAdmin needs; the composed Keygate satisfies it. */
export interface FirstAdminDeps {
  readonly accounts: Pick<AccountService, 'count' | 'createFirstAdmin'>;
  readonly config: { readonly adminPassword?: string | undefined };
}

export interface FirstAdminCredentials {
  readonly username: string;
  /** The generated password, or the configured one. */
  readonly password: string;
  /** True when the password came from KEYGATE_ADMIN_PASSWORD (no need to print it). */
  readonly configured: boolean;
}

/**
 * Creates the first admin when no admin account exists yet. Null when one exists: then nothing
 * is created and no password is shown again. Safe when instances start together: the check
 * and the insert are one transaction under the log's lock.
 */
export async function ensureFirstAdmin(kg: FirstAdminDeps): Promise<FirstAdminCredentials | null> {
  if ((await kg.accounts.count({ role: 'admin' })) > 0) return null;
  const configured = kg.config.adminPassword !== undefined;
  const password = kg.config.adminPassword ?? generatePassword(crypto.randomBytes);
  const created = await kg.accounts.createFirstAdmin(FIRST_START_ACTOR, { username: FIRST_ADMIN_USERNAME, password });
  return created === null ? null : { username: created.username, password, configured };
}

/** The lines `keygate serve` prints once, when ensureFirstAdmin created the account. */
export function describeFirstAdmin(credentials: FirstAdminCredentials): string {
  const password = credentials.configured ? '(from KEYGATE_ADMIN_PASSWORD)' : credentials.password;
  return [
    'first admin account created; these credentials are shown this once:',
    `  username: ${credentials.username}`,
    `  password: ${password}`,
  ].join('\n');
}
