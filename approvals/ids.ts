// Branded identifiers: a person id cannot be passed where a provider id is expected. The `toX`
// functions are unchecked conversions; untrusted strings go through the event schemas instead.

export type PersonId = string & { readonly __brand: 'PersonId' };
export type ProviderId = string & { readonly __brand: 'ProviderId' };
export type AppointmentId = string & { readonly __brand: 'AppointmentId' };
export type RequestId = string & { readonly __brand: 'RequestId' };
export type ConditionId = string & { readonly __brand: 'ConditionId' };
/** A key is identified by the SHA-256 of its SubjectPublicKeyInfo, lower-case hex. */
export type KeyId = string & { readonly __brand: 'KeyId' };
/** SHA-256 (lower-case hex) of a revision's RFC 8785 canonical JSON. */
export type RevisionHash = string & { readonly __brand: 'RevisionHash' };
/** SHA-256 (lower-case hex) of a stored document's bytes. */
export type DocumentHash = string & { readonly __brand: 'DocumentHash' };
/** Policy versions count up from 1. */
export type PolicyVersion = number & { readonly __brand: 'PolicyVersion' };

/** Ids: a letter or digit, then letters, digits and `._:-`; at most 128 characters. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;

export const toPersonId = (s: string): PersonId => s as PersonId;
export const toProviderId = (s: string): ProviderId => s as ProviderId;
export const toAppointmentId = (s: string): AppointmentId => s as AppointmentId;
export const toRequestId = (s: string): RequestId => s as RequestId;
export const toConditionId = (s: string): ConditionId => s as ConditionId;
export const toKeyId = (s: string): KeyId => s as KeyId;
export const toRevisionHash = (s: string): RevisionHash => s as RevisionHash;
export const toDocumentHash = (s: string): DocumentHash => s as DocumentHash;
export const toPolicyVersion = (n: number): PolicyVersion => n as PolicyVersion;
