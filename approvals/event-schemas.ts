// Schemas of the event data, one per action: the parser of untrusted log entries (and of
// commands before they become events), the HTTP layer's request and response bodies, and the
// OpenAPI document. Objects are strict: an unknown member is refused, never dropped. Shapes
// only; the rules judge meaning (a policy's numbers, a window's length). The event types
// (event-types.ts) are inferred from these schemas.
import { z } from 'zod';
import { ACTOR_ROLES } from './event-types.ts';
import type { EventAction } from './event-types.ts';
import { appointmentIdSchema, conditionIdSchema, documentHashSchema, keyIdSchema, personIdSchema, policyVersionSchema, providerIdSchema, requestIdSchema, revisionHashSchema } from './ids.ts';
import { mediaTypeSchema } from './model/document.ts';
import { policyTermsSchema } from './model/policy.ts';
import { providerKindSchema, providerStatusSchema, storedCertificateSchema } from './model/provider.ts';
import {
  adviceFields,
  conditionMetFields,
  decisionFields,
  executionFields,
  revisionContentSchema,
  revocationFields,
  voteFields,
  meetingSchema,
} from './model/request.ts';
import { TERMINATION_BASES, bodySchema, clearanceSchema, memberRoleSchema, organisationSchema } from './model/roster.ts';
import { certificateDerSchema } from '../pki/certificate-der.ts';
import { countSchema, nameSchema, referenceSchema, textSchema } from './schema.ts';
import { credentialFingerprintSchema, credentialIdSchema, credentialKeySchema } from './signing/credential.ts';
import { proofSchema } from './signing/proof.ts';
import { calendarDateSchema, isoInstantSchema } from './time.ts';

const onPerson = { personId: personIdSchema };
const onAppointment = { appointmentId: appointmentIdSchema };
const onRequest = { requestId: requestIdSchema };
const onRevision = { requestId: requestIdSchema, revisionHash: revisionHashSchema };
const membership = { ...onPerson, body: bodySchema, role: memberRoleSchema };
const reason = { reason: textSchema };
/** The acting person's signed statement (signing/statement.ts); null only where the policy lets it be. */
const signed = { signature: proofSchema.nullable() };

/** One schema per action; its keys are the list of actions the approvals core knows. */
export const EVENT_DATA_SCHEMAS = {
  'roster.person_added': z.strictObject({ ...onPerson, name: nameSchema }),
  'roster.membership_started': z.strictObject({ ...membership, specialist: z.boolean() }),
  'roster.membership_ended': z.strictObject(membership),
  'roster.affiliation_added': z.strictObject({ ...onPerson, organisation: organisationSchema }),
  'roster.affiliation_ended': z.strictObject({ ...onPerson, organisation: organisationSchema }),

  'appointment.made': z.strictObject({ ...onAppointment, ...onPerson, body: bodySchema, appointedOn: calendarDateSchema, clearance: clearanceSchema }),
  'appointment.non_objection_recorded': z.strictObject({ ...onAppointment, date: calendarDateSchema, reference: referenceSchema }),
  'appointment.vetting_started': z.strictObject({ ...onAppointment, startedOn: calendarDateSchema }),
  'appointment.clearance_granted': z.strictObject({ ...onAppointment, heldOn: calendarDateSchema }),
  'appointment.clearance_deadline_extended': z.strictObject({ ...onAppointment, until: calendarDateSchema, reference: referenceSchema }),
  'appointment.terminated': z.strictObject({ ...onAppointment, on: calendarDateSchema, basis: z.enum(TERMINATION_BASES), reference: referenceSchema }),

  'provider.registered': z.strictObject({ providerId: providerIdSchema, name: nameSchema, kind: providerKindSchema, status: providerStatusSchema }),
  'provider.status_changed': z.strictObject({ providerId: providerIdSchema, status: providerStatusSchema }),

  /**
   * `keyId` is the certificate's spkiSha256. `certificate` is pki's record of `certificateDer` at
   * the entry's time against the trust anchors registered then; replay derives it again.
   */
  'key.registered': z.strictObject({ keyId: keyIdSchema, holderId: providerIdSchema, certificate: storedCertificateSchema, certificateDer: certificateDerSchema }),

  'policy.set': z.strictObject({ version: policyVersionSchema, terms: policyTermsSchema }),

  /** A document stored by the service (scanned, hashed); citations must name a stored document with its size. */
  'document.stored': z.strictObject({ sha256: documentHashSchema, size: countSchema, name: nameSchema, mediaType: mediaTypeSchema }),

  /**
   * A person's new credential. `signature` is the enrolment statement signed by the new
   * credential (proof of possession); `approval` is the same statement signed by a credential the
   * person already holds, required for every credential after the first.
   */
  'credential.enrolled': z.strictObject({ ...onPerson, credential: credentialKeySchema, fingerprint: credentialFingerprintSchema, signature: proofSchema, approval: proofSchema.nullable() }),
  /** By the person, or by the secretariat (an admin): revoking takes trust away, never adds it. */
  'credential.revoked': z.strictObject({ ...onPerson, credentialId: credentialIdSchema, ...reason }),

  'request.created': z.strictObject({ ...onRevision, revision: revisionContentSchema, ...signed }),
  /** `replaces` is the revision current before the amendment; its votes become void. */
  'request.amended': z.strictObject({ ...onRevision, revision: revisionContentSchema, replaces: revisionHashSchema, ...signed }),
  'request.submitted': z.strictObject({ ...onRevision, ...signed }),
  'request.consultation_opened': z.strictObject({ ...onRevision, ...signed }),
  'request.advice_recorded': z.strictObject({ ...onRevision, ...adviceFields, ...signed }),
  'request.advice_waived': z.strictObject({ ...onRevision, ...reason, ...signed }),
  'request.voting_opened': z.strictObject({ ...onRevision, ...signed }),
  /** The declaring member is the actor. */
  'request.conflict_declared': z.strictObject({ ...onRequest, ...reason, ...signed }),
  /** The voter is the actor. */
  'request.vote_cast': z.strictObject({ ...onRevision, ...voteFields, ...signed }),
  'request.information_requested': z.strictObject({ ...onRevision, questions: textSchema, ...signed }),
  'request.withdrawn': z.strictObject({ ...onRequest, ...reason, ...signed }),
  /** Closing the vote. Everything but conditions, castingVotes and departureReason is derived from the state, and replay recomputes it. */
  'request.decided': z.strictObject({ ...onRequest, ...decisionFields, ...signed }),
  'request.condition_met': z.strictObject({ ...onRequest, conditionId: conditionIdSchema, ...conditionMetFields, ...signed }),
  /** `recipientCertificate` is pki's record of `recipientCertificateDer` at `executedAt`, against the anchors registered when it was recorded; replay derives it again. */
  'request.executed': z.strictObject({ ...onRequest, ...executionFields, recipientCertificateDer: certificateDerSchema, ...signed }),
  'request.expired': z.strictObject(onRequest),
  'request.revoked': z.strictObject({ ...onRequest, ...revocationFields, ...signed }),
  /** The DCC records the source's (or recipient's) confirmation that a post-execution condition is met, with evidence. */
  'request.obligation_confirmed': z.strictObject({ ...onRequest, conditionId: conditionIdSchema, ...conditionMetFields, ...signed }),
  /** The system flags a post-execution condition still unmet at its deadline (`dueAt`: the execution time plus its hours). */
  /** The chair closes a vote that recusals leave unable to reach quorum; the derived counts say why. */
  'request.closed_no_decision': z.strictObject({ ...onRevision, ...reason, quorumBase: countSchema, quorumRequired: countSchema, ...signed }),
  /** The chair adjourns the vote to a named meeting. */
  'request.adjourned': z.strictObject({ ...onRevision, meeting: meetingSchema, ...reason, ...signed }),
  'request.obligation_overdue': z.strictObject({ ...onRequest, conditionId: conditionIdSchema, dueAt: isoInstantSchema }),
} as const;

export const EVENT_ACTIONS = Object.keys(EVENT_DATA_SCHEMAS) as readonly EventAction[];

export function isEventAction(action: string): action is EventAction {
  return Object.hasOwn(EVENT_DATA_SCHEMAS, action);
}

/**
 * Who acted. Person roles carry a PersonId as `id`; the secretariat (roster, providers, keys,
 * policy) and the system (expiry) carry an operator or service name.
 */
export const actorSchema = z.strictObject({ id: z.string().min(1).max(256), role: z.enum(ACTOR_ROLES) });

const eventSchemaFor = <A extends EventAction>(action: A) =>
  z.strictObject({ time: isoInstantSchema, actor: actorSchema, action: z.literal(action), data: EVENT_DATA_SCHEMAS[action] });

const EVENT_SCHEMAS = new Map<EventAction, ReturnType<typeof eventSchemaFor>>();

/**
 * The whole event of `action` (time, actor, action, data): what the log holds for it, less the
 * subject. One object per action, so every use of it is the same schema.
 */
export function eventSchemaOf<A extends EventAction>(action: A): ReturnType<typeof eventSchemaFor<A>> {
  let schema = EVENT_SCHEMAS.get(action);
  if (schema === undefined) EVENT_SCHEMAS.set(action, (schema = eventSchemaFor(action)));
  return schema as ReturnType<typeof eventSchemaFor<A>>;
}
