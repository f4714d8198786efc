// Login, logout, the current principal, and admin-only account management, mounted by the app
// under /api/v1. The session routes' table below is both what is mounted and what is documented;
// the account routes are the registry's (routes/accounts.ts: one authorization, validation and
// handler for the API and the pages), mounted here behind the same authentication. AUTH_ROUTES
// lists everything this router serves. Every account change is logged by the service, in its own
// transaction.
import express, { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import type { AccountService } from '../auth/account-service.ts';
import { SESSION_ABSOLUTE_MS } from '../auth/authenticator.ts';
import { AuthError, isAuthError } from '../auth/errors.ts';
import { allow, authenticate, clientAddress, csrfProtection, csrfTokenOfRequest, isTlsRequest, setRetryHeaders, sessionCookieName, sessionCookieOptions, sessionIdOf } from '../auth/middleware.ts';
import type { Principal } from '../auth/principal.ts';
import { ACCOUNT_ROLES } from '../auth/roles.ts';
import type { AccountRole } from '../auth/roles.ts';
import { authSchemas, loginRequest } from '../auth/schemas.ts';
import { toTemplatePath } from './openapi.ts';
import { PERMISSIONS } from './permissions.ts';
import { ACCOUNT_ROUTES } from './routes/accounts.ts';
import { parseInput } from './validate.ts';

export { authSchemas };

type SchemaName = keyof typeof authSchemas;

export interface AuthRoute {
  readonly method: 'get' | 'post' | 'delete';
  /** OpenAPI path template, relative to /api/v1. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  /** Roles allowed to call; `anonymous` routes need no account at all. */
  readonly roles: readonly AccountRole[];
  readonly anonymous: boolean;
  readonly requestBody?: SchemaName;
  readonly pathParameters?: SchemaName;
  /** Success status and the schema of its body (none for 204). */
  readonly response: { readonly status: 200 | 201 | 204; readonly schema?: SchemaName };
}

/** None left: login throttling moved to the AccountService, its policy to login-throttle-policy.ts. */
export type AuthRouteOptions = Readonly<Record<string, never>>;

const BODY_LIMIT = '16kb';

type Handler = (accounts: AccountService, req: Request, res: Response) => Promise<void>;

interface RouteDefinition extends AuthRoute {
  readonly handle: Handler;
}

function requirePrincipal(req: Request): Principal {
  // allow() ran before every handler that calls this.
  if (req.principal === undefined) throw new AuthError('unauthenticated', 'this route needs a signed-in account');
  return req.principal;
}

const login: Handler = async (accounts, req, res) => {
  const body = parseInput('body', loginRequest, req.body);
  const result = await accounts.login(body.username, body.password, { address: clientAddress(req) }).catch((err: unknown) => {
    if (isAuthError(err, 'rate-limited')) setRetryHeaders(res, err);
    throw err;
  });
  const secure = isTlsRequest(req);
  res.cookie(sessionCookieName(secure), result.sessionId, sessionCookieOptions(secure, SESSION_ABSOLUTE_MS));
  res.json({ account: result.account, csrfToken: result.csrfToken, expiresAt: result.expiresAt });
};

const logout: Handler = async (accounts, req, res) => {
  const sessionId = sessionIdOf(req);
  if (requirePrincipal(req).via === 'session' && sessionId !== undefined) {
    await accounts.logout(sessionId);
    res.clearCookie(sessionCookieName(isTlsRequest(req)), sessionCookieOptions(isTlsRequest(req)));
  }
  res.status(204).end();
};

const ROUTES: readonly RouteDefinition[] = [
  {
    method: 'post', path: '/auth/login', operationId: 'login', roles: [], anonymous: true,
    summary: 'Log in with a password: sets the session cookie and returns the CSRF token',
    requestBody: 'LoginRequest', response: { status: 200, schema: 'LoginResponse' }, handle: login,
  },
  {
    method: 'post', path: '/auth/logout', operationId: 'logout', roles: ACCOUNT_ROLES, anonymous: false,
    summary: 'End the current session (a no-op for token and certificate callers)', response: { status: 204 }, handle: logout,
  },
  {
    method: 'get', path: '/auth/me', operationId: 'getCurrentPrincipal', roles: ACCOUNT_ROLES, anonymous: false,
    summary: 'The signed-in account, and the session CSRF token for cookie callers', response: { status: 200, schema: 'MeResponse' },
    handle: async (_a, req, res) => void res.json({ principal: requirePrincipal(req), csrfToken: csrfTokenOfRequest(req) }),
  },
];

/** The session routes as documented (the account routes are documented from the registry). */
export const SESSION_ROUTE_DOCS: readonly AuthRoute[] = ROUTES.map(({ handle: _handle, ...route }) => route);

/** Everything this router serves, for the role matrix: the session routes and the account routes, with their roles. */
export const AUTH_ROUTES: readonly AuthRoute[] = [
  ...SESSION_ROUTE_DOCS,
  ...ACCOUNT_ROUTES.map((r) => ({ method: r.method as AuthRoute['method'], path: toTemplatePath(r.path), operationId: r.operationId, summary: r.summary, roles: PERMISSIONS[r.operationId], anonymous: false, response: { status: r.response.status } })),
];

const expressPath = (path: string) => path.replace(/\{([A-Za-z]+)\}/g, ':$1');

/** Login throttling is the AccountService's (LoginThrottle), shared with the pages' sign-in. */
export function authRoutes(accounts: AccountService, _options: AuthRouteOptions = {}): Router {
  const router = Router();
  const json = express.json({ limit: BODY_LIMIT });
  for (const route of ROUTES) {
    const guards: RequestHandler[] = route.anonymous ? [json] : [authenticate(accounts), csrfProtection, allow(route.roles), json];
    router[route.method](expressPath(route.path), ...guards, (req, res) => route.handle(accounts, req, res));
  }
  // The account routes authorize from PERMISSIONS themselves (Route.invoke).
  for (const route of ACCOUNT_ROUTES) route.mount(router, { accounts }, [authenticate(accounts), csrfProtection, json]);
  return router;
}
