// The proof a signed command carries and its log entry keeps: the exact statement (RFC 8785
// canonical JSON, statement.ts), the credential that signed it, and the signature. A WebAuthn
// assertion also keeps what the authenticator signed around the statement: its authenticator
// data and the client data JSON, whose challenge is the SHA-256 of the statement bytes.
import { z } from 'zod';
import type { Infer } from '../schema.ts';
import { BASE64URL_PATTERN, credentialIdSchema } from './credential.ts';

/** The longest statement accepted, in characters: statements hash text instead of carrying it. */
export const MAX_STATEMENT_CHARS = 8192;

const base64url = (what: string, max: number) =>
  z.string().min(1).max(max).regex(BASE64URL_PATTERN, `${what} must be unpadded base64url`).meta({ description: `${what}, unpadded base64url` });

const proofFields = {
  credentialId: credentialIdSchema,
  /** The signed statement, exactly as signed: RFC 8785 canonical JSON text. */
  statement: z.string().min(2).max(MAX_STATEMENT_CHARS),
  /** Ed25519: the 64-byte signature over the statement's UTF-8 bytes. WebAuthn: the assertion signature. */
  signature: base64url('signature', 1024),
};

export const ed25519ProofSchema = z.strictObject(proofFields).meta({ description: 'a statement signed with a personal Ed25519 key' });

export const webauthnProofSchema = z
  .strictObject({
    ...proofFields,
    authenticatorData: base64url('authenticator data', 4096),
    clientDataJSON: base64url('client data JSON', 4096),
  })
  .meta({ description: 'a statement signed with a passkey or security key (WebAuthn assertion; challenge = SHA-256 of the statement bytes)' });

/** Which of the two shapes a proof has must agree with the kind of its credential. */
export const proofSchema = z.union([ed25519ProofSchema, webauthnProofSchema]);
export type Proof = Infer<typeof proofSchema>;
export type Ed25519Proof = Infer<typeof ed25519ProofSchema>;
export type WebAuthnProof = Infer<typeof webauthnProofSchema>;

export function isWebAuthnProof(proof: Proof): proof is WebAuthnProof {
  return 'authenticatorData' in proof;
}
