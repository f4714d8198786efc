// The world state: plain maps keyed by id. It is a fold of events (applyEvent), but it can also be
// built directly from stored rows (buildState) holding only what a command needs: the roster,
// appointments, providers, keys, the current policy and the one request concerned. The rules see
// only what the state holds, so a check of uniqueness (a new request id, a new person) is as good
// as what the caller loaded.
import { isRequestEvent } from './event-types.ts';
import type { ApprovalEvent } from './event-types.ts';
import type { StoredDocumentFacts } from './model/document.ts';
import type { Policy } from './model/policy.ts';
import type { RegisteredKey, ServiceProvider } from './model/provider.ts';
import type { TransferRequest } from './model/request.ts';
import type { ChairAppointment, Person } from './model/roster.ts';
import type { EnrolledCredential } from './signing/credential.ts';
import type { ApprovalState } from './state-types.ts';
import { applyRequestEvent } from './state-request.ts';
import { applyWorldEvent } from './state-world.ts';

export type { ApprovalState };

export interface StateParts {
  readonly people?: Iterable<Person>;
  readonly appointments?: Iterable<ChairAppointment>;
  readonly providers?: Iterable<ServiceProvider>;
  readonly keys?: Iterable<RegisteredKey>;
  readonly policy?: Policy | null;
  readonly requests?: Iterable<TransferRequest>;
  readonly credentials?: Iterable<EnrolledCredential>;
  readonly documents?: Iterable<StoredDocumentFacts>;
}

export function emptyState(): ApprovalState {
  return buildState({});
}

export function buildState(parts: StateParts): ApprovalState {
  return {
    people: byId(parts.people),
    appointments: byId(parts.appointments),
    providers: byId(parts.providers),
    keys: byId(parts.keys),
    policy: parts.policy ?? null,
    requests: byId(parts.requests),
    credentials: byId(parts.credentials),
    documents: byId(parts.documents),
  };
}

/**
 * The state after `event`. Total and unchecked: it applies what the event records and leaves the
 * state unchanged when the event names something missing or a refused transition. Call a rule
 * (decide, checkEvent) first; replay applies rule-breaking events too, so that later entries are
 * judged against what the log says happened.
 */
export function applyEvent(state: ApprovalState, event: ApprovalEvent): ApprovalState {
  return isRequestEvent(event) ? applyRequestEvent(state, event) : applyWorldEvent(state, event);
}

function byId<K, V extends { readonly id: K }>(items: Iterable<V> | undefined): ReadonlyMap<K, V> {
  return new Map([...(items ?? [])].map((item) => [item.id, item]));
}
