// The person's signing key on their own machine: an Ed25519 private key in PKCS #8 PEM, mode
// 0600, in the signer config dir. Client commands sign with it when it exists; it is never sent
// anywhere (only signatures and the public key are).
import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { credentialFingerprint, ed25519CredentialOf, isSignedRequestAction, signStatementEd25519, statementForCommand } from '../../approvals/index.ts';
import type { Ed25519Credential, Proof, SignedAction } from '../../approvals/index.ts';
import type { ApiClient } from './api-client.ts';
import { readSignerKeyFile, signerKeyPath, writeNewSignerKey } from '../signer-key.ts';
import { UsageError } from './report-error.ts';

/** Creates a new key; refuses to overwrite one. */
export function createSignerKey(dir: string): Ed25519Credential {
  const file = signerKeyPath(dir);
  if (fs.existsSync(file)) throw new UsageError(`${file} exists already: a signer key is never overwritten`);
  return credentialOfKey(writeNewSignerKey(dir));
}

/** The key in `dir`, or null when there is none. */
export function readSignerKey(dir: string): KeyObject | null {
  try {
    return readSignerKeyFile(dir);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export function describeCredential(credential: Ed25519Credential): string {
  return `public key:  ${credential.publicKey}\ncredential:  ${credential.credentialId}\nfingerprint: ${credentialFingerprint(credential)}\n`;
}

export function credentialOfKey(key: KeyObject): Ed25519Credential {
  return ed25519CredentialOf(createPublicKey(key));
}

/** Signs client commands with the person's key, when there is one; the origin and person are read from the server once. */
export class CommandSigner {
  private who: Promise<{ readonly origin: string; readonly person: string }> | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly key: KeyObject | null,
  ) {}

  /** The body with its `signature`, or as it is when there is no signer key. */
  async sign<B extends Record<string, unknown>>(action: SignedAction, data: B, statementData: Record<string, unknown> = data): Promise<B & { signature?: Proof }> {
    if (this.key === null || !isSignedRequestAction(action)) return data;
    const { origin, person } = await this.identity();
    const statement = statementForCommand({ action, actor: { id: person }, data: statementData }, { origin, time: new Date() });
    return { ...data, signature: signStatementEd25519(this.key, statement) };
  }

  identity(): Promise<{ readonly origin: string; readonly person: string }> {
    this.who ??= (async () => {
      const [origin, me] = await Promise.all([this.api.origin(), this.api.get<{ principal: { personId: string | null } }>('/auth/me')]);
      if (me.principal.personId === null) throw new UsageError('this account is not a person on the roster: it cannot sign');
      return { origin, person: me.principal.personId };
    })();
    return this.who;
  }
}
