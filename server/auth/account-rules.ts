// What makes an account well-formed, checked by the service whatever the caller (HTTP, CLI,
// first start): the routes' schemas check shapes, these the meaning. Nothing is trimmed or
// case-folded: a value is accepted as given or refused.
import { ID_PATTERN } from '../../approvals/index.ts';
import { AuthError } from './errors.ts';
import { ACCOUNT_ROLES } from './roles.ts';
import type { AccountRole } from './roles.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './secrets.ts';

/** Lower-case letters and digits, then also `.`, `_`, `-`; at most 64 characters. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** SHA-256 of the certificate's DER, 64 lower-case hex digits. */
export const FINGERPRINT_PATTERN = /^[0-9a-f]{64}$/;
export const MAX_TOKEN_NAME_LENGTH = 100;

/** Roles whose accounts belong to a roster person: the approvals rules judge that person. */
export const PERSON_ROLES: readonly AccountRole[] = ['dcc', 'pma_member', 'pma_chair', 'ssc'];

export interface NewAccount {
  readonly username: string;
  readonly role: AccountRole;
  readonly personId: string | null;
  /** Omitted for a token-only account. */
  readonly password?: string;
}

export function checkUsername(username: string): void {
  if (!USERNAME_PATTERN.test(username)) {
    throw new AuthError('account-invalid', 'a username is 1 to 64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new AuthError('account-invalid', `a password has ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`);
  }
}

export function checkNewAccount(input: NewAccount): void {
  checkUsername(input.username);
  if (!(ACCOUNT_ROLES as readonly string[]).includes(input.role)) throw new AuthError('account-invalid', `unknown role ${JSON.stringify(input.role)}`);
  const needsPerson = PERSON_ROLES.includes(input.role);
  if (needsPerson && input.personId === null) throw new AuthError('account-invalid', `a ${input.role} account needs the roster person it belongs to (personId)`);
  if (!needsPerson && input.personId !== null) throw new AuthError('account-invalid', `a ${input.role} account belongs to no roster person; personId must be null`);
  if (input.personId !== null && !ID_PATTERN.test(input.personId)) throw new AuthError('account-invalid', 'personId is not a valid person id');
  if (input.password !== undefined) checkPassword(input.password);
}

export function checkTokenName(name: string): void {
  if (name.length < 1 || name.length > MAX_TOKEN_NAME_LENGTH) throw new AuthError('account-invalid', `a token name has 1 to ${MAX_TOKEN_NAME_LENGTH} characters`);
}

export function checkFingerprint(fingerprint: string): void {
  if (!FINGERPRINT_PATTERN.test(fingerprint)) throw new AuthError('account-invalid', 'a client-certificate fingerprint is the SHA-256 of its DER, 64 lower-case hex digits');
}
