// The route registry: every operation of /api/v1, for mounting and for the OpenAPI document.
// A route is mounted from here or, for the log and auth routes that have routers of their own,
// documented from here; the OpenAPI test checks the Express router stack against this list.
import { Router } from 'express';
import type { Keygate } from '../../compose.ts';
import type { OperationId } from '../permissions.ts';
import { AUTH_OPERATIONS } from '../openapi-auth.ts';
import { buildOpenApiDocument, operationOf } from '../openapi.ts';
import type { OpenApiDocument, OperationDoc } from '../openapi.ts';
import type { RawBodyRoute } from '../private-key-guard.ts';
import { ACCOUNT_ROUTES } from './accounts.ts';
import { API_DOC_ROUTES, apiDocRouter } from './api-docs.ts';
import { APPOINTMENT_ROUTES } from './appointments.ts';
import { CREDENTIAL_ROUTES } from './credentials.ts';
import { DOCUMENT_ROUTES } from './documents.ts';
import { KEY_ROUTES } from './keys.ts';
import { LOG_ROUTE_DOCS } from './log.ts';
import { NOTIFICATION_ROUTES } from './notifications.ts';
import { POLICY_ROUTES } from './policy.ts';
import { PROVIDER_ROUTES } from './providers.ts';
import { REQUEST_ROUTES } from './requests.ts';
import { REVIEW_ROUTES } from './request-review.ts';
import { ROSTER_ROUTES } from './roster.ts';
import { mountRoutes } from './route.ts';
import type { Route } from './route.ts';
import { TRUST_ANCHOR_ROUTES } from './trust-anchors.ts';

export const API_VERSION = '1.0.0';

let document: OpenApiDocument | undefined;

/** The OpenAPI document, built once. */
export function openApiDocument(): OpenApiDocument {
  document ??= buildOpenApiDocument(DOCUMENTED_OPERATIONS, { version: API_VERSION });
  return document;
}

/** The routes this registry mounts (under /api/v1). */
export const API_ROUTES: readonly Route[] = [
  ...PROVIDER_ROUTES,
  ...TRUST_ANCHOR_ROUTES,
  ...KEY_ROUTES,
  ...ROSTER_ROUTES,
  ...CREDENTIAL_ROUTES,
  ...APPOINTMENT_ROUTES,
  ...POLICY_ROUTES,
  ...REQUEST_ROUTES,
  ...REVIEW_ROUTES,
  ...DOCUMENT_ROUTES,
  ...NOTIFICATION_ROUTES,
];

/** The registry's routes by operation, the account routes (mounted by the auth router) included. */
const BY_OPERATION = new Map<OperationId, Route>([...API_ROUTES, ...ACCOUNT_ROUTES].map((r) => [r.operationId, r]));

/** The registry's route of an operation: what the pages submit their forms through. */
export function routeOf(operationId: OperationId): Route {
  const route = BY_OPERATION.get(operationId);
  if (route === undefined) throw new Error(`the route registry has no route for ${operationId}`);
  return route;
}

/** Every operation of /api/v1: the registry's routes, the log routes, the auth routes and the API's own description (anonymous). */
export const DOCUMENTED_OPERATIONS: readonly OperationDoc[] = [
  ...API_DOC_ROUTES.map((r) => ({ ...operationOf(r), roles: 'anonymous' as const })),
  ...API_ROUTES.map(operationOf),
  ...LOG_ROUTE_DOCS.map(operationOf),
  ...AUTH_OPERATIONS,
];

/** The OpenAPI document and the docs, for anyone: the app mounts this ahead of authentication. */
export function publicApiRouter(): Router {
  return apiDocRouter(openApiDocument);
}

/** Upload routes, whose bodies the guard keeps as raw bytes up to their own limit. */
export function rawBodyRoutes(base: string): RawBodyRoute[] {
  return API_ROUTES.filter((r) => r.body !== undefined && r.body.mediaType !== 'application/json').map((r) => {
    if (r.path.includes(':')) throw new Error(`upload route ${r.path} must not take path parameters`);
    return { method: r.method.toUpperCase(), path: `${base}${r.path}`, limit: r.body?.limit ?? 0 };
  });
}

export function apiRouter(kg: Keygate): Router {
  return mountRoutes(Router(), API_ROUTES, kg);
}
