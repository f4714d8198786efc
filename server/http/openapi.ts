// The OpenAPI 3.1 document, generated from the route registry and the very zod schemas the
// routes parse with (z.toJSONSchema, JSON Schema 2020-12 as OpenAPI 3.1 uses it). Nothing here
// is written by hand per route, so the document cannot say something the server does not do.
import { z } from 'zod';
import type { AccountRole } from '../auth/roles.ts';
import { SESSION_COOKIE, CSRF_HEADER } from '../auth/middleware.ts';
import { JSON_BODY_LIMIT } from './private-key-guard.ts';
import { PERMISSIONS } from './permissions.ts';
import type { BodyDoc, ResponseDoc, RouteDoc } from './routes/route.ts';
import { problemSchema } from './routes/schemas-common.ts';

export const API_BASE = '/api/v1';

/** One operation as the document describes it, whatever router serves it. */
export interface OperationDoc {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI path template relative to API_BASE: `/requests/{requestId}`. */
  readonly path: string;
  readonly operationId: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  /** The account roles allowed; 'anonymous' for the few routes that need no account (login). */
  readonly roles: readonly AccountRole[] | 'anonymous';
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: BodyDoc;
  readonly response: ResponseDoc;
}

export type JsonSchema = { readonly [key: string]: unknown };

export interface OpenApiOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly 'x-roles': readonly AccountRole[] | 'anonymous';
  readonly security: readonly Record<string, readonly string[]>[];
  readonly parameters: readonly OpenApiParameter[];
  readonly requestBody?: { readonly required: true; readonly description?: string; readonly content: Record<string, { readonly schema: JsonSchema }> };
  readonly responses: Record<string, { readonly description: string; readonly content?: Record<string, { readonly schema: JsonSchema }> } | { readonly $ref: string }>;
}

export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  readonly description?: string;
  readonly schema: JsonSchema;
}

export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly servers: readonly { readonly url: string }[];
  readonly tags: readonly { readonly name: string }[];
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  readonly components: {
    readonly schemas: Record<string, JsonSchema>;
    readonly responses: Record<string, { readonly description: string; readonly content: Record<string, { readonly schema: JsonSchema }> }>;
    readonly securitySchemes: Record<string, JsonSchema>;
  };
}

/** `:name` and Express 5 `*name` wildcards become `{name}`. */
export const toTemplatePath = (expressPath: string): string => expressPath.replace(/[:*]([A-Za-z0-9_]+)/g, '{$1}');

/** A registry route as an operation: its roles come from PERMISSIONS, nowhere else. */
export function operationOf(route: RouteDoc): OperationDoc {
  return { ...route, path: toTemplatePath(route.path), roles: PERMISSIONS[route.operationId] };
}

/**
 * Schemas are rendered as the input they accept: the only transforms in the API brand a value
 * already checked (a string becomes a RequestId), so input and output have the same JSON shape.
 */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): OpenApiParameter[] {
  if (schema === undefined) return [];
  const object = jsonSchemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property as { description?: string };
    return { name, in: where, required: where === 'path' || (object.required ?? []).includes(name), ...(description === undefined ? {} : { description }), schema: rest };
  });
}

const PROBLEM_REF = { $ref: '#/components/responses/Problem' } as const;

/** The failures an operation can answer with, from what it takes. */
function errorStatuses(op: OperationDoc): string[] {
  const statuses = new Set<string>();
  if (op.params !== undefined || op.query !== undefined || op.body !== undefined) statuses.add('400');
  if (op.roles !== 'anonymous') ['401', '403'].forEach((s) => statuses.add(s));
  if (op.params !== undefined || op.method !== 'get') statuses.add('404');
  if (op.body !== undefined) ['409', '413', '415', '422'].forEach((s) => statuses.add(s));
  return [...statuses].sort();
}

function requestBodyOf(body: BodyDoc): NonNullable<OpenApiOperation['requestBody']> {
  if (body.mediaType === 'application/json') {
    return { required: true, description: `JSON, at most ${body.limit ?? JSON_BODY_LIMIT} bytes`, content: { 'application/json': { schema: jsonSchemaOf(body.schema) } } };
  }
  // Raw uploads: the bytes as sent, any media type; OpenAPI 3.1 describes binary content by its media type alone.
  return { required: true, description: `the raw bytes, at most ${body.limit ?? JSON_BODY_LIMIT}; Content-Type is their media type`, content: { '*/*': { schema: {} } } };
}

function responsesOf(op: OperationDoc): OpenApiOperation['responses'] {
  const { status, description, mediaType, schema } = op.response;
  const content = mediaType === undefined ? undefined : { [mediaType]: { schema: schema === undefined ? {} : jsonSchemaOf(schema) } };
  const responses: OpenApiOperation['responses'] = { [String(status)]: { description, ...(content === undefined ? {} : { content }) } };
  for (const s of errorStatuses(op)) responses[s] = PROBLEM_REF;
  return responses;
}

function rolesText(roles: OperationDoc['roles']): string {
  return roles === 'anonymous' ? 'No account needed.' : `Roles: ${roles.join(', ')}.`;
}

const SECURITY = [{ bearerToken: [] }, { sessionCookie: [] }, { clientCertificate: [] }] as const;

function operationObject(op: OperationDoc): OpenApiOperation {
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: [op.description, rolesText(op.roles)].filter((s) => s !== undefined).join('\n\n'),
    tags: [op.tag],
    'x-roles': op.roles,
    security: op.roles === 'anonymous' ? [] : SECURITY,
    parameters: [...parametersOf(op.params, 'path'), ...parametersOf(op.query, 'query')],
    ...(op.body === undefined ? {} : { requestBody: requestBodyOf(op.body) }),
    responses: responsesOf(op),
  };
}

const DESCRIPTION = [
  'The approval gate for moving a private key between DCC Service Providers (SEC Section G).',
  'Every state change is decided by the approval rules and recorded in a tamper-evident audit log; commands answer with the event exactly as logged.',
  'Errors are RFC 9457 problem details (application/problem+json) with a stable `code`.',
  'Private key material anywhere in a request is refused whole (422 private-key-material) and never stored or logged.',
].join(' ');

export function buildOpenApiDocument(operations: readonly OperationDoc[], info: { readonly version: string }): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= {});
    if (item[op.method] !== undefined) throw new Error(`two operations for ${op.method.toUpperCase()} ${op.path}`);
    item[op.method] = operationObject(op);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'smki-keygate', version: info.version, description: DESCRIPTION },
    servers: [{ url: API_BASE }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Problem: jsonSchemaOf(problemSchema) },
      responses: {
        Problem: { description: 'problem details (RFC 9457); `code` says why', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'an API token (kgt_…), created by an admin and shown once' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: `the session of a password login; unsafe methods must send its CSRF token in ${CSRF_HEADER}` },
        clientCertificate: { type: 'mutualTLS', description: 'a TLS client certificate mapped to an account (when the server runs with TLS)' },
      },
    },
  };
}
