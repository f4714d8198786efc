// Signing on the client's side: the statement a command needs, and an Ed25519 personal key
// signing it. The CLI, the test worlds and the demo use these; the server never signs for a
// person (it never holds a person's private key).
import { createPublicKey, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Actor } from '../event-types.ts';
import { ed25519CredentialId, fromBase64url } from './credential.ts';
import type { CredentialId, Ed25519Credential } from './credential.ts';
import type { Ed25519Proof } from './proof.ts';
import { buildStatement, canonicalStatement, statementBytes } from './statement.ts';
import type { SignedAction } from './statement.ts';

/** What a client signs for: the action, who acts, and the command's data (as it will send it). */
export interface CommandToSign {
  readonly action: SignedAction;
  readonly actor: Pick<Actor, 'id'>;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The canonical statement for a command signed at `time` under the log `origin`. */
export function statementForCommand(command: CommandToSign, context: { readonly origin: string; readonly time: Date | string }): string {
  const time = typeof context.time === 'string' ? context.time : context.time.toISOString();
  return canonicalStatement(buildStatement({ origin: context.origin, action: command.action, person: command.actor.id, time, data: command.data }));
}

/** The credential record of an Ed25519 public key (a KeyObject, or the raw 32 bytes). */
export function ed25519CredentialOf(publicKey: KeyObject | Uint8Array): Ed25519Credential {
  const raw = publicKey instanceof Uint8Array ? Buffer.from(publicKey) : fromBase64url(String(publicKey.export({ format: 'jwk' }).x));
  return { kind: 'ed25519', credentialId: ed25519CredentialId(raw), publicKey: raw.toString('base64url') };
}

/** A personal Ed25519 key's signature over a statement, as the proof a command carries. */
export function signStatementEd25519(privateKey: KeyObject, statement: string): Ed25519Proof {
  const credentialId: CredentialId = ed25519CredentialOf(createPublicKey(privateKey)).credentialId;
  return { credentialId, statement, signature: sign(null, statementBytes(statement), privateKey).toString('base64url') };
}
