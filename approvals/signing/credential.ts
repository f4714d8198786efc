// Personal signing credentials: the public half of a key that only its person holds. Two kinds:
// an Ed25519 key for the CLI and API clients (raw 32-byte public key), and a WebAuthn passkey or
// security key (credential ID, COSE public key, AAGUID). The log records every enrolment and
// revocation, so replay knows each person's credentials at every point in time.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { personIdSchema } from '../ids.ts';
import type { Infer } from '../schema.ts';
import { isoInstantSchema } from '../time.ts';

export const CREDENTIAL_KINDS = ['ed25519', 'webauthn'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** Unpadded base64url (RFC 4648 §5), as WebAuthn and JWK use it. */
export const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;
const base64url = (what: string, max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(BASE64URL_PATTERN, `${what} must be unpadded base64url`)
    .meta({ description: `${what}, unpadded base64url` });

/**
 * A credential's id: the WebAuthn credential ID (base64url), or for an Ed25519 key the base64url
 * SHA-256 of its raw public key (ed25519CredentialId). At most 128 characters (96 bytes).
 */
export const credentialIdSchema = base64url('credential id', 128).brand<'CredentialId'>();
export type CredentialId = z.output<typeof credentialIdSchema>;
export const toCredentialId = (s: string): CredentialId => s as CredentialId;

/** `xxxx-xxxx-xxxx-xxxx`: the first 16 hex digits of the SHA-256 of the public key bytes. */
export const FINGERPRINT_PATTERN = /^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/;
export const credentialFingerprintSchema = z
  .string()
  .regex(FINGERPRINT_PATTERN, 'not a credential fingerprint')
  .meta({ description: 'credential fingerprint: the first 16 hex digits of SHA-256 over the public key bytes, in groups of 4' })
  .brand<'CredentialFingerprint'>();
export type CredentialFingerprint = z.output<typeof credentialFingerprintSchema>;

export const ed25519CredentialSchema = z.strictObject({
  kind: z.literal('ed25519'),
  credentialId: credentialIdSchema,
  /** The raw 32-byte Ed25519 public key (RFC 8032), base64url. */
  publicKey: base64url('Ed25519 public key', 43).length(43),
});

export const webauthnCredentialSchema = z.strictObject({
  kind: z.literal('webauthn'),
  credentialId: credentialIdSchema,
  /** The credential public key as the authenticator gave it (COSE_Key, RFC 9052 §7), base64url. */
  publicKey: base64url('COSE public key', 1024),
  /** The authenticator's AAGUID, as WebAuthn's UUID text (all zeros when the authenticator gives none). */
  aaguid: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'not an AAGUID'),
});

/** The public part of a credential, as enrolment entries carry it. */
export const credentialKeySchema = z.discriminatedUnion('kind', [ed25519CredentialSchema, webauthnCredentialSchema]);
export type CredentialKey = Infer<typeof credentialKeySchema>;
export type Ed25519Credential = Infer<typeof ed25519CredentialSchema>;
export type WebAuthnCredential = Infer<typeof webauthnCredentialSchema>;

/** A credential as the state holds it: whose it is, since when, and until when. */
export const enrolledCredentialSchema = z.strictObject({
  id: credentialIdSchema,
  personId: personIdSchema,
  key: credentialKeySchema,
  fingerprint: credentialFingerprintSchema,
  enrolledAt: isoInstantSchema,
  revokedAt: isoInstantSchema.nullable(),
});
export type EnrolledCredential = Infer<typeof enrolledCredentialSchema>;

export function fromBase64url(text: string): Buffer {
  return Buffer.from(text, 'base64url');
}

export function toBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** The fingerprint of public key bytes (raw Ed25519 key, or COSE key): shown to people to compare. */
export function fingerprintOf(publicKey: Uint8Array): CredentialFingerprint {
  const hex = createHash('sha256').update(publicKey).digest('hex').slice(0, 16);
  return hex.replace(/(.{4})(?!$)/g, '$1-') as CredentialFingerprint;
}

/** The fingerprint of a credential: over its public key bytes, whatever the kind. */
export function credentialFingerprint(key: CredentialKey): CredentialFingerprint {
  return fingerprintOf(fromBase64url(key.publicKey));
}

/** An Ed25519 credential's id: the base64url SHA-256 of the raw public key. */
export function ed25519CredentialId(publicKey: Uint8Array): CredentialId {
  return toBase64url(createHash('sha256').update(publicKey).digest()) as CredentialId;
}

/** Whether the credential was enrolled and not revoked at `ms`. */
export function isCredentialActiveAt(credential: EnrolledCredential, ms: number): boolean {
  return Date.parse(credential.enrolledAt) <= ms && (credential.revokedAt === null || ms < Date.parse(credential.revokedAt));
}
