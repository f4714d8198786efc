// Who may act: the actor's role for each action, the person behind it, and the one role a person
// holds on a request. Roles are labels the service authenticated; these checks judge them against
// the roster at the event's time.
import { assertNever } from '../assert-never.ts';
import { refuse } from '../errors.ts';
import type { Actor, ActorRole } from '../event-types.ts';
import { toPersonId } from '../ids.ts';
import type { PersonId } from '../ids.ts';
import type { ParticipantRole, TransferRequest } from '../model/request.ts';
import type { Body, MemberRole, Person } from '../model/roster.ts';
import type { ApprovalState } from '../state-types.ts';

export function participantRoleOf(role: ActorRole): ParticipantRole | null {
  switch (role) {
    case 'dcc':
      return 'requester';
    case 'pma_chair':
    case 'ssc_chair':
    case 'pma_member':
      return role;
    case 'secretariat':
    case 'system':
      return null;
    default:
      return assertNever(role);
  }
}

export function requireActorRole(actor: Actor, allowed: readonly ActorRole[], action: string): void {
  if (!allowed.includes(actor.role)) {
    refuse('actor-role-not-allowed', `${action} is for ${allowed.join(' or ')}, not ${actor.role}`, { actor: actor.id, role: actor.role });
  }
}

export function requirePerson(state: ApprovalState, id: PersonId): Person {
  return state.people.get(id) ?? refuse('person-unknown', `no person "${id}" on the roster`, { personId: id });
}

export function isDccAffiliated(person: Person): boolean {
  return person.affiliations.some((o) => o.type === 'dcc');
}

export function hasMembership(person: Person, body: Body, role: MemberRole): boolean {
  return person.memberships.some((m) => m.body === body && m.role === role);
}

/** The DCC's people act for the requester: actor role dcc, on the roster, affiliated with the DCC. */
export function requireDccActor(state: ApprovalState, actor: Actor, action: string): Person {
  requireActorRole(actor, ['dcc'], action);
  const person = requirePerson(state, toPersonId(actor.id));
  if (!isDccAffiliated(person)) refuse('actor-not-dcc', `${person.id} is not affiliated with the DCC`, { personId: person.id });
  return person;
}

/** A PMA member acting on a request: actor role pma_member and a current PMA membership. */
export function requirePmaMemberActor(state: ApprovalState, actor: Actor, action: string): Person {
  requireActorRole(actor, ['pma_member'], action);
  const person = requirePerson(state, toPersonId(actor.id));
  if (!hasMembership(person, 'smki_pma', 'pma_member')) refuse('voter-not-eligible', `${person.id} is not a member of the SMKI PMA`, { personId: person.id });
  return person;
}

/** Nobody holds two roles on one request: the first role a person acts in is theirs. */
export function requireParticipantRole(request: TransferRequest, personId: PersonId, role: ParticipantRole): void {
  const held = request.participants.find((p) => p.personId === personId);
  if (held !== undefined && held.role !== role) {
    refuse('role-conflict', `${personId} already acts as ${held.role} on request ${request.id} and cannot also act as ${role}`, { personId, held: held.role, role });
  }
}

export function roleHeldOn(request: TransferRequest, personId: PersonId): ParticipantRole | null {
  return request.participants.find((p) => p.personId === personId)?.role ?? null;
}
