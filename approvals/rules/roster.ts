// The roster's rules: people, memberships of the PMA and the SSC, affiliations. The secretariat
// keeps the roster. Chairs come from appointments (appointment.ts), not memberships.
import { assertNever } from '../assert-never.ts';
import { refuse } from '../errors.ts';
import type { EventIn } from '../event-types.ts';
import type { Body, MemberRole, Organisation } from '../model/roster.ts';
import { sameOrganisation } from '../model/roster.ts';
import type { ApprovalState } from '../state-types.ts';
import { hasMembership, requireActorRole, requirePerson } from './actor.ts';

const BODY_OF_ROLE: { readonly [R in MemberRole]: Body } = { pma_member: 'smki_pma', ssc_member: 'ssc' };

export function checkRosterEvent(state: ApprovalState, event: EventIn<'roster'>): void {
  requireActorRole(event.actor, ['secretariat'], event.action);
  if (event.action === 'roster.person_added') {
    if (state.people.has(event.data.personId)) refuse('person-exists', `person "${event.data.personId}" is already on the roster`);
    return;
  }
  const person = requirePerson(state, event.data.personId);
  switch (event.action) {
    case 'roster.membership_started': {
      const { body, role, specialist } = event.data;
      if (BODY_OF_ROLE[role] !== body) refuse('membership-invalid', `${role} is not a role of ${body}`);
      if (specialist && role !== 'pma_member') refuse('membership-invalid', 'only a PMA member can be the SMKI Specialist');
      if (hasMembership(person, body, role)) refuse('membership-exists', `${person.id} is already ${role}`);
      return;
    }
    case 'roster.membership_ended':
      if (!hasMembership(person, event.data.body, event.data.role)) refuse('membership-unknown', `${person.id} is not ${event.data.role}`);
      return;
    case 'roster.affiliation_added':
      requireOrganisation(state, event.data.organisation);
      if (person.affiliations.some((o) => sameOrganisation(o, event.data.organisation))) refuse('affiliation-exists', `${person.id} already has this affiliation`);
      return;
    case 'roster.affiliation_ended':
      if (!person.affiliations.some((o) => sameOrganisation(o, event.data.organisation))) refuse('affiliation-unknown', `${person.id} has no such affiliation`);
      return;
    default:
      return assertNever(event);
  }
}

function requireOrganisation(state: ApprovalState, organisation: Organisation): void {
  if (organisation.type === 'provider' && !state.providers.has(organisation.providerId)) {
    refuse('provider-unknown', `no service provider "${organisation.providerId}"`, { providerId: organisation.providerId });
  }
}
