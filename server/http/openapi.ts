// The OpenAPI 3.1 document, generated from the route registry and the very zod schemas the
// routes parse with (z.toJSONSchema, JSON Schema 2020-12 as OpenAPI 3.1 uses it). The cores'
// shared schemas are named under components (openapi-components.ts), each operation's body and
// response too; examples are built from those schemas. Nothing here is written by hand per
// route, so the document cannot say something the server does not do.
import { z } from 'zod';
import type { AccountRole } from '../auth/roles.ts';
import { SESSION_COOKIE, CSRF_HEADER } from '../auth/middleware.ts';
import { eventSchemaOf } from '../../approvals/index.ts';
import { componentSchemas, eventComponentName, pascalCase } from './openapi-components.ts';
import { COMPONENT_EXAMPLES, ExampleBuilder } from './openapi-examples.ts';
import type { JsonSchema } from './openapi-examples.ts';
import { problemResponses } from './openapi-problems.ts';
import type { ProblemResponse } from './openapi-problems.ts';
import { JSON_BODY_LIMIT } from './private-key-guard.ts';
import { PERMISSIONS } from './permissions.ts';
import type { BodyDoc, RouteDoc } from './routes/route.ts';

export type { JsonSchema };
export const API_BASE = '/api/v1';

/** One operation as the document describes it, whatever router serves it (a route's documentation, RouteDoc, with its roles). */
export interface OperationDoc extends Omit<RouteDoc, 'path' | 'operationId'> {
  /** OpenAPI path template relative to API_BASE: `/requests/{requestId}`. */
  readonly path: string;
  readonly operationId: string;
  /** The account roles allowed; 'anonymous' for the few routes that need no account (login). */
  readonly roles: readonly AccountRole[] | 'anonymous';
}

export interface MediaTypeObject {
  readonly schema: JsonSchema;
  readonly example?: unknown;
}

export interface SuccessResponse {
  readonly description: string;
  readonly content?: Record<string, MediaTypeObject>;
}

export interface OpenApiOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly 'x-roles': readonly AccountRole[] | 'anonymous';
  /** Every stable problem `code` the operation can answer with. */
  readonly 'x-problem-codes': readonly string[];
  readonly security: readonly Record<string, readonly string[]>[];
  readonly parameters: readonly OpenApiParameter[];
  readonly requestBody?: { readonly required: true; readonly description?: string; readonly content: Record<string, MediaTypeObject> };
  readonly responses: Record<string, SuccessResponse | ProblemResponse>;
}

export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  readonly description?: string;
  readonly schema: JsonSchema;
  readonly example?: unknown;
}

export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string; readonly license: { readonly name: string; readonly identifier: string } };
  readonly servers: readonly { readonly url: string; readonly description: string }[];
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  readonly components: {
    readonly schemas: Record<string, JsonSchema>;
    readonly securitySchemes: Record<string, JsonSchema>;
  };
}

export const toTemplatePath = (expressPath: string): string => expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** A registry route as an operation: its roles come from PERMISSIONS, nowhere else. */
export function operationOf(route: RouteDoc): OperationDoc {
  return { ...route, path: toTemplatePath(route.path), roles: PERMISSIONS[route.operationId] };
}

const COMPONENTS = '#/components/schemas/';

/** A schema as JSON Schema, on its own (path and query parameters); as the input it accepts. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
}

/**
 * Names every shared schema and every operation's JSON body and response, and renders them all
 * at once, so each named object is rendered once and referred to everywhere else. Schemas are
 * rendered as the input they accept; the API's only transforms turn a certificate given as text
 * into bytes and a state list into an array, both in request parts.
 */
class Components {
  private readonly registry = z.registry<{ id: string }>();
  private readonly names = new Map<z.ZodType, string>();

  constructor(named: ReadonlyArray<readonly [string, z.ZodType]>) {
    for (const [name, schema] of named) this.name(schema, name);
  }

  /** A reference to `schema`: its existing name, or `name` as a new one. */
  ref(schema: z.ZodType, name: string): JsonSchema {
    return { $ref: `${COMPONENTS}${this.name(schema, name)}` };
  }

  private name(schema: z.ZodType, name: string): string {
    const known = this.names.get(schema);
    if (known !== undefined) return known;
    this.registry.add(schema, { id: name });
    this.names.set(schema, name);
    return name;
  }

  render(): Record<string, JsonSchema> {
    const { schemas } = z.toJSONSchema(this.registry, { uri: (id) => `${COMPONENTS}${id}`, io: 'input', target: 'draft-2020-12' }) as { schemas: Record<string, JsonSchema> };
    if ('__shared' in schemas) throw new Error('a shared schema has no component name; name it in openapi-components.ts');
    // Any JSON value, described without recursion: generated clients (TypeScript types in
    // particular) cannot express a union that contains itself, and every JSON value is allowed.
    if (schemas.JsonValue !== undefined) schemas.JsonValue = { description: 'any JSON value (numbers are finite)' };
    return Object.fromEntries(
      Object.entries(schemas).map(([name, s]) => {
        const { $schema: _dialect, $id: _id, ...rest } = s;
        return [name, name in COMPONENT_EXAMPLES ? { ...rest, examples: [COMPONENT_EXAMPLES[name]] } : rest];
      }),
    );
  }
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query', examples: ExampleBuilder): OpenApiParameter[] {
  if (schema === undefined) return [];
  const object = jsonSchemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property as { description?: string };
    return {
      name,
      in: where,
      required: where === 'path' || (object.required ?? []).includes(name),
      ...(description === undefined ? {} : { description }),
      schema: rest,
      example: examples.of(rest, name),
    };
  });
}

/** The schemas of one operation, as references into the components. */
interface OperationRefs {
  readonly body?: JsonSchema;
  readonly response?: JsonSchema;
}

function refsOf(op: OperationDoc, components: Components): OperationRefs {
  const base = pascalCase(op.operationId);
  const body = op.body?.mediaType === 'application/json' ? components.ref(op.body.schema, `${base}Request`) : undefined;
  const schema = op.response.schema;
  const event = op.action !== undefined && schema === eventSchemaOf(op.action) ? eventComponentName(op.action) : undefined;
  const response = schema === undefined ? undefined : components.ref(schema, event ?? `${base}Response`);
  return { ...(body === undefined ? {} : { body }), ...(response === undefined ? {} : { response }) };
}

function requestBodyOf(body: BodyDoc, ref: JsonSchema | undefined, examples: ExampleBuilder): NonNullable<OpenApiOperation['requestBody']> {
  if (ref !== undefined) {
    return { required: true, description: `JSON, at most ${body.limit ?? JSON_BODY_LIMIT} bytes`, content: { 'application/json': { schema: ref, example: examples.of(ref) } } };
  }
  // Raw uploads: the bytes as sent, any media type; OpenAPI 3.1 describes binary content by its media type alone.
  return { required: true, description: `the raw bytes, at most ${body.limit ?? JSON_BODY_LIMIT}; Content-Type is their media type`, content: { '*/*': { schema: {} } } };
}

function successOf(op: OperationDoc, ref: JsonSchema | undefined, examples: ExampleBuilder): SuccessResponse {
  const { description, mediaType } = op.response;
  if (mediaType === undefined) return { description };
  const content: MediaTypeObject = ref === undefined ? { schema: {} } : { schema: ref, example: examples.of(ref) };
  return { description, content: { [mediaType]: content } };
}

function rolesText(roles: OperationDoc['roles']): string {
  return roles === 'anonymous' ? 'No account needed.' : `Roles: ${roles.join(', ')}.`;
}

const SECURITY = [{ bearerToken: [] }, { sessionCookie: [] }, { clientCertificate: [] }] as const;

function operationObject(op: OperationDoc, refs: OperationRefs, examples: ExampleBuilder): OpenApiOperation {
  const problems = problemResponses(op);
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: [op.description, rolesText(op.roles)].filter((s) => s !== undefined).join('\n\n'),
    tags: [op.tag],
    'x-roles': op.roles,
    'x-problem-codes': problems.codes,
    security: op.roles === 'anonymous' ? [] : SECURITY,
    parameters: [...parametersOf(op.params, 'path', examples), ...parametersOf(op.query, 'query', examples)],
    ...(op.body === undefined ? {} : { requestBody: requestBodyOf(op.body, refs.body, examples) }),
    responses: { [String(op.response.status)]: successOf(op, refs.response, examples), ...problems.responses },
  };
}

const DESCRIPTION = [
  'The approval gate for moving a private key between DCC Service Providers (SEC Section G).',
  'Every state change is decided by the approval rules and recorded in a tamper-evident audit log; commands answer with the event exactly as logged.',
  'Errors are RFC 9457 problem details (application/problem+json) with a stable `code`; each operation lists the codes it can answer with (x-problem-codes, and per status).',
  'Private key material anywhere in a request is refused whole (422 private-key-material) and never stored or logged.',
].join(' ');

const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'API description': 'This document and the docs built from it.',
  Providers: 'DCC Service Providers, kept by the secretariat.',
  'Trust anchors': 'The SMKI CA certificates chains are validated against.',
  Keys: 'Keys known by their certificates, and certificate inspection.',
  Roster: 'People, their memberships and affiliations, and chair appointments.',
  Policy: 'The versioned decision policy.',
  Requests: "Transfer requests, the DCC's side.",
  Review: "Transfer requests, the PMA's and the SSC's side.",
  Documents: 'Evidence documents, addressed by SHA-256.',
  'Audit log': 'The tamper-evident log: checkpoints, entries and proofs.',
  Authentication: 'Sign-in, sessions and tokens.',
  Accounts: 'Accounts and their tokens, kept by admins.',
};

export function buildOpenApiDocument(operations: readonly OperationDoc[], info: { readonly version: string }): OpenApiDocument {
  const components = new Components(componentSchemas());
  const refs = operations.map((op) => refsOf(op, components));
  const schemas = components.render();
  const examples = new ExampleBuilder(schemas);
  const paths: OpenApiDocument['paths'] = {};
  operations.forEach((op, i) => {
    const item = (paths[op.path] ??= {});
    if (item[op.method] !== undefined) throw new Error(`two operations for ${op.method.toUpperCase()} ${op.path}`);
    item[op.method] = operationObject(op, refs[i]!, examples);
  });
  return {
    openapi: '3.1.0',
    info: { title: 'smki-keygate', version: info.version, description: DESCRIPTION, license: { name: 'UNLICENSED', identifier: 'LicenseRef-UNLICENSED' } },
    servers: [{ url: API_BASE, description: 'this server' }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'an API token (kgt_…), created by an admin and shown once' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: `the session of a password login; unsafe methods must send its CSRF token in ${CSRF_HEADER}` },
        clientCertificate: { type: 'mutualTLS', description: 'a TLS client certificate mapped to an account (when the server runs with TLS)' },
      },
    },
  };
}
