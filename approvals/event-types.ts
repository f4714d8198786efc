// The domain events: every state change is one event, and one event is one log entry
// (events.ts converts both ways). Data members are never optional: absent values are null, so an
// event survives the JSON round trip unchanged. The shapes are the schemas of event-schemas.ts.
import type { EVENT_DATA_SCHEMAS, actorSchema } from './event-schemas.ts';
import type { Infer } from './schema.ts';
import type { IsoInstant } from './time.ts';

/**
 * Who acted. Person roles carry a PersonId as `id`; the secretariat (roster, providers, keys,
 * policy) and the system (expiry) carry an operator or service name.
 */
export const ACTOR_ROLES = ['secretariat', 'dcc', 'pma_chair', 'pma_member', 'ssc_chair', 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

export type Actor = Infer<typeof actorSchema>;

/** The data of each action's event, as its schema (event-schemas.ts) accepts it. */
export type EventDataMap = { readonly [A in keyof typeof EVENT_DATA_SCHEMAS]: Infer<(typeof EVENT_DATA_SCHEMAS)[A]> };

export type EventAction = keyof EventDataMap;

export type EventOf<A extends EventAction> = {
  readonly time: IsoInstant;
  readonly actor: Actor;
  readonly action: A;
  readonly data: EventDataMap[A];
};

/** The event union, discriminated by `action`. */
export type ApprovalEvent = { [A in EventAction]: EventOf<A> }[EventAction];

/** The events whose action starts with `prefix.`. */
export type EventIn<Prefix extends string> = Extract<ApprovalEvent, { action: `${Prefix}.${string}` }>;
export type RequestEvent = EventIn<'request'>;
export type WorldEvent = Exclude<ApprovalEvent, RequestEvent>;

export function isRequestEvent(event: ApprovalEvent): event is RequestEvent {
  return event.action.startsWith('request.');
}
