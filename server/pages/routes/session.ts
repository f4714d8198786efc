// Sign-in and sign-out. A page login is the API's login (AccountService.login: the same session,
// cookie and CSRF token, the same throttling by account and address), plus a double-submit
// token against login CSRF.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { AccountService } from '../../auth/account-service.ts';
import { SESSION_ABSOLUTE_MS } from '../../auth/authenticator.ts';
import { AuthError, isAuthError } from '../../auth/errors.ts';
import { clientAddress, isTlsRequest, requireAuthenticated, setRetryHeaders, sessionCookieName, sessionCookieOptions, sessionIdOf } from '../../auth/middleware.ts';
import { LOGIN_FIELD, checkLoginToken, clearLoginToken, issueLoginToken } from '../csrf.ts';
import { formOf, text } from '../form.ts';
import { render } from '../render.ts';

/**
 * Where to go after signing in: the page that sent the user here, when it is one of ours (a path
 * under /ui, never the login page itself); otherwise the dashboard. The value comes from the
 * query or the form, so it is attacker-controlled: anything that could leave the site (another
 * host, `//host`, a backslash, a scheme) falls back to the dashboard.
 */
function returnPathOf(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/ui';
  if (!/^\/ui(?:[/?#]|$)/.test(value) || /[\\\s]|\/\//.test(value) || /^\/ui\/log(?:in|out)(?:[/?#]|$)/.test(value)) return '/ui';
  return value;
}

function showLogin(req: Request, res: Response, error: string | null, options: { username?: string; next: string; status?: number }): void {
  const next = options.next === '/ui' ? '' : options.next;
  render(req, res, 'login.njk', { loginToken: issueLoginToken(req, res), loginField: LOGIN_FIELD, error, username: options.username ?? '', next }, options.status ?? 200);
}

export function sessionRoutes(accounts: AccountService): Router {
  const router = Router();
  router.get('/login', (req, res) => {
    const next = returnPathOf(req.query.next);
    if (req.principal !== undefined) return res.redirect(303, next);
    showLogin(req, res, null, { next });
  });
  router.post('/login', async (req, res) => {
    const form = formOf(req);
    checkLoginToken(req, form[LOGIN_FIELD]);
    const username = text(form, 'username');
    const next = returnPathOf(form.next);
    try {
      const result = await accounts.login(username, form.password ?? '', { address: clientAddress(req) });
      const secure = isTlsRequest(req);
      clearLoginToken(req, res);
      res.cookie(sessionCookieName(secure), result.sessionId, sessionCookieOptions(secure, SESSION_ABSOLUTE_MS));
      res.redirect(303, next);
    } catch (err) {
      // One message for every failure, so the page does not tell which usernames exist.
      if (isAuthError(err, 'login-failed') || isAuthError(err, 'account-disabled')) return showLogin(req, res, 'The username or password is wrong, or the account is disabled.', { username, next, status: 401 });
      if (isAuthError(err, 'rate-limited')) {
        setRetryHeaders(res, err);
        return showLogin(req, res, `Too many failed sign-ins: wait ${err.retryAfterSeconds ?? 60} seconds and try again.`, { username, next, status: 429 });
      }
      throw err;
    }
  });
  router.post('/logout', requireAuthenticated, async (req, res) => {
    const sessionId = sessionIdOf(req);
    if (req.principal?.via !== 'session' || sessionId === undefined) throw new AuthError('forbidden', 'only a browser session can sign out here');
    await accounts.logout(sessionId);
    res.clearCookie(sessionCookieName(isTlsRequest(req)), sessionCookieOptions(isTlsRequest(req)));
    res.redirect(303, '/ui/login');
  });
  return router;
}
