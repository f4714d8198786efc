// The authentication and account routes (auth-routes.ts) as OpenAPI operations. That file keeps
// its own route table with schema names; this maps it onto the document's operation shape, so
// login, sessions, accounts and tokens are documented from the schemas they parse with.
import { AUTH_ROUTES, authSchemas } from './auth-routes.ts';
import type { AuthRoute } from './auth-routes.ts';
import type { OperationDoc } from './openapi.ts';

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

export function authOperationOf(route: AuthRoute): OperationDoc {
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

export const AUTH_OPERATIONS: readonly OperationDoc[] = AUTH_ROUTES.map(authOperationOf);
