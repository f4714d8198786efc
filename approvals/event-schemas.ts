// Schemas of the event data, one per action: the parser of untrusted log entries (and of
// commands before they become events). Objects are strict: an unknown member is refused, never
// dropped. Shapes only; the rules judge meaning (a policy's numbers, a window's length).
import { z } from 'zod';
import { logEntrySchema } from '../audit/entry.ts';
import type { EventAction, EventDataMap } from './event-types.ts';
import { ID_PATTERN, SHA256_HEX_PATTERN } from './ids.ts';
import type { AppointmentId, ConditionId, DocumentHash, KeyId, PersonId, PolicyVersion, ProviderId, RequestId, RevisionHash } from './ids.ts';
import type { PolicyTerms } from './model/policy.ts';
import { PROVIDER_KINDS, PROVIDER_STATUSES } from './model/provider.ts';
import type { CertificateRecordJson } from './model/provider.ts';
import { ADVICE_POSITIONS, MECHANISM_METHODS, PROGRAMMES, VOTE_CHOICES, VOTE_SUBJECTS } from './model/request.ts';
import type { AdviceReliance, Attachment, CastingVotes, RevisionContent } from './model/request.ts';
import { BODIES, MEMBER_ROLES, TERMINATION_BASES } from './model/roster.ts';
import type { ClearanceAtAppointment, Organisation } from './model/roster.ts';
import { RECUSAL_REASONS } from './model/tally.ts';
import type { Tally } from './model/tally.ts';
import { isCalendarDate, isIsoInstant } from './time.ts';
import type { CalendarDate, IsoInstant } from './time.ts';

export const MAX_TEXT = 4000;
export const MAX_LIST = 50;

const branded = <T extends string>(pattern: RegExp, what: string) =>
  z.custom<T>((v) => typeof v === 'string' && pattern.test(v), { message: `not a valid ${what}` });

export const personIdSchema = branded<PersonId>(ID_PATTERN, 'person id');
export const providerIdSchema = branded<ProviderId>(ID_PATTERN, 'provider id');
export const appointmentIdSchema = branded<AppointmentId>(ID_PATTERN, 'appointment id');
export const requestIdSchema = branded<RequestId>(ID_PATTERN, 'request id');
export const conditionIdSchema = branded<ConditionId>(ID_PATTERN, 'condition id');
export const keyIdSchema = branded<KeyId>(SHA256_HEX_PATTERN, 'key id (SPKI SHA-256, lower-case hex)');
export const revisionHashSchema = branded<RevisionHash>(SHA256_HEX_PATTERN, 'revision hash');
const documentHash = branded<DocumentHash>(SHA256_HEX_PATTERN, 'document SHA-256');
const calendarDate = z.custom<CalendarDate>((v) => typeof v === 'string' && isCalendarDate(v), { message: 'not a YYYY-MM-DD date' });
export const isoInstantSchema = z.custom<IsoInstant>((v) => typeof v === 'string' && isIsoInstant(v), { message: 'not a UTC ISO 8601 instant' });
const policyVersion = z.custom<PolicyVersion>((v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1, { message: 'not a policy version' });

const name = z.string().min(1).max(200);
const reference = z.string().min(1).max(500);
const text = z.string().min(1).max(MAX_TEXT);
const texts = z.array(text).max(MAX_LIST);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const attachment: z.ZodType<Attachment> = z.strictObject({ sha256: documentHash, size: count, name });
const attachments = z.array(attachment).max(MAX_LIST);

const organisation: z.ZodType<Organisation> = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('dcc') }),
  z.strictObject({ type: z.literal('provider'), providerId: providerIdSchema }),
]);

const clearance: z.ZodType<ClearanceAtAppointment> = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('held'), heldOn: calendarDate }),
  z.strictObject({ status: z.literal('not_held') }),
]);

const positiveInt = z.number().int().min(1).max(1_000_000);
const policyTerms: z.ZodType<PolicyTerms> = z.strictObject({
  quorum: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('count'), count: positiveInt }),
    z.strictObject({ kind: z.literal('fraction'), numerator: positiveInt, denominator: positiveInt }),
  ]),
  threshold: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('simple_majority') }),
    z.strictObject({ kind: z.literal('qualified_majority'), numerator: positiveInt, denominator: positiveInt }),
  ]),
  castingVote: z.boolean(),
  sscAdviceRequired: z.boolean(),
  window: z.strictObject({ maxDurationDays: positiveInt, maxLeadDays: positiveInt }),
});

const certificateFacts = z.looseObject({
  kind: z.string().min(1),
  role: z.number().int().nullable(),
  spkiSha256: z.string().regex(SHA256_HEX_PATTERN),
  fingerprint: z.string().min(1),
  valid: z.boolean(),
  transferable: z.boolean(),
  validity: z.looseObject({ notBefore: isoInstantSchema, notAfter: isoInstantSchema }),
});
const jsonObject = logEntrySchema.shape.data;
export const certificateRecordSchema = z.custom<CertificateRecordJson>(
  (v) => jsonObject.safeParse(v).success && certificateFacts.safeParse(v).success,
  { message: 'not a certificate metadata record (kind, role, spkiSha256, fingerprint, valid, transferable, validity)' },
);

export const revisionContentSchema: z.ZodType<RevisionContent> = z.strictObject({
  keyId: keyIdSchema,
  sourceProviderId: providerIdSchema,
  targetProviderId: providerIdSchema,
  programme: z.enum(PROGRAMMES),
  rationale: text,
  mechanism: z.strictObject({ method: z.enum(MECHANISM_METHODS), description: text, witnesses: z.array(name).max(MAX_LIST) }),
  recipientSecurity: z.strictObject({
    sectionGStatement: text,
    assessmentReferences: z.array(reference).max(MAX_LIST),
    prospectiveChangesConsidered: text,
    recipientProspective: z.boolean(),
  }),
  executionWindow: z.strictObject({ from: isoInstantSchema, until: isoInstantSchema }),
  attachments,
});

const direction = z.enum(['approve', 'reject']).nullable();
const castingVotes: z.ZodType<CastingVotes> = z.strictObject({ transfer: direction, mechanism: direction, recipient_security: direction });

const tallySchema: z.ZodType<Tally> = z.strictObject({
  revisionHash: revisionHashSchema,
  members: z.array(personIdSchema),
  recused: z.array(z.strictObject({ personId: personIdSchema, reason: z.enum(RECUSAL_REASONS) })),
  quorumBase: count,
  quorumRequired: count,
  subjects: z.array(
    z.strictObject({
      subject: z.enum(VOTE_SUBJECTS),
      approve: count,
      reject: count,
      abstain: count,
      cast: count,
      quorumMet: z.boolean(),
      tie: z.boolean(),
      castingVote: direction,
      outcome: z.enum(['approved', 'rejected', 'no_quorum']),
    }),
  ),
  quorumMet: z.boolean(),
  outcome: z.enum(['approved', 'rejected', 'no_quorum']),
});

const adviceReliance: z.ZodType<AdviceReliance> = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('advice'), position: z.enum(ADVICE_POSITIONS), by: personIdSchema, at: isoInstantSchema }),
  z.strictObject({ kind: z.literal('waived'), reason: text }),
  z.strictObject({ kind: z.literal('none') }),
]);

const onRequest = { requestId: requestIdSchema };
const onRevision = { requestId: requestIdSchema, revisionHash: revisionHashSchema };

/** One schema per action; its keys are the list of actions the approvals core knows. */
export const EVENT_DATA_SCHEMAS: { readonly [A in EventAction]: z.ZodType<EventDataMap[A]> } = {
  'roster.person_added': z.strictObject({ personId: personIdSchema, name }),
  'roster.membership_started': z.strictObject({ personId: personIdSchema, body: z.enum(BODIES), role: z.enum(MEMBER_ROLES), specialist: z.boolean() }),
  'roster.membership_ended': z.strictObject({ personId: personIdSchema, body: z.enum(BODIES), role: z.enum(MEMBER_ROLES) }),
  'roster.affiliation_added': z.strictObject({ personId: personIdSchema, organisation }),
  'roster.affiliation_ended': z.strictObject({ personId: personIdSchema, organisation }),

  'appointment.made': z.strictObject({ appointmentId: appointmentIdSchema, personId: personIdSchema, body: z.enum(BODIES), appointedOn: calendarDate, clearance }),
  'appointment.non_objection_recorded': z.strictObject({ appointmentId: appointmentIdSchema, date: calendarDate, reference }),
  'appointment.vetting_started': z.strictObject({ appointmentId: appointmentIdSchema, startedOn: calendarDate }),
  'appointment.clearance_granted': z.strictObject({ appointmentId: appointmentIdSchema, heldOn: calendarDate }),
  'appointment.clearance_deadline_extended': z.strictObject({ appointmentId: appointmentIdSchema, until: calendarDate, reference }),
  'appointment.terminated': z.strictObject({ appointmentId: appointmentIdSchema, on: calendarDate, basis: z.enum(TERMINATION_BASES), reference }),

  'provider.registered': z.strictObject({ providerId: providerIdSchema, name, kind: z.enum(PROVIDER_KINDS), status: z.enum(PROVIDER_STATUSES) }),
  'provider.status_changed': z.strictObject({ providerId: providerIdSchema, status: z.enum(PROVIDER_STATUSES) }),

  'key.registered': z.strictObject({ keyId: keyIdSchema, holderId: providerIdSchema, certificate: certificateRecordSchema }),

  'policy.set': z.strictObject({ version: policyVersion, terms: policyTerms }),

  'request.created': z.strictObject({ ...onRevision, revision: revisionContentSchema }),
  'request.amended': z.strictObject({ ...onRevision, revision: revisionContentSchema, replaces: revisionHashSchema }),
  'request.submitted': z.strictObject(onRevision),
  'request.consultation_opened': z.strictObject(onRevision),
  'request.advice_recorded': z.strictObject({ ...onRevision, position: z.enum(ADVICE_POSITIONS), text, conditions: texts, documents: attachments }),
  'request.advice_waived': z.strictObject({ ...onRevision, reason: text }),
  'request.voting_opened': z.strictObject(onRevision),
  'request.conflict_declared': z.strictObject({ ...onRequest, reason: text }),
  'request.vote_cast': z.strictObject({ ...onRevision, subject: z.enum(VOTE_SUBJECTS), choice: z.enum(VOTE_CHOICES), reasons: text, conditions: texts }),
  'request.information_requested': z.strictObject({ ...onRevision, questions: text }),
  'request.withdrawn': z.strictObject({ ...onRequest, reason: text }),
  'request.decided': z.strictObject({
    ...onRevision,
    outcome: z.enum(['approved', 'rejected']),
    policyVersion,
    tally: tallySchema,
    castingVotes,
    dissent: z.array(z.strictObject({ personId: personIdSchema, subject: z.enum(VOTE_SUBJECTS), choice: z.enum(VOTE_CHOICES), reasons: text })),
    conditions: z.array(z.strictObject({ conditionId: conditionIdSchema, text })).max(MAX_LIST),
    advice: adviceReliance,
    departureReason: text.nullable(),
  }),
  'request.condition_met': z.strictObject({ ...onRequest, conditionId: conditionIdSchema, evidence: attachments, note: text }),
  'request.executed': z.strictObject({ ...onRequest, executedAt: isoInstantSchema, evidence: attachments, recipientCertificate: certificateRecordSchema }),
  'request.expired': z.strictObject(onRequest),
  'request.revoked': z.strictObject({ ...onRequest, reason: text, decisionReference: reference }),
};

export const EVENT_ACTIONS = Object.keys(EVENT_DATA_SCHEMAS) as readonly EventAction[];

export function isEventAction(action: string): action is EventAction {
  return Object.hasOwn(EVENT_DATA_SCHEMAS, action);
}
