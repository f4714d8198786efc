// Verifies a proof's signature with the credential it names. One function per credential kind;
// the WebAuthn verifier lives in webauthn.ts. Every failure is an ApprovalError with code
// `signature-invalid` (fail closed: nothing here returns false). No I/O; keys are cached by
// their text because replay checks many statements per credential.
import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { assertNever } from '../assert-never.ts';
import { ApprovalError } from '../errors.ts';
import { fromBase64url } from './credential.ts';
import type { CredentialKey, Ed25519Credential } from './credential.ts';
import { isWebAuthnProof } from './proof.ts';
import type { Proof } from './proof.ts';
import { statementBytes } from './statement.ts';
import { verifyWebAuthnProof } from './webauthn.ts';
import type { RelyingParty } from '../webauthn/assertion.ts';

/** What a verifier is given beyond the credential and the proof. */
export interface VerifyContext {
  /** The log origin the statement names. */
  readonly origin: string;
  /** WebAuthn: where assertions must have been made (the server's KEYGATE_PUBLIC_URL); absent in replay. */
  readonly relyingParty?: RelyingParty;
}

/** Throws `signature-invalid` unless `proof.signature` is the credential's signature over `proof.statement`. */
export function verifyProof(key: CredentialKey, proof: Proof, context: VerifyContext): void {
  switch (key.kind) {
    case 'ed25519':
      if (isWebAuthnProof(proof)) throw invalid('an Ed25519 credential signs the statement itself; the proof carries WebAuthn members');
      return verifyEd25519(key, proof.statement, proof.signature);
    case 'webauthn':
      if (!isWebAuthnProof(proof)) throw invalid('a WebAuthn proof needs authenticatorData and clientDataJSON');
      return verifyWebAuthnProof(key, proof, context);
    default:
      return assertNever(key);
  }
}

const KEYS = new Map<string, KeyObject>();
const MAX_CACHED_KEYS = 10_000;

function ed25519Key(publicKey: string): KeyObject {
  let key = KEYS.get(publicKey);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    } catch (cause) {
      throw new ApprovalError('signature-invalid', 'the credential is not an Ed25519 public key', { cause });
    }
    if (KEYS.size >= MAX_CACHED_KEYS) KEYS.clear();
    KEYS.set(publicKey, key);
  }
  return key;
}

function verifyEd25519(key: Ed25519Credential, statement: string, signature: string): void {
  const sig = fromBase64url(signature);
  if (sig.length !== 64) throw invalid(`an Ed25519 signature is 64 bytes, not ${sig.length}`);
  if (!verify(null, statementBytes(statement), ed25519Key(key.publicKey), sig)) throw invalid('the Ed25519 signature does not verify');
}

function invalid(message: string): ApprovalError {
  return new ApprovalError('signature-invalid', message);
}
