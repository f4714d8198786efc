// Which notifications an event causes, and for whom: a pure function of the state before and
// after the event (the same state the rules judged), so the server can write the notices in the
// event's own transaction. Recipients are person ids; `admins` and `auditors` stay audiences for
// the server to resolve to accounts.
import type { ApprovalEvent } from '../event-types.ts';
import { toProviderId } from '../ids.ts';
import type { PersonId, RequestId } from '../ids.ts';
import type { TransferRequest } from '../model/request.ts';
import { chairStatus } from '../rules/appointment.ts';
import { hasMembership, isDccAffiliated } from '../rules/actor.ts';
import { recusalOf } from '../rules/votes.ts';
import type { ApprovalState } from '../state-types.ts';
import { DEFAULT_NOTIFICATION_TABLE } from './kinds.ts';
import type { Audience, NotificationKind, NotificationTable } from './kinds.ts';

/** One notice to write: its kind, what it is about, and who reads it. */
export interface NotificationIntent {
  readonly kind: NotificationKind;
  readonly requestId: RequestId | null;
  /** A short title for the subject of the notice (a provider's or credential's name, never free text). */
  readonly title: string;
  readonly people: readonly PersonId[];
  /** Account-role audiences the server resolves (admins, auditors). */
  readonly accountRoles: readonly ('admin' | 'auditor')[];
}

/** The notification kind an event causes, if any. */
export function kindOf(event: ApprovalEvent, before: ApprovalState): NotificationKind | null {
  switch (event.action) {
    case 'request.submitted':
    case 'request.consultation_opened':
    case 'request.voting_opened':
    case 'request.information_requested':
    case 'request.decided':
    case 'request.executed':
    case 'credential.enrolled':
    case 'credential.revoked':
      return event.action;
    case 'request.advice_recorded':
    case 'request.advice_waived':
      return 'request.advice_recorded';
    case 'request.withdrawn':
    case 'request.expired':
    case 'request.revoked':
      return 'request.closed';
    case 'request.vote_cast':
      return hadVoted(before, event) ? 'request.vote_changed' : null;
    default:
      return null;
  }
}

function hadVoted(before: ApprovalState, event: Extract<ApprovalEvent, { action: 'request.vote_cast' }>): boolean {
  const request = before.requests.get(event.data.requestId);
  return request?.votes.some((v) => v.voterId === event.actor.id && v.subject === event.data.subject && v.revisionHash === event.data.revisionHash) ?? false;
}

/** The notices `event` causes, judged on `after` (the state with the event applied). */
export function notificationsFor(event: ApprovalEvent, before: ApprovalState, after: ApprovalState, table: NotificationTable = DEFAULT_NOTIFICATION_TABLE): NotificationIntent[] {
  const kind = kindOf(event, before);
  if (kind === null) return [];
  const request = requestOf(event, after);
  const subjectPerson = subjectPersonOf(event);
  const atMs = Date.parse(event.time);
  const people = new Set<PersonId>();
  const accountRoles = new Set<'admin' | 'auditor'>();
  for (const audience of table[kind].audiences) {
    if (audience === 'admins') accountRoles.add('admin');
    else if (audience === 'auditors') accountRoles.add('auditor');
    else for (const p of audienceMembers(audience, after, request, subjectPerson, atMs)) people.add(p);
  }
  if (people.size === 0 && accountRoles.size === 0) return [];
  return [{ kind, requestId: request?.id ?? null, title: titleOf(after, request), people: [...people].sort(), accountRoles: [...accountRoles].sort() }];
}

function requestOf(event: ApprovalEvent, state: ApprovalState): TransferRequest | null {
  const data = event.data as { readonly requestId?: RequestId };
  return event.action.startsWith('request.') && data.requestId !== undefined ? (state.requests.get(data.requestId) ?? null) : null;
}

function subjectPersonOf(event: ApprovalEvent): PersonId | null {
  if (event.action === 'credential.enrolled' || event.action === 'credential.revoked') return event.data.personId;
  if (event.action === 'request.vote_cast') return event.actor.id as PersonId;
  return null;
}

function audienceMembers(audience: Exclude<Audience, 'admins' | 'auditors'>, state: ApprovalState, request: TransferRequest | null, subjectPerson: PersonId | null, atMs: number): PersonId[] {
  const people = [...state.people.values()];
  switch (audience) {
    case 'pma_chair':
      return chairs(state, 'smki_pma', atMs);
    case 'ssc_chair':
      return chairs(state, 'ssc', atMs);
    case 'dcc': {
      const requester = request?.participants.filter((p) => p.role === 'requester').map((p) => p.personId) ?? [];
      return [...requester, ...people.filter(isDccAffiliated).map((p) => p.id)];
    }
    case 'members':
      return people.filter((p) => hasMembership(p, 'smki_pma', 'pma_member')).map((p) => p.id);
    case 'eligible_members':
      if (request === null) return [];
      return people.filter((p) => hasMembership(p, 'smki_pma', 'pma_member') && recusalOf(request, p) === null).map((p) => p.id);
    case 'subject_person':
      return subjectPerson === null ? [] : [subjectPerson];
  }
}

function chairs(state: ApprovalState, body: 'smki_pma' | 'ssc', atMs: number): PersonId[] {
  const holders = new Set([...state.appointments.values()].filter((a) => a.body === body).map((a) => a.personId));
  return [...holders].filter((p) => chairStatus(state, p, body, atMs).inForce);
}

/** The request's title: its source and target providers by name. */
function titleOf(state: ApprovalState, request: TransferRequest | null): string {
  const revision = request?.revisions.at(-1);
  if (revision === undefined) return '';
  const name = (id: string) => state.providers.get(toProviderId(id))?.name ?? id;
  return `${name(revision.content.sourceProviderId)} to ${name(revision.content.targetProviderId)}`;
}
