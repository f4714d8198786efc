// A route that records one approvals command: parse, let the rules decide and the service log
// it, answer 201 with the event exactly as the audit log holds it. Everything but the words is
// derived from the action: the path parameters and the body are the command's data schema
// (approvals' commandDataSchemaOf) split by the path's `:names`, and the response is the event's
// schema. Who the caller is in the workflow comes from their account, never from the body.
import { z } from 'zod';
import { commandDataSchemaOf, eventSchemaOf } from '../../../approvals/index.ts';
import type { Command, EventAction } from '../../../approvals/index.ts';
import { approvalActor, defineRoute } from './route.ts';
import type { Route, RouteDoc } from './route.ts';

export interface CommandRouteSpec<A extends EventAction> extends Pick<RouteDoc, 'method' | 'path' | 'operationId' | 'tag' | 'summary' | 'description'> {
  /** The event the command records. */
  readonly action: A;
}

type Data = Readonly<Record<string, unknown>>;

/** The `:name` parameters of an Express path. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
}

/** The command data split into what the path names and what the body carries. */
export function splitByPath(data: z.ZodObject, path: string): { readonly params?: z.ZodObject; readonly body: z.ZodObject } {
  const names = pathParameters(path);
  const missing = names.filter((n) => !(n in data.shape));
  if (missing.length > 0) throw new Error(`${path}: ${missing.join(', ')} is not a member of the command data`);
  const members = Object.entries(data.shape);
  const named = z.strictObject(Object.fromEntries(members.filter(([k]) => names.includes(k))));
  const body = z.strictObject(Object.fromEntries(members.filter(([k]) => !names.includes(k))));
  return { ...(names.length === 0 ? {} : { params: named }), body };
}

export function commandRoute<A extends EventAction>(spec: CommandRouteSpec<A>): Route {
  const { action, ...doc } = spec;
  const { params, body } = splitByPath(commandDataSchemaOf(action), spec.path);
  return defineRoute<Data, Record<string, never>, Data, unknown>({
    ...doc,
    action,
    ...(params === undefined ? {} : { params }),
    body: { mediaType: 'application/json', schema: body },
    response: { status: 201, description: `the ${action} event, as recorded in the audit log`, mediaType: 'application/json', schema: eventSchemaOf(action) },
    // The data has the command schema's shape by construction; the core parses it again as the
    // event it becomes, so the cast cannot let a malformed command through.
    handle: ({ params: named, body: given, principal, kg }) => kg.approvals.execute({ action, actor: approvalActor(principal), data: { ...named, ...given } } as Command),
  });
}
