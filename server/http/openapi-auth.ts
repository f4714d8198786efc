// The authentication and account routes (auth-routes.ts) as OpenAPI operations. The session
// routes keep their own table with schema names, mapped here onto the document's operation shape;
// the account routes are registry routes (routes/accounts.ts), documented like every other. So
// login, sessions, accounts and tokens are documented from the schemas they parse with.
import { SESSION_ROUTE_DOCS, authSchemas } from './auth-routes.ts';
import type { AuthRoute } from './auth-routes.ts';
import { operationOf } from './openapi.ts';
import type { OperationDoc } from './openapi.ts';
import { ACCOUNT_ROUTES } from './routes/accounts.ts';

/** The account service's refusals, per operation. */
const PROBLEMS: Readonly<Record<string, readonly string[]>> = {
  login: ['login-failed', 'rate-limited'],
  createAccount: ['username-taken', 'account-invalid'],
  disableAccount: ['account-not-found', 'account-invalid'],
  setAccountPassword: ['account-not-found', 'account-invalid', 'account-disabled'],
  createApiToken: ['account-not-found', 'account-invalid', 'account-disabled'],
  revokeApiToken: ['account-not-found', 'token-not-found'],
  addClientCertificate: ['account-not-found', 'account-invalid', 'account-disabled', 'fingerprint-taken'],
};

function tagOf(route: AuthRoute): string {
  return route.path.startsWith('/auth/') ? 'Authentication' : 'Accounts';
}

function authOperationOf(route: AuthRoute): OperationDoc {
  const { status, schema } = route.response;
  return {
    method: route.method,
    path: route.path,
    operationId: route.operationId,
    tag: tagOf(route),
    summary: route.summary,
    roles: route.anonymous ? 'anonymous' : route.roles,
    ...(PROBLEMS[route.operationId] === undefined ? {} : { problems: PROBLEMS[route.operationId] }),
    ...(route.pathParameters === undefined ? {} : { params: authSchemas[route.pathParameters] }),
    ...(route.requestBody === undefined ? {} : { body: { mediaType: 'application/json', schema: authSchemas[route.requestBody] } }),
    response:
      schema === undefined
        ? { status, description: 'done' }
        : { status, description: schema, mediaType: 'application/json', schema: authSchemas[schema] },
  };
}

export const AUTH_OPERATIONS: readonly OperationDoc[] = [...SESSION_ROUTE_DOCS.map(authOperationOf), ...ACCOUNT_ROUTES.map(operationOf)];
