// CSRF for the pages. HTML forms cannot send the X-CSRF-Token header the app-wide check wants,
// so under /ui the check moves here, after the private-key guard has parsed the form: every
// POST of a cookie session must carry the session's token in the `_csrf` field (or the header).
// The app skips its own check only for paths this router serves (exceptPages), and this router
// runs formCsrf before anything else, so no unsafe /ui request escapes both.
//
// The login form has no session yet; it is protected by a double-submit token: a random value
// in a SameSite=Strict cookie scoped to the login path, echoed in a hidden field.
import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { csrfTokenOfRequest, isTlsRequest } from '../auth/middleware.ts';
import { AuthError } from '../auth/errors.ts';
import { safeEqual } from '../auth/secrets.ts';

export const PAGES_BASE = '/ui';
/** Matched as Express matches the mount (case-insensitive, `/ui` or `/ui/…`), so the skip covers exactly what the router sees. */
const PAGES_PATH = /^\/ui(?:\/|$)/i;
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const CSRF_FIELD = '_csrf';
const LOGIN_COOKIE = 'keygate-login-csrf';
const LOGIN_PATH = `${PAGES_BASE}/login`;

/** Runs `check` everywhere but under /ui, whose router checks CSRF itself (formCsrf). */
export function exceptPages(check: RequestHandler): RequestHandler {
  return (req, res, next) => (PAGES_PATH.test(req.path) ? next() : check(req, res, next));
}

function takeField(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  if (body === undefined || typeof body !== 'object' || body === null) return undefined;
  const value = body[CSRF_FIELD];
  // Handlers never see the token: their forms are parsed without it.
  delete body[CSRF_FIELD];
  return typeof value === 'string' ? value : undefined;
}

const CSRF_CHECKED = 'keygateCsrfChecked';

/** Every unsafe request of a cookie session needs the session's token, from the form or the header. */
export const formCsrf: RequestHandler = (req, res, next) => {
  const given = takeField(req) ?? req.get('x-csrf-token');
  if (!UNSAFE_METHODS.has(req.method) || req.principal?.via !== 'session') return next();
  const expected = csrfTokenOfRequest(req);
  if (expected === null || given === undefined || !safeEqual(given, expected)) {
    return next(new AuthError('csrf-invalid', 'this form is missing its security token or the token is stale; reload the page and try again'));
  }
  // The token is gone from the form now; a later refusal (pageErrors) needs to know it was checked.
  res.locals[CSRF_CHECKED] = true;
  next();
};

/** Whether formCsrf accepted this request's token (it removes the token from the form). */
export function csrfChecked(res: Response): boolean {
  return res.locals[CSRF_CHECKED] === true;
}

/** A fresh login token, set as the cookie; the login form echoes it. */
export function issueLoginToken(req: Request, res: Response): string {
  const token = crypto.randomBytes(24).toString('base64url');
  res.cookie(LOGIN_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: LOGIN_PATH, secure: isTlsRequest(req) });
  return token;
}

export const LOGIN_FIELD = '_login';

export function checkLoginToken(req: Request, given: string | undefined): void {
  const cookies = (req.cookies ?? {}) as Record<string, unknown>;
  const expected = cookies[LOGIN_COOKIE];
  if (typeof expected !== 'string' || given === undefined || !safeEqual(given, expected)) {
    throw new AuthError('csrf-invalid', 'the login form has expired; reload the page and sign in again');
  }
}

export function clearLoginToken(req: Request, res: Response): void {
  res.clearCookie(LOGIN_COOKIE, { httpOnly: true, sameSite: 'strict', path: LOGIN_PATH, secure: isTlsRequest(req) });
}
