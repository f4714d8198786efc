// The route registry's building block. A route is declared once, as data (method, path,
// operationId, schemas) plus a thin handler; the same declaration runs it (invoke: authorization
// from PERMISSIONS, then strict parsing of path, query and body, then the handler), mounts it
// under /api/v1 and documents it in OpenAPI. The pages submit their forms through invoke too
// (server/pages/form-action.ts), so an operation has one authorization, one validation and one
// handler whichever surface calls it. A route cannot be mounted without being documented, nor
// documented with other schemas than it parses.
import type { RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import type { Actor as ApprovalActor, EventAction } from '../../../approvals/index.ts';
import { approvalActorOf } from '../../auth/actor.ts';
import { AuthError } from '../../auth/errors.ts';
import { authorize } from '../../auth/middleware.ts';
import type { Principal } from '../../auth/principal.ts';
import type { Keygate } from '../../compose.ts';
import { PERMISSIONS } from '../permissions.ts';
import type { OperationId } from '../permissions.ts';
import { parseInput } from '../validate.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/** The documentation of a route: everything but its handler. Schemas are zod, rendered by openapi.ts. */
export interface RouteDoc {
  readonly method: HttpMethod;
  /** Express syntax, relative to /api/v1: `/requests/:requestId`. */
  readonly path: string;
  readonly operationId: OperationId;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: BodyDoc;
  readonly response: ResponseDoc;
  /** The approvals action the operation records, if any: its refusals are the operation's. */
  readonly action?: EventAction;
  /** Problem codes of the domain the handler can answer with beyond the action's refusals. */
  readonly problems?: readonly string[];
}

export interface BodyDoc {
  /** application/json, or application/octet-stream for raw uploads. */
  readonly mediaType: string;
  readonly schema: z.ZodType;
  /** The largest body accepted, when it differs from the JSON limit. */
  readonly limit?: number;
}

export interface ResponseDoc {
  readonly status: 200 | 201 | 204;
  readonly description: string;
  /** Absent for 204. */
  readonly mediaType?: string;
  /** The JSON body's schema; absent for non-JSON content (the media type says what it is). */
  readonly schema?: z.ZodType;
}

/** One call of an operation, from any surface: who calls, and the request's parts, not yet parsed. */
export interface OperationCall {
  readonly principal: Principal | undefined;
  /** Path parameters by name, as strings. */
  readonly params: unknown;
  readonly query: unknown;
  readonly body: unknown;
  /** The body's Content-Type, for uploads. */
  readonly contentType: string | null;
}

/**
 * A documented route that can run and mount itself, on what its handler needs: the composed
 * services (Keygate), or a part of them (the account routes need only the AccountService).
 */
export interface Route<D = Keygate> extends RouteDoc {
  /** Authorizes the caller, parses every part strictly and runs the handler: the one path of the operation. */
  invoke(kg: D, call: OperationCall): Promise<unknown>;
  /** Mounts the route on `router`, after `before` (the auth router's authentication, for the account routes). */
  mount(router: Router, kg: D, before?: readonly RequestHandler[]): void;
}

type EmptyObject = Record<string, never>;

export interface HandlerInput<P, Q, B, D = Keygate> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly principal: Principal;
  readonly kg: D;
  /** The request's Content-Type, for uploads. */
  readonly contentType: string | null;
}

export interface RouteSpec<P, Q, B, R, D = Keygate> extends Omit<RouteDoc, 'params' | 'query' | 'body'> {
  readonly params?: z.ZodType<P, unknown>;
  readonly query?: z.ZodType<Q, unknown>;
  readonly body?: { readonly mediaType: string; readonly schema: z.ZodType<B, unknown>; readonly limit?: number };
  /** Calls one domain function; its result is rendered by `render` or as the JSON response. */
  readonly handle: (input: HandlerInput<P, Q, B, D>) => Promise<R>;
  /** For non-JSON responses (downloads, HTML); JSON responses are rendered with the documented status. */
  readonly render?: (res: Response, value: R) => void;
}

const NO_PARAMS = z.strictObject({});
/** A route without a body takes none: an unexpected body is refused, not ignored. */
const NO_BODY = z.undefined({ message: 'this operation takes no request body' });

/** The approvals actor of the caller; accounts that cannot act in the workflow get 403. */
export function approvalActor(principal: Principal): ApprovalActor {
  const actor = approvalActorOf(principal);
  if (actor === null) throw new AuthError('forbidden', `the ${principal.role} account ${principal.username} cannot act in the approval workflow`);
  return actor;
}

function renderJson(res: Response, status: number, value: unknown): void {
  if (status === 204) res.status(204).end();
  else res.status(status).json(value);
}

export function defineRoute<P = EmptyObject, Q = EmptyObject, B = undefined, R = unknown, D = Keygate>(spec: RouteSpec<P, Q, B, R, D>): Route<D> {
  // Without a schema the part must be empty; P, Q and B then keep their defaults, which these
  // schemas produce.
  const params = (spec.params ?? NO_PARAMS) as z.ZodType<P, unknown>;
  const query = (spec.query ?? NO_PARAMS) as z.ZodType<Q, unknown>;
  const body = (spec.body?.schema ?? NO_BODY) as z.ZodType<B, unknown>;
  const { handle, render, ...doc } = spec;
  const invoke = async (kg: D, call: OperationCall): Promise<R> => {
    // Authorization first: a caller who may not call the operation learns nothing from validation.
    const principal = authorize(PERMISSIONS[spec.operationId], call.principal);
    const input: HandlerInput<P, Q, B, D> = {
      params: parseInput('path', params, call.params),
      query: parseInput('query', query, call.query),
      body: parseInput('body', body, call.body),
      principal,
      kg,
      contentType: call.contentType,
    };
    return handle(input);
  };
  return {
    ...doc,
    invoke,
    mount(router, kg, before = []) {
      router[spec.method](spec.path, ...before, async (req, res) => {
        const call = { principal: req.principal, params: { ...req.params }, query: { ...req.query }, body: req.body as unknown, contentType: req.get('content-type') ?? null };
        const value = await invoke(kg, call);
        if (render === undefined) renderJson(res, spec.response.status, value);
        else render(res, value);
      });
    },
  };
}

/** Mounts routes on a fresh router; the caller mounts it at /api/v1. */
export function mountRoutes(router: Router, routes: readonly Route[], kg: Keygate): Router {
  for (const route of routes) route.mount(router, kg);
  return router;
}
