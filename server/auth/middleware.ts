// Authentication and authorization middleware. `authenticate` identifies the caller from one
// credential, in a fixed order (bearer token, then session cookie, then a TLS client
// certificate the server's CA verified) and never falls through to the next kind when the one
// presented is bad: a bad credential is a 401, not an anonymous request.
import type { TLSSocket } from 'node:tls';
import cookieParser from 'cookie-parser';
import { ipKeyGenerator } from 'express-rate-limit';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { AccountService } from './account-service.ts';
import { AuthError, isAuthError } from './errors.ts';
import type { Principal } from './principal.ts';
import type { AccountRole } from './roles.ts';
import { certificateFingerprint, safeEqual } from './secrets.ts';

/** Cookie names: the `__Host-` prefix (RFC 6265bis) pins a Secure cookie to this host and Path=/. */
export const SESSION_COOKIE = 'keygate-session';
export const SECURE_SESSION_COOKIE = '__Host-keygate-session';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const BEARER = /^Bearer ([!-~]+)$/;

/** The CSRF token of the session that authenticated a request; set only for cookie logins. */
const sessionCsrf = new WeakMap<Request, string>();

/**
 * The client address a sign-in is throttled by: the peer address, or with a configured trusted
 * proxy (KEYGATE_TRUST_PROXY, express 'trust proxy') the address that proxy reports. IPv6
 * addresses count by their /56 prefix, the block one subscriber usually holds.
 */
export function clientAddress(req: Request): string {
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}

/** Answers a throttled sign-in's headers: Retry-After (RFC 9110) and RateLimit (IETF draft 8). */
export function setRetryHeaders(res: Response, err: AuthError): void {
  if (err.retryAfterSeconds === undefined) return;
  res.set('Retry-After', String(err.retryAfterSeconds));
  res.set('RateLimit', `"login";r=0;t=${err.retryAfterSeconds}`);
}

/** True when the request arrived on a TLS connection this server terminated. */
export function isTlsRequest(req: Request): boolean {
  return (req.socket as Partial<TLSSocket>).encrypted === true;
}

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** HttpOnly, SameSite=Strict, Path=/; Secure (and `__Host-`) when the server runs with TLS. */
export function sessionCookieOptions(secure: boolean, maxAgeMs?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure, ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }) };
}

export function sessionIdOf(req: Request): string | undefined {
  const cookies = (req.cookies ?? {}) as Record<string, unknown>;
  const value = cookies[sessionCookieName(isTlsRequest(req))];
  return typeof value === 'string' ? value : undefined;
}

/** The CSRF token of the request's session, or null when it was not cookie-authenticated. */
export function csrfTokenOfRequest(req: Request): string | null {
  return sessionCsrf.get(req) ?? null;
}

/**
 * SHA-256 fingerprint of the client certificate, only when the TLS layer verified it against
 * the configured client CA (`authorized`); an unverified certificate is ignored entirely.
 */
export function verifiedClientCertificateFingerprint(req: Request): string | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  if (socket.encrypted !== true || socket.authorized !== true || typeof socket.getPeerCertificate !== 'function') return undefined;
  const raw = socket.getPeerCertificate().raw as Buffer | undefined;
  return raw === undefined || raw.length === 0 ? undefined : certificateFingerprint(raw);
}

function bearerTokenOf(header: string): string {
  const match = BEARER.exec(header);
  if (match?.[1] === undefined) throw new AuthError('unauthenticated', 'the Authorization header must be "Bearer <token>"');
  return match[1];
}

async function sessionPrincipal(accounts: AccountService, req: Request, res: Response, sessionId: string): Promise<Principal> {
  try {
    const { principal, csrfToken } = await accounts.authenticateSession(sessionId);
    sessionCsrf.set(req, csrfToken);
    return principal;
  } catch (err) {
    // A stale cookie is dropped with the refusal, so the next request (a login) goes through.
    if (isAuthError(err, 'unauthenticated')) res.clearCookie(sessionCookieName(isTlsRequest(req)), sessionCookieOptions(isTlsRequest(req)));
    throw err;
  }
}

async function identify(accounts: AccountService, req: Request, res: Response): Promise<Principal | undefined> {
  const authorization = req.get('authorization');
  if (authorization !== undefined) return accounts.authenticateToken(bearerTokenOf(authorization));
  const sessionId = sessionIdOf(req);
  if (sessionId !== undefined) return sessionPrincipal(accounts, req, res, sessionId);
  const fingerprint = verifiedClientCertificateFingerprint(req);
  if (fingerprint !== undefined) return (await accounts.authenticateClientCertificate(fingerprint)) ?? undefined;
  return undefined;
}

/** Sets `req.principal` from the request's credential, or leaves it undefined for none. */
export function authenticate(accounts: AccountService): RequestHandler {
  const parseCookies = cookieParser();
  return (req, res, next) => {
    // Idempotent: mounted both app-wide and by a router, the credential is checked once.
    if (req.principal !== undefined) return next();
    parseCookies(req, res, (err?: unknown) => {
      if (err !== undefined) return next(err);
      identify(accounts, req, res).then((principal) => {
        if (principal !== undefined) req.principal = principal;
        next();
      }, next);
    });
  };
}

export const requireAuthenticated: RequestHandler = (req, _res, next) => {
  next(req.principal === undefined ? new AuthError('unauthenticated', 'this route needs a signed-in account') : undefined);
};

/** The caller, when its account's role is among `roles`; AuthError 401 for no account, 403 for another role. */
export function authorize(roles: readonly AccountRole[], principal: Principal | undefined): Principal {
  if (principal === undefined) throw new AuthError('unauthenticated', 'this route needs a signed-in account');
  if (!roles.includes(principal.role)) throw new AuthError('forbidden', `the ${principal.role} role may not do this`);
  return principal;
}

/** authorize() as middleware: 401 for an anonymous caller, 403 when the account's role is not among `roles`. */
export function allow(roles: readonly AccountRole[]): RequestHandler {
  return (req, _res, next) => {
    try {
      authorize(roles, req.principal);
    } catch (err) {
      return next(err);
    }
    next();
  };
}

/**
 * Cookie-authenticated POST, PUT, PATCH and DELETE must carry the session's CSRF token in
 * X-CSRF-Token. Bearer-token and client-certificate calls are exempt: a browser never attaches
 * those to a cross-site request on its own.
 */
export const csrfProtection: RequestHandler = (req, _res, next) => {
  if (!UNSAFE_METHODS.has(req.method) || req.principal?.via !== 'session') return next();
  const expected = sessionCsrf.get(req);
  const given = req.get(CSRF_HEADER);
  if (expected === undefined || given === undefined || !safeEqual(given, expected)) {
    return next(new AuthError('csrf-invalid', `a signed-in browser request must send the session's CSRF token in ${CSRF_HEADER}`));
  }
  next();
};
