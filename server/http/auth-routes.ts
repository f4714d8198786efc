// Login, logout, the current principal, and admin-only account management, mounted by the app
// under /api/v1. The route table below is both what is mounted and what is documented
// (AUTH_ROUTES), so the two cannot drift. Handlers stay thin: parse, call the AccountService,
// render. Every account change is logged by the service, in its own transaction.
import express, { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import type { AccountService } from '../auth/account-service.ts';
import { logActorOf } from '../auth/actor.ts';
import { SESSION_ABSOLUTE_MS } from '../auth/authenticator.ts';
import { AuthError, isAuthError } from '../auth/errors.ts';
import { allow, authenticate, clientAddress, csrfProtection, csrfTokenOfRequest, isTlsRequest, setRetryHeaders, sessionCookieName, sessionCookieOptions, sessionIdOf } from '../auth/middleware.ts';
import type { Principal } from '../auth/principal.ts';
import { ACCOUNT_ROLES } from '../auth/roles.ts';
import type { AccountRole } from '../auth/roles.ts';
import { accountPath, addClientCertificateRequest, authSchemas, createAccountRequest, createTokenRequest, emptyRequest, loginRequest, setPasswordRequest, tokenPath } from '../auth/schemas.ts';
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

const ADMIN = ['admin'] as const;
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

const actorOf = (req: Request) => logActorOf(requirePrincipal(req));

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
  {
    method: 'get', path: '/accounts', operationId: 'listAccounts', roles: ADMIN, anonymous: false,
    summary: 'All accounts with their tokens (never their secrets) and client certificates', response: { status: 200, schema: 'AccountListResponse' },
    handle: async (accounts, _req, res) => void res.json({ accounts: await accounts.list() }),
  },
  {
    method: 'post', path: '/accounts', operationId: 'createAccount', roles: ADMIN, anonymous: false,
    summary: 'Create an account', requestBody: 'CreateAccountRequest', response: { status: 201, schema: 'AccountResponse' },
    handle: async (accounts, req, res) => {
      const body = parseInput('body', createAccountRequest, req.body);
      const account = await accounts.createAccount(actorOf(req), { ...body, personId: body.personId ?? null });
      res.status(201).json({ account });
    },
  },
  {
    method: 'post', path: '/accounts/{id}/disable', operationId: 'disableAccount', roles: ADMIN, anonymous: false,
    summary: 'Disable an account for good: its sessions, tokens and certificates stop working',
    pathParameters: 'AccountPath', response: { status: 200, schema: 'AccountResponse' },
    handle: async (accounts, req, res) => {
      const { id } = parseInput('path', accountPath, req.params);
      parseInput('body', emptyRequest, req.body);
      res.json({ account: await accounts.disable(actorOf(req), id) });
    },
  },
  {
    method: 'post', path: '/accounts/{id}/password', operationId: 'setAccountPassword', roles: ADMIN, anonymous: false,
    summary: "Set an account's password; its sessions end", pathParameters: 'AccountPath', requestBody: 'SetPasswordRequest', response: { status: 204 },
    handle: async (accounts, req, res) => {
      const { id } = parseInput('path', accountPath, req.params);
      const body = parseInput('body', setPasswordRequest, req.body);
      await accounts.setPassword(actorOf(req), id, body.password);
      res.status(204).end();
    },
  },
  {
    method: 'post', path: '/accounts/{id}/tokens', operationId: 'createApiToken', roles: ADMIN, anonymous: false,
    summary: 'Create an API token; its secret is in this answer only', pathParameters: 'AccountPath', requestBody: 'CreateTokenRequest',
    response: { status: 201, schema: 'CreatedTokenResponse' },
    handle: async (accounts, req, res) => {
      const { id } = parseInput('path', accountPath, req.params);
      const body = parseInput('body', createTokenRequest, req.body);
      res.status(201).set('Cache-Control', 'no-store').json(await accounts.createToken(actorOf(req), id, body.name));
    },
  },
  {
    method: 'delete', path: '/accounts/{id}/tokens/{tokenId}', operationId: 'revokeApiToken', roles: ADMIN, anonymous: false,
    summary: 'Revoke an API token', pathParameters: 'TokenPath', response: { status: 204 },
    handle: async (accounts, req, res) => {
      const { id, tokenId } = parseInput('path', tokenPath, req.params);
      await accounts.revokeToken(actorOf(req), id, tokenId);
      res.status(204).end();
    },
  },
  {
    method: 'post', path: '/accounts/{id}/client-certificates', operationId: 'addClientCertificate', roles: ADMIN, anonymous: false,
    summary: 'Map a client certificate (SHA-256 of its DER) to the account', pathParameters: 'AccountPath', requestBody: 'AddClientCertificateRequest',
    response: { status: 201, schema: 'ClientCertificateResponse' },
    handle: async (accounts, req, res) => {
      const { id } = parseInput('path', accountPath, req.params);
      const body = parseInput('body', addClientCertificateRequest, req.body);
      res.status(201).json({ clientCertificate: await accounts.addClientCertificate(actorOf(req), id, body.fingerprint) });
    },
  },
];

/** What the routes are, for the OpenAPI document and the role matrix. */
export const AUTH_ROUTES: readonly AuthRoute[] = ROUTES.map(({ handle: _handle, ...route }) => route);

const expressPath = (path: string) => path.replace(/\{([A-Za-z]+)\}/g, ':$1');

/** Login throttling is the AccountService's (LoginThrottle), shared with the pages' sign-in. */
export function authRoutes(accounts: AccountService, _options: AuthRouteOptions = {}): Router {
  const router = Router();
  const json = express.json({ limit: BODY_LIMIT });
  for (const route of ROUTES) {
    const guards: RequestHandler[] = route.anonymous ? [json] : [authenticate(accounts), csrfProtection, allow(route.roles), json];
    router[route.method](expressPath(route.path), ...guards, (req, res) => route.handle(accounts, req, res));
  }
  return router;
}
