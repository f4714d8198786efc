// Schemas of the world the workflow runs in: roster, chair appointments, providers, keys, policy,
// trust anchors, certificate metadata records, and the event every command answers with.
import { z } from 'zod';
import { ACTOR_ROLES, BODIES, MEMBER_ROLES, PROVIDER_KINDS, PROVIDER_STATUSES } from '../../../approvals/index.ts';
import type { ClearanceAtAppointment, Organisation, PolicyTerms } from '../../../approvals/index.ts';
import { CA_KINDS, FINDING_SEVERITY } from '../../../pki/index.ts';
import type { FindingCode } from '../../../pki/index.ts';
import { appointmentId, calendarDate, fingerprint, isoInstant, keyId, name, personId, policyVersion, providerId, reference } from './schemas-common.ts';

export const body = z.enum(BODIES);
export const memberRole = z.enum(MEMBER_ROLES);

export const organisation: z.ZodType<Organisation, unknown> = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('dcc') }),
  z.strictObject({ type: z.literal('provider'), providerId }),
]);

export const clearance: z.ZodType<ClearanceAtAppointment, unknown> = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('held'), heldOn: calendarDate }),
  z.strictObject({ status: z.literal('not_held') }),
]);

const positiveInt = z.number().int().min(1).max(1_000_000);
export const policyTerms: z.ZodType<PolicyTerms, unknown> = z.strictObject({
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

export const providerKind = z.enum(PROVIDER_KINDS);
export const providerStatus = z.enum(PROVIDER_STATUSES);

// Responses.

export const providerSchema = z.strictObject({ id: providerId, name, kind: providerKind, status: providerStatus });

export const personSchema = z.strictObject({
  id: personId,
  name,
  memberships: z.array(z.strictObject({ body, role: memberRole, specialist: z.boolean() })),
  affiliations: z.array(organisation),
});

export const appointmentSchema = z.strictObject({
  id: appointmentId,
  personId,
  body,
  appointedOn: calendarDate,
  nonObjection: z.strictObject({ date: calendarDate, reference }).nullable(),
  vettingStartedOn: calendarDate.nullable(),
  clearanceHeldOn: calendarDate.nullable(),
  clearanceExtension: z.strictObject({ until: calendarDate, reference }).nullable(),
  termination: z.strictObject({ on: calendarDate, basis: z.string(), reference }).nullable(),
});

export const policySchema = z.strictObject({ version: policyVersion, terms: policyTerms, setAt: isoInstant });

const CERTIFICATE_KINDS = ['organisation', 'device', ...CA_KINDS, 'other'] as const;
const FINDING_CODES = Object.keys(FINDING_SEVERITY) as [FindingCode, ...FindingCode[]];

/** pki's certificate metadata record (pki/record.ts), as the API and the log carry it. */
export const certificateRecordSchema = z
  .strictObject({
    kind: z.enum(CERTIFICATE_KINDS),
    role: z.number().int().nullable(),
    roleName: z.string().nullable(),
    eui: z.string().nullable(),
    keyUsage: z.array(z.string()),
    policies: z.array(z.string()),
    serial: z.string(),
    issuer: z.string(),
    subject: z.string(),
    validity: z.strictObject({ notBefore: isoInstant, notAfter: isoInstant }),
    ski: z.string().nullable(),
    aki: z.string().nullable(),
    fingerprint,
    spkiSha256: keyId,
    chain: z.strictObject({ verified: z.boolean(), path: z.array(z.strictObject({ subject: z.string(), fingerprint })) }),
    valid: z.boolean(),
    transferable: z.boolean(),
    findings: z.array(z.strictObject({ code: z.enum(FINDING_CODES), severity: z.enum(['error', 'warning']), message: z.string() })),
  })
  .meta({ description: 'certificate metadata record: SMKI profile and chain findings, validity, transfer eligibility' });

export const keySchema = z.strictObject({ id: keyId, holderId: providerId, certificate: certificateRecordSchema });

export const trustAnchorSchema = z.strictObject({
  fingerprint,
  certificate: z.string().meta({ description: 'the CA certificate, base64 DER' }),
  kind: z.enum(CA_KINDS),
  subject: z.string(),
  record: certificateRecordSchema,
  addedAt: isoInstant,
  addedBy: z.string(),
  removed: z.strictObject({ at: isoInstant, by: z.string(), reason: z.string() }).nullable(),
});

/** The event a command recorded: exactly what the audit log holds for it (the log entry's data). */
export function eventSchema<A extends string>(action: A, data: z.ZodType) {
  return z.strictObject({
    time: isoInstant,
    actor: z.strictObject({ id: z.string(), role: z.enum(ACTOR_ROLES) }),
    action: z.literal(action),
    data,
  });
}
