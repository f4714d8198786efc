// The roster: people, their memberships of the SMKI PMA and the SSC, and their affiliations.
// Chairs are not memberships: a chair acts through a ChairAppointment (appointment.ts).
import { z } from 'zod';
import { appointmentIdSchema, personIdSchema, providerIdSchema } from '../ids.ts';
import { nameSchema, referenceSchema } from '../schema.ts';
import type { Infer } from '../schema.ts';
import { calendarDateSchema } from '../time.ts';

export const BODIES = ['smki_pma', 'ssc'] as const;
export type Body = (typeof BODIES)[number];

export const MEMBER_ROLES = ['pma_member', 'ssc_member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export type ChairRole = 'pma_chair' | 'ssc_chair';

export const bodySchema = z.enum(BODIES);
export const memberRoleSchema = z.enum(MEMBER_ROLES);

export const membershipSchema = z.strictObject({
  body: bodySchema,
  role: memberRoleSchema,
  /** The SMKI Specialist (an independent PKI expert chosen by the Chair); PMA members only. */
  specialist: z.boolean(),
});

/** An organisation a person works for or is paid by; the DCC itself is the requester. */
export const organisationSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('dcc') }),
  z.strictObject({ type: z.literal('provider'), providerId: providerIdSchema }),
]);
export type Organisation = Infer<typeof organisationSchema>;

export const personSchema = z.strictObject({ id: personIdSchema, name: nameSchema, memberships: z.array(membershipSchema), affiliations: z.array(organisationSchema) });
export type Person = Infer<typeof personSchema>;

export const clearanceSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('held'), heldOn: calendarDateSchema }),
  z.strictObject({ status: z.literal('not_held') }),
]);

export const TERMINATION_BASES = ['secretary_of_state_direction', 'resignation', 'end_of_term'] as const;

export const chairAppointmentSchema = z.strictObject({
  id: appointmentIdSchema,
  personId: personIdSchema,
  body: bodySchema,
  /** The date the appointment runs from; the vetting and clearance deadlines count from it. */
  appointedOn: calendarDateSchema,
  /** The Secretary of State's non-objection; the appointment takes effect only once it is dated. */
  nonObjection: z.strictObject({ date: calendarDateSchema, reference: referenceSchema }).nullable(),
  vettingStartedOn: calendarDateSchema.nullable(),
  clearanceHeldOn: calendarDateSchema.nullable(),
  /** A later clearance deadline approved by the Secretary of State, replacing twelve months. */
  clearanceExtension: z.strictObject({ until: calendarDateSchema, reference: referenceSchema }).nullable(),
  termination: z.strictObject({ on: calendarDateSchema, basis: z.enum(TERMINATION_BASES), reference: referenceSchema }).nullable(),
});
export type ChairAppointment = Infer<typeof chairAppointmentSchema>;

export function chairRoleOf(body: Body): ChairRole {
  return body === 'smki_pma' ? 'pma_chair' : 'ssc_chair';
}

export function sameOrganisation(a: Organisation, b: Organisation): boolean {
  if (a.type === 'dcc' || b.type === 'dcc') return a.type === b.type;
  return a.providerId === b.providerId;
}
