// WebAuthn assertions (passkeys, security keys): the verifier for credentials of kind
// 'webauthn'. The contract: the assertion's clientDataJSON has type "webauthn.get" and as
// challenge the base64url SHA-256 of the statement bytes (statementChallenge); the signature is
// the credential's over authenticatorData || SHA-256(clientDataJSON). Throws ApprovalError
// `signature-invalid` for any failure; synchronous and without I/O, like every core check.
import { ApprovalError } from '../errors.ts';
import type { WebAuthnCredential } from './credential.ts';
import type { WebAuthnProof } from './proof.ts';
import type { VerifyContext } from './verify.ts';

/** Not available yet in this build: a WebAuthn proof is refused, never accepted unchecked. */
export function verifyWebAuthnProof(key: WebAuthnCredential, proof: WebAuthnProof, context: VerifyContext): void {
  void key;
  void proof;
  void context;
  throw new ApprovalError('signature-invalid', 'WebAuthn signatures are not verified by this build');
}
