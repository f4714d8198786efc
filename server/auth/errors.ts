// Errors of authentication and account management. Codes are the contract (mapped to HTTP
// statuses and titles in server/errors/table.ts); messages are for people and never carry a secret.
export type AuthErrorCode =
  /** No usable credential where one is required, or a credential that is malformed, unknown, revoked, expired or belongs to a disabled account. */
  | 'unauthenticated'
  /** Wrong username or password at login. One code for both, so usernames cannot be probed. */
  | 'login-failed'
  /** Authenticated, but the account's role may not do this. */
  | 'forbidden'
  /** A cookie-authenticated unsafe request without the session's CSRF token. */
  | 'csrf-invalid'
  /** Too many failed logins: wait (retryAfterSeconds) before the next attempt. */
  | 'rate-limited'
  | 'account-not-found'
  | 'token-not-found'
  | 'username-taken'
  | 'fingerprint-taken'
  /** The change does not fit the account: a person id missing or not allowed for the role, a weak password. */
  | 'account-invalid'
  /** The account is disabled: no new credentials for it. */
  | 'account-disabled';

export class AuthError extends Error {
  readonly code: AuthErrorCode;
  /** Set on 'rate-limited': how long to wait before the next attempt. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: AuthErrorCode, message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuthError';
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isAuthError(err: unknown, code?: AuthErrorCode): err is AuthError {
  return err instanceof AuthError && (code === undefined || err.code === code);
}
