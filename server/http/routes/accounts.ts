// Account management, admin only: accounts, API tokens and client certificates. These routes need
// only the AccountService, which logs every change in its own transaction; the auth router mounts
// them beside login and logout (auth-routes.ts), and the pages submit their account forms through
// them like every other operation.
import type { Response } from 'express';
import type { AccountService } from '../../auth/account-service.ts';
import { logActorOf } from '../../auth/actor.ts';
import {
  accountListResponse,
  accountPath,
  accountResponse,
  addClientCertificateRequest,
  clientCertificateResponse,
  createAccountRequest,
  createTokenRequest,
  createdTokenResponse,
  emptyRequest,
  setPasswordRequest,
  tokenPath,
} from '../../auth/schemas.ts';
import { defineRoute } from './route.ts';
import type { Route, RouteSpec } from './route.ts';

/** What the account routes run on. */
export interface AccountDeps {
  readonly accounts: AccountService;
}

const TAG = 'Accounts';
const JSON_TYPE = 'application/json';

function accountRoute<P, Q, B, R>(spec: Omit<RouteSpec<P, Q, B, R, AccountDeps>, 'tag'>): Route<AccountDeps> {
  return defineRoute({ ...spec, tag: TAG });
}

/** A new token's secret is in this answer only: never cached. */
function sendCreatedToken(res: Response, created: unknown): void {
  res.status(201).set('Cache-Control', 'no-store').json(created);
}

export const ACCOUNT_ROUTES: readonly Route<AccountDeps>[] = [
  accountRoute({
    method: 'get',
    path: '/accounts',
    operationId: 'listAccounts',
    summary: 'All accounts with their tokens (never their secrets) and client certificates',
    response: { status: 200, description: 'every account', mediaType: JSON_TYPE, schema: accountListResponse },
    handle: async ({ kg }) => ({ accounts: await kg.accounts.list() }),
  }),
  accountRoute({
    method: 'post',
    path: '/accounts',
    operationId: 'createAccount',
    summary: 'Create an account',
    body: { mediaType: JSON_TYPE, schema: createAccountRequest },
    response: { status: 201, description: 'the account', mediaType: JSON_TYPE, schema: accountResponse },
    handle: async ({ body, principal, kg }) => ({ account: await kg.accounts.createAccount(logActorOf(principal), { ...body, personId: body.personId ?? null }) }),
  }),
  accountRoute({
    method: 'post',
    path: '/accounts/:id/disable',
    operationId: 'disableAccount',
    summary: 'Disable an account for good: its sessions, tokens and certificates stop working',
    params: accountPath,
    body: { mediaType: JSON_TYPE, schema: emptyRequest },
    response: { status: 200, description: 'the account, disabled', mediaType: JSON_TYPE, schema: accountResponse },
    handle: async ({ params, principal, kg }) => ({ account: await kg.accounts.disable(logActorOf(principal), params.id) }),
  }),
  accountRoute({
    method: 'post',
    path: '/accounts/:id/password',
    operationId: 'setAccountPassword',
    summary: "Set an account's password; its sessions end",
    params: accountPath,
    body: { mediaType: JSON_TYPE, schema: setPasswordRequest },
    response: { status: 204, description: 'set' },
    handle: ({ params, body, principal, kg }) => kg.accounts.setPassword(logActorOf(principal), params.id, body.password),
  }),
  accountRoute({
    method: 'post',
    path: '/accounts/:id/tokens',
    operationId: 'createApiToken',
    summary: 'Create an API token; its secret is in this answer only',
    params: accountPath,
    body: { mediaType: JSON_TYPE, schema: createTokenRequest },
    response: { status: 201, description: 'the token and its secret', mediaType: JSON_TYPE, schema: createdTokenResponse },
    handle: ({ params, body, principal, kg }) => kg.accounts.createToken(logActorOf(principal), params.id, body.name),
    render: sendCreatedToken,
  }),
  accountRoute({
    method: 'delete',
    path: '/accounts/:id/tokens/:tokenId',
    operationId: 'revokeApiToken',
    summary: 'Revoke an API token',
    params: tokenPath,
    response: { status: 204, description: 'revoked' },
    handle: ({ params, principal, kg }) => kg.accounts.revokeToken(logActorOf(principal), params.id, params.tokenId),
  }),
  accountRoute({
    method: 'post',
    path: '/accounts/:id/client-certificates',
    operationId: 'addClientCertificate',
    summary: 'Map a client certificate (SHA-256 of its DER) to the account',
    params: accountPath,
    body: { mediaType: JSON_TYPE, schema: addClientCertificateRequest },
    response: { status: 201, description: 'the mapping', mediaType: JSON_TYPE, schema: clientCertificateResponse },
    handle: async ({ params, body, principal, kg }) => ({ clientCertificate: await kg.accounts.addClientCertificate(logActorOf(principal), params.id, body.fingerprint) }),
  }),
];
