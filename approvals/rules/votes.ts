// Votes and recusal. Eligible voters are the PMA members (the chair only has a casting vote).
// A member is recused, and leaves the quorum base, when affiliated with the source or target
// provider of the current revision or after declaring a conflict. The requester's people (DCC
// affiliation, or having acted for the DCC on the request) never vote, and a person who acted in
// another role on the request cannot vote on it.
import { refuse } from '../errors.ts';
import type { EventOf } from '../event-types.ts';
import type { TransferRequest } from '../model/request.ts';
import type { Person } from '../model/roster.ts';
import type { RecusalReason } from '../model/tally.ts';
import type { ApprovalState } from '../state-types.ts';
import { toPersonId } from '../ids.ts';
import { hasMembership, isDccAffiliated, requirePerson, roleHeldOn } from './actor.ts';
import { currentRevision } from './request.ts';
import type { TallyMember } from './tally.ts';

export function recusalOf(request: TransferRequest, person: Person): RecusalReason | null {
  const held = roleHeldOn(request, person.id);
  if (isDccAffiliated(person) || held === 'requester') return 'requester';
  if (held !== null && held !== 'pma_member') return 'holds_other_role';
  if (request.conflicts.some((c) => c.personId === person.id)) return 'declared_conflict';
  const { sourceProviderId, targetProviderId } = currentRevision(request).content;
  const affiliatedWith = (id: string): boolean => person.affiliations.some((o) => o.type === 'provider' && o.providerId === id);
  if (affiliatedWith(sourceProviderId)) return 'affiliated_source';
  if (affiliatedWith(targetProviderId)) return 'affiliated_target';
  return null;
}

/** Every current PMA member, with their recusal on this request: the tally's input. */
export function tallyMembers(state: ApprovalState, request: TransferRequest): TallyMember[] {
  return [...state.people.values()]
    .filter((p) => hasMembership(p, 'smki_pma', 'pma_member'))
    .map((p) => ({ personId: p.id, recusal: recusalOf(request, p) }));
}

export function checkVoteCast(state: ApprovalState, request: TransferRequest, event: EventOf<'request.vote_cast'>): void {
  const person = requirePerson(state, toPersonId(event.actor.id));
  const recusal = recusalOf(request, person);
  if (recusal === null) return;
  const evidence = { personId: person.id, reason: recusal };
  if (recusal === 'requester') refuse('voter-requester-affiliated', `${person.id} is one of the requester's people and cannot vote`, evidence);
  if (recusal === 'holds_other_role') refuse('role-conflict', `${person.id} holds another role on request ${request.id} and cannot vote`, evidence);
  refuse('voter-recused', `${person.id} is recused from request ${request.id} (${recusal.replaceAll('_', ' ')})`, evidence);
}

export function checkConflictDeclared(request: TransferRequest, event: EventOf<'request.conflict_declared'>): void {
  if (request.conflicts.some((c) => c.personId === event.actor.id)) refuse('conflict-already-declared', `${event.actor.id} has already declared a conflict`);
}
