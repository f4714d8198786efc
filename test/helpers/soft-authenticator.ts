// A software WebAuthn authenticator for tests: a credential key pair whose COSE public key an
// enrolment would carry, and assertions over statements exactly as a browser and authenticator
// produce them (clientDataJSON, authenticatorData, the signature over their concatenation). Each
// part can be overridden to build the forgeries the verifier must refuse.
import crypto from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type { RelyingParty, WebAuthnAssertion, WebAuthnCredentialKey } from '../../approvals/webauthn/assertion.ts';
import { statementChallenge } from '../../approvals/webauthn/assertion.ts';

export const TEST_RP: RelyingParty = { origin: 'http://localhost:8080', rpId: 'localhost' };

export type SoftKeyType = 'es256' | 'ed25519' | 'rs256';

export interface AssertionOverrides {
  readonly type?: string;
  readonly challenge?: string;
  readonly origin?: string;
  readonly rpId?: string;
  /** authenticatorData flags; UP|UV by default. */
  readonly flags?: number;
}

export interface SoftCredential {
  readonly credential: WebAuthnCredentialKey;
  /** The RegistrationResponseJSON a browser returns for creation options with `challenge` (attestation "none"). */
  register(challenge: string, overrides?: Pick<AssertionOverrides, 'origin' | 'rpId'>): unknown;
  assert(statement: string, overrides?: AssertionOverrides): WebAuthnAssertion;
}

function coseKeyOf(type: SoftKeyType, publicKey: crypto.KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' });
  const b = (v: string | undefined) => new Uint8Array(Buffer.from(v ?? '', 'base64url'));
  const map = new Map<number, number | Uint8Array>();
  if (type === 'es256') [[1, 2], [3, -7], [-1, 1], [-2, b(jwk.x)], [-3, b(jwk.y)]].forEach(([k, v]) => map.set(k as number, v as number | Uint8Array));
  if (type === 'ed25519') [[1, 1], [3, -8], [-1, 6], [-2, b(jwk.x)]].forEach(([k, v]) => map.set(k as number, v as number | Uint8Array));
  if (type === 'rs256') [[1, 3], [3, -257], [-1, b(jwk.n)], [-2, b(jwk.e)]].forEach(([k, v]) => map.set(k as number, v as number | Uint8Array));
  return isoCBOR.encode(map);
}

function keyPair(type: SoftKeyType): crypto.KeyPairKeyObjectResult {
  if (type === 'es256') return crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (type === 'ed25519') return crypto.generateKeyPairSync('ed25519');
  return crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
}

/** A new credential of `type` with a random 16-byte id. */
export function softCredential(type: SoftKeyType = 'es256', rp: RelyingParty = TEST_RP): SoftCredential {
  const { publicKey, privateKey } = keyPair(type);
  const credentialId = crypto.randomBytes(16).toString('base64url');
  let signCount = 0;
  const cose = coseKeyOf(type, publicKey);
  return {
    credential: { credentialId, publicKey: Buffer.from(cose).toString('base64url') },
    register(challenge, o = {}) {
      const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge, origin: o.origin ?? rp.origin, crossOrigin: false }));
      const id = Buffer.from(credentialId, 'base64url');
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(id.length);
      // rpIdHash, flags UP|UV|AT, signCount 0, then the attested credential data: AAGUID (zero), id length, id, COSE key.
      const authData = Buffer.concat([crypto.createHash('sha256').update(o.rpId ?? rp.rpId).digest(), Buffer.from([0x45]), Buffer.alloc(4), Buffer.alloc(16), idLength, id, cose]);
      const attestationObject = isoCBOR.encode(new Map<string, string | Map<string, string> | Uint8Array>([['fmt', 'none'], ['attStmt', new Map<string, string>()], ['authData', new Uint8Array(authData)]]));
      return {
        id: credentialId,
        rawId: credentialId,
        type: 'public-key',
        clientExtensionResults: {},
        response: { clientDataJSON: clientDataJSON.toString('base64url'), attestationObject: Buffer.from(attestationObject).toString('base64url'), transports: ['internal'] },
      };
    },
    assert(statement, o = {}) {
      const clientDataJSON = Buffer.from(JSON.stringify({ type: o.type ?? 'webauthn.get', challenge: o.challenge ?? statementChallenge(statement), origin: o.origin ?? rp.origin, crossOrigin: false }));
      const counter = Buffer.alloc(4);
      counter.writeUInt32BE(++signCount);
      const authenticatorData = Buffer.concat([crypto.createHash('sha256').update(o.rpId ?? rp.rpId).digest(), Buffer.from([o.flags ?? 0x05]), counter]);
      const signed = Buffer.concat([authenticatorData, crypto.createHash('sha256').update(clientDataJSON).digest()]);
      const signature = crypto.sign(type === 'ed25519' ? null : 'sha256', signed, privateKey);
      return { credentialId, authenticatorData: authenticatorData.toString('base64url'), clientDataJSON: clientDataJSON.toString('base64url'), signature: signature.toString('base64url') };
    },
  };
}
