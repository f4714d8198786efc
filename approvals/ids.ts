// Branded identifiers: a person id cannot be passed where a provider id is expected. The schemas
// are the checked way in (the log parser and the API parse with them); the `toX` functions are
// unchecked conversions for values already known good.
import { z } from 'zod';

/** Ids: a letter or digit, then letters, digits and `._:-`; at most 128 characters. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;

const idString = (what: string) =>
  z
    .string()
    .regex(ID_PATTERN, `not a valid ${what}`)
    .meta({ description: `${what}: a letter or digit, then letters, digits and ._:- (at most 128)` });
const hexString = (what: string) =>
  z
    .string()
    .regex(SHA256_HEX_PATTERN, `not a valid ${what}`)
    .meta({ description: `${what}: SHA-256, 64 lower-case hex digits` });

export const personIdSchema = idString('person id').brand<'PersonId'>();
export const providerIdSchema = idString('provider id').brand<'ProviderId'>();
export const appointmentIdSchema = idString('appointment id').brand<'AppointmentId'>();
export const requestIdSchema = idString('request id').brand<'RequestId'>();
export const conditionIdSchema = idString('condition id').brand<'ConditionId'>();
/** A key is identified by the SHA-256 of its SubjectPublicKeyInfo, lower-case hex. */
export const keyIdSchema = hexString('key id (SPKI SHA-256)').brand<'KeyId'>();
/** SHA-256 (lower-case hex) of a revision's RFC 8785 canonical JSON. */
export const revisionHashSchema = hexString('revision hash').brand<'RevisionHash'>();
/** SHA-256 (lower-case hex) of a stored document's bytes. */
export const documentHashSchema = hexString('document hash').brand<'DocumentHash'>();
/** Policy versions count up from 1. */
export const policyVersionSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).brand<'PolicyVersion'>();

export type PersonId = z.output<typeof personIdSchema>;
export type ProviderId = z.output<typeof providerIdSchema>;
export type AppointmentId = z.output<typeof appointmentIdSchema>;
export type RequestId = z.output<typeof requestIdSchema>;
export type ConditionId = z.output<typeof conditionIdSchema>;
export type KeyId = z.output<typeof keyIdSchema>;
export type RevisionHash = z.output<typeof revisionHashSchema>;
export type DocumentHash = z.output<typeof documentHashSchema>;
export type PolicyVersion = z.output<typeof policyVersionSchema>;

export const toPersonId = (s: string): PersonId => s as PersonId;
export const toProviderId = (s: string): ProviderId => s as ProviderId;
export const toAppointmentId = (s: string): AppointmentId => s as AppointmentId;
export const toRequestId = (s: string): RequestId => s as RequestId;
export const toConditionId = (s: string): ConditionId => s as ConditionId;
export const toKeyId = (s: string): KeyId => s as KeyId;
export const toRevisionHash = (s: string): RevisionHash => s as RevisionHash;
export const toDocumentHash = (s: string): DocumentHash => s as DocumentHash;
export const toPolicyVersion = (n: number): PolicyVersion => n as PolicyVersion;
