// WebAuthn assertions (passkeys, security keys): the verifier for credentials of kind
// 'webauthn'. The contract: the assertion's clientDataJSON has type "webauthn.get" and as
// challenge the base64url SHA-256 of the statement bytes (statementChallenge); the signature is
// the credential's over authenticatorData || SHA-256(clientDataJSON). The checks themselves are
// approvals/webauthn/assertion.ts; this maps their refusals to ApprovalError `signature-invalid`
// (the reason in the message). Synchronous and without I/O, like every core check.
import { relyingPartyOfAssertion, verifyWebAuthnAssertion } from '../webauthn/assertion.ts';
import { isWebAuthnError } from '../webauthn/errors.ts';
import { ApprovalError } from '../errors.ts';
import type { WebAuthnCredential } from './credential.ts';
import type { WebAuthnProof } from './proof.ts';
import type { VerifyContext } from './verify.ts';

/**
 * Throws `signature-invalid` unless `proof` is `key`'s assertion over its statement. The relying
 * party is the server's (KEYGATE_PUBLIC_URL) when the context gives one; replay, which has only
 * the export, takes the origin the assertion names, and the RP ID check binds it to the credential.
 */
export function verifyWebAuthnProof(key: WebAuthnCredential, proof: WebAuthnProof, context: VerifyContext): void {
  try {
    const rp = context.relyingParty ?? relyingPartyOfAssertion(proof);
    verifyWebAuthnAssertion(proof.statement, proof, key, rp);
  } catch (err) {
    if (!isWebAuthnError(err)) throw err;
    throw new ApprovalError('signature-invalid', `the WebAuthn assertion does not verify (${err.code}): ${err.message}`, { cause: err });
  }
}
