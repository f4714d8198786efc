// Turning a presented credential into a Principal. Every check fails closed: an unknown,
// malformed, revoked or expired credential, or one of a disabled account, is refused with
// 'unauthenticated'; nothing here returns "maybe". Logins, logouts and use stamps are not
// account changes and are not written to the audit log.
import type { Database } from '../storage/database.ts';
import { findClientCertificate, findAccount, findLogin } from './account-store.ts';
import type { Account } from './account-store.ts';
import { deleteExpiredSessions, deleteSession, findSession, findTokenByHash, insertSession, touchSession, touchToken } from './credential-store.ts';
import { AuthError } from './errors.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { Principal } from './principal.ts';
import { csrfTokenOf, decoyPasswordHash, generateSessionId, isSessionIdSyntax, isTokenSyntax, safeEqual, sha256Hex, passwordMatches } from './secrets.ts';
import type { RandomBytes } from './secrets.ts';
import { FINGERPRINT_PATTERN } from './account-rules.ts';

/** A session ends after this long without a request... */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** ...and this long after login, whatever its activity. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** Use stamps (token last use, session last activity) are written at most this often. */
const TOUCH_INTERVAL_MS = 60 * 1000;
/**
 * A token check is remembered this long, so a busy client costs one look-up a second, not one a
 * request. Account changes made by this process forget everything at once; a token revoked or
 * an account disabled through another server instance stops working within this delay.
 */
export const TOKEN_CHECK_TTL_MS = 1_000;

export interface AuthenticatorDeps {
  readonly db: Database;
  readonly clock: () => Date;
  readonly random: RandomBytes;
  readonly throttle: LoginThrottle;
}

/** Where a sign-in comes from: the client address as clientAddress() gives it. */
export interface LoginClient {
  readonly address: string;
}

/** Sign-ins that do not come over the network (the CLI, set-up) share one address. */
export const LOCAL_CLIENT: LoginClient = { address: 'local' };

export interface LoginResult {
  readonly principal: Principal;
  readonly account: Account;
  /** The session id: goes in the cookie, stored only as its SHA-256. */
  readonly sessionId: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export interface SessionAuthentication {
  readonly principal: Principal;
  readonly csrfToken: string;
}

const LOGIN_FAILED = 'wrong username or password, or the account is disabled';

export function principalOf(account: Account, via: Principal['via']): Principal {
  return { accountId: account.id, username: account.username, role: account.role, personId: account.personId, via };
}

function refuse(what: string): never {
  throw new AuthError('unauthenticated', what);
}

export class Authenticator {
  /**
   * When this process last stamped each token or session: the stamp is a database write, so it
   * is skipped (not even attempted) while the last one is recent. Bounded: cleared when large.
   */
  private readonly stamped = new Map<string, number>();
  /** Recent successful token checks, by the token's SHA-256. */
  private readonly checked = new Map<string, { principal: Principal; at: number }>();

  private readonly throttle: LoginThrottle;

  constructor(private readonly deps: AuthenticatorDeps) {
    this.throttle = deps.throttle;
  }

  private due(key: string, now: Date): boolean {
    const last = this.stamped.get(key);
    if (last !== undefined && now.getTime() - last < TOUCH_INTERVAL_MS) return false;
    if (this.stamped.size > 10_000) this.stamped.clear();
    this.stamped.set(key, now.getTime());
    return true;
  }

  /**
   * Checks a password and opens a session. An unknown username, a token-only account, a wrong
   * password and a disabled account are refused alike, after the same scrypt work. Attempts
   * are throttled per account name and client address, and per address (LoginThrottle).
   */
  async login(username: string, password: string, client: LoginClient = LOCAL_CLIENT): Promise<LoginResult> {
    const attempt = await this.throttle.begin(username, client.address);
    const found = await findLogin(this.deps.db.knex, username);
    const stored = found?.passwordHash ?? null;
    const matches = await passwordMatches(password, stored ?? (await decoyPasswordHash()));
    const succeeded = found !== null && stored !== null && matches && found.account.disabledAt === null;
    await this.throttle.settle(attempt, { succeeded });
    if (!succeeded) throw new AuthError('login-failed', LOGIN_FAILED);
    const now = this.deps.clock();
    const sessionId = generateSessionId(this.deps.random);
    const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString();
    const q = this.deps.db.knex;
    await deleteExpiredSessions(q, now.toISOString(), new Date(now.getTime() - SESSION_IDLE_MS).toISOString());
    await insertSession(q, sha256Hex(sessionId), { accountId: found.account.id, createdAt: now.toISOString(), lastSeenAt: now.toISOString(), expiresAt });
    return { principal: principalOf(found.account, 'session'), account: found.account, sessionId, csrfToken: csrfTokenOf(sessionId), expiresAt };
  }

  /** Ends the session; an unknown or malformed id is already ended. */
  async logout(sessionId: string): Promise<void> {
    if (isSessionIdSyntax(sessionId)) await deleteSession(this.deps.db.knex, sha256Hex(sessionId));
  }

  /** Forgets remembered token checks (after any account change). */
  forget(): void {
    this.checked.clear();
  }

  async authenticateToken(secret: string): Promise<Principal> {
    if (!isTokenSyntax(secret)) refuse('the bearer token is malformed');
    const hash = sha256Hex(secret);
    const remembered = this.checked.get(hash);
    const nowMs = this.deps.clock().getTime();
    if (remembered !== undefined && nowMs - remembered.at < TOKEN_CHECK_TTL_MS) return remembered.principal;
    const found = await findTokenByHash(this.deps.db.knex, hash);
    // The look-up matched on the hash already; the constant-time check guards the invariant.
    if (found === null || !safeEqual(found.tokenHash, hash)) refuse('the bearer token is unknown');
    if (found.token.revokedAt !== null) refuse('the bearer token is revoked');
    if (found.account.disabledAt !== null) refuse('the account is disabled');
    const now = this.deps.clock();
    if (this.due(`token:${found.token.id}`, now)) {
      await touchToken(this.deps.db.knex, found.token.id, now.toISOString(), new Date(now.getTime() - TOUCH_INTERVAL_MS).toISOString());
    }
    const principal = principalOf(found.account, 'token');
    if (this.checked.size > 10_000) this.checked.clear();
    this.checked.set(hash, { principal, at: nowMs });
    return principal;
  }

  async authenticateSession(sessionId: string): Promise<SessionAuthentication> {
    if (!isSessionIdSyntax(sessionId)) refuse('the session cookie is malformed');
    const q = this.deps.db.knex;
    const hash = sha256Hex(sessionId);
    const found = await findSession(q, hash);
    if (found === null) refuse('the session is unknown or has ended');
    const now = this.deps.clock();
    const idleBefore = new Date(now.getTime() - SESSION_IDLE_MS).toISOString();
    if (found.session.expiresAt <= now.toISOString() || found.session.lastSeenAt < idleBefore) {
      await deleteSession(q, hash);
      refuse('the session has expired');
    }
    if (found.account.disabledAt !== null) refuse('the account is disabled');
    if (this.due(`session:${hash}`, now)) await touchSession(q, hash, now.toISOString(), new Date(now.getTime() - TOUCH_INTERVAL_MS).toISOString());
    return { principal: principalOf(found.account, 'session'), csrfToken: csrfTokenOf(sessionId) };
  }

  /**
   * The account a client certificate is mapped to, by the SHA-256 of its DER. Null when none is:
   * the CA may certify people who hold no account here, and a browser presents its certificate
   * on every request, so an unmapped one must not stand in the way of a password login.
   */
  async authenticateClientCertificate(fingerprint: string): Promise<Principal | null> {
    if (!FINGERPRINT_PATTERN.test(fingerprint)) refuse('the client-certificate fingerprint is malformed');
    const q = this.deps.db.knex;
    const cert = await findClientCertificate(q, fingerprint);
    if (cert === null) return null;
    const account = await findAccount(q, cert.accountId);
    if (account === null || account.disabledAt !== null) refuse('the account of the client certificate is disabled');
    return principalOf(account, 'client-certificate');
  }
}
