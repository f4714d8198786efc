// A route that records one approvals command: parse, let the rules decide and the service log
// it, answer 201 with the event exactly as the audit log holds it. Who the caller is in the
// workflow comes from their account (approvalActorOf), never from the body.
import type { z } from 'zod';
import type { Command, EventAction, Actor as ApprovalActor } from '../../../approvals/index.ts';
import { approvalActor, defineRoute } from './route.ts';
import type { Route, RouteDoc } from './route.ts';
import { eventSchema } from './schemas-world.ts';

export interface CommandRouteSpec<A extends EventAction, P, B> extends Pick<RouteDoc, 'method' | 'path' | 'operationId' | 'tag' | 'summary' | 'description'> {
  readonly params?: z.ZodType<P, unknown>;
  readonly body: z.ZodType<B, unknown>;
  /** The event recorded: its action, and the schema of its data (the response documents it). */
  readonly event: { readonly action: A; readonly data: z.ZodType };
  readonly command: (actor: ApprovalActor, input: { readonly params: P; readonly body: B }) => Extract<Command, { readonly action: A }>;
}

export function commandRoute<A extends EventAction, P = Record<string, never>, B = unknown>(spec: CommandRouteSpec<A, P, B>): Route {
  const { event, command, body, ...doc } = spec;
  return defineRoute<P, Record<string, never>, B, unknown>({
    ...doc,
    body: { mediaType: 'application/json', schema: body },
    response: { status: 201, description: `the ${event.action} event, as recorded in the audit log`, mediaType: 'application/json', schema: eventSchema(event.action, event.data) },
    handle: ({ params, body: parsed, principal, kg }) => kg.approvals.execute(command(approvalActor(principal), { params, body: parsed })),
  });
}
