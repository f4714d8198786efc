// The roster: people, their memberships of the SMKI PMA and the SSC, and their affiliations.
// Chairs are not memberships: a chair acts through a ChairAppointment (appointment.ts).
import type { AppointmentId, PersonId, ProviderId } from '../ids.ts';
import type { CalendarDate } from '../time.ts';

export const BODIES = ['smki_pma', 'ssc'] as const;
export type Body = (typeof BODIES)[number];

export const MEMBER_ROLES = ['pma_member', 'ssc_member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export type ChairRole = 'pma_chair' | 'ssc_chair';

export interface Membership {
  readonly body: Body;
  readonly role: MemberRole;
  /** The SMKI Specialist (an independent PKI expert chosen by the Chair); PMA members only. */
  readonly specialist: boolean;
}

/** An organisation a person works for or is paid by; the DCC itself is the requester. */
export type Organisation = { readonly type: 'dcc' } | { readonly type: 'provider'; readonly providerId: ProviderId };

export interface Person {
  readonly id: PersonId;
  readonly name: string;
  readonly memberships: readonly Membership[];
  readonly affiliations: readonly Organisation[];
}

export type ClearanceAtAppointment = { readonly status: 'held'; readonly heldOn: CalendarDate } | { readonly status: 'not_held' };

export const TERMINATION_BASES = ['secretary_of_state_direction', 'resignation', 'end_of_term'] as const;
export type TerminationBasis = (typeof TERMINATION_BASES)[number];

export interface ChairAppointment {
  readonly id: AppointmentId;
  readonly personId: PersonId;
  readonly body: Body;
  /** The date the appointment runs from; the vetting and clearance deadlines count from it. */
  readonly appointedOn: CalendarDate;
  /** The Secretary of State's non-objection; the appointment takes effect only once it is dated. */
  readonly nonObjection: { readonly date: CalendarDate; readonly reference: string } | null;
  readonly vettingStartedOn: CalendarDate | null;
  readonly clearanceHeldOn: CalendarDate | null;
  /** A later clearance deadline approved by the Secretary of State, replacing twelve months. */
  readonly clearanceExtension: { readonly until: CalendarDate; readonly reference: string } | null;
  readonly termination: { readonly on: CalendarDate; readonly basis: TerminationBasis; readonly reference: string } | null;
}

export function chairRoleOf(body: Body): ChairRole {
  return body === 'smki_pma' ? 'pma_chair' : 'ssc_chair';
}

export function sameOrganisation(a: Organisation, b: Organisation): boolean {
  if (a.type === 'dcc' || b.type === 'dcc') return a.type === b.type;
  return a.providerId === b.providerId;
}
