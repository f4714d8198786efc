// COSE public keys (RFC 9053) of WebAuthn credentials as node:crypto verifiers. The key comes from
// the log (an enrolment entry), so it is untrusted input: every field is checked, and only the
// algorithms authenticators use for passkeys are accepted: ES256/384/512 (EC2), EdDSA (OKP,
// Ed25519) and RS256 (RSA PKCS#1 v1.5, Windows Hello).
import crypto from 'node:crypto';
import { cose, decodeCredentialPublicKey } from '@simplewebauthn/server/helpers';
import { WebAuthnError } from './errors.ts';

/** A decoded key and the digest its signatures use (null: the algorithm fixes it, as Ed25519 does). */
export interface CoseVerifier {
  readonly key: crypto.KeyObject;
  readonly digest: 'sha256' | 'sha384' | 'sha512' | null;
  /** The COSE algorithm, for reports. */
  readonly alg: number;
}

const EC2_CURVES: Readonly<Record<number, { readonly crv: string; readonly alg: number; readonly digest: 'sha256' | 'sha384' | 'sha512' }>> = {
  [cose.COSECRV.P256]: { crv: 'P-256', alg: cose.COSEALG.ES256, digest: 'sha256' },
  [cose.COSECRV.P384]: { crv: 'P-384', alg: cose.COSEALG.ES384, digest: 'sha384' },
  [cose.COSECRV.P521]: { crv: 'P-521', alg: cose.COSEALG.ES512, digest: 'sha512' },
};

const b64u = (bytes: Uint8Array | undefined, what: string): string => {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new WebAuthnError('webauthn-malformed', `the COSE key has no ${what}`);
  return Buffer.from(bytes).toString('base64url');
};

function jwkOf(key: cose.COSEPublicKey): { jwk: crypto.JsonWebKey; digest: CoseVerifier['digest']; alg: number } {
  const alg = key.get(cose.COSEKEYS.alg);
  if (cose.isCOSEPublicKeyEC2(key)) {
    const curve = EC2_CURVES[key.get(cose.COSEKEYS.crv) ?? NaN];
    if (curve === undefined || alg !== curve.alg) throw new WebAuthnError('webauthn-key-unsupported', `EC2 key with curve ${String(key.get(cose.COSEKEYS.crv))} and algorithm ${String(alg)} is not accepted`);
    return { jwk: { kty: 'EC', crv: curve.crv, x: b64u(key.get(cose.COSEKEYS.x), 'x'), y: b64u(key.get(cose.COSEKEYS.y), 'y') }, digest: curve.digest, alg };
  }
  if (cose.isCOSEPublicKeyOKP(key)) {
    if (key.get(cose.COSEKEYS.crv) !== cose.COSECRV.ED25519 || alg !== cose.COSEALG.EdDSA) throw new WebAuthnError('webauthn-key-unsupported', 'only Ed25519 OKP keys with EdDSA are accepted');
    return { jwk: { kty: 'OKP', crv: 'Ed25519', x: b64u(key.get(cose.COSEKEYS.x), 'x') }, digest: null, alg };
  }
  if (cose.isCOSEPublicKeyRSA(key)) {
    if (alg !== cose.COSEALG.RS256) throw new WebAuthnError('webauthn-key-unsupported', `RSA key with algorithm ${String(alg)} is not accepted (only RS256)`);
    return { jwk: { kty: 'RSA', n: b64u(key.get(cose.COSEKEYS.n), 'n'), e: b64u(key.get(cose.COSEKEYS.e), 'e') }, digest: 'sha256', alg };
  }
  throw new WebAuthnError('webauthn-key-unsupported', `COSE key type ${String(key.get(cose.COSEKEYS.kty))} is not accepted`);
}

/** Parses a COSE public key (its CBOR bytes) into a verifier; throws a coded error for anything else. */
export function parseCoseKey(bytes: Uint8Array): CoseVerifier {
  let decoded: cose.COSEPublicKey;
  try {
    decoded = decodeCredentialPublicKey(new Uint8Array(bytes));
  } catch (cause) {
    throw new WebAuthnError('webauthn-malformed', 'the COSE public key is not CBOR', { cause });
  }
  if (!(decoded instanceof Map)) throw new WebAuthnError('webauthn-malformed', 'the COSE public key is not a CBOR map');
  const { jwk, digest, alg } = jwkOf(decoded);
  try {
    return { key: crypto.createPublicKey({ key: jwk, format: 'jwk' }), digest, alg };
  } catch (cause) {
    throw new WebAuthnError('webauthn-malformed', 'the COSE public key is not a valid key', { cause });
  }
}

/** Throws unless `signature` (DER for ECDSA, as WebAuthn sends it) is valid over `data`: fails closed. */
export function verifyCoseSignature(verifier: CoseVerifier, data: Uint8Array, signature: Uint8Array): void {
  let valid = false;
  try {
    valid = crypto.verify(verifier.digest, data, verifier.key, signature);
  } catch (cause) {
    // A signature node cannot parse (a truncated DER sequence) is not valid either.
    throw new WebAuthnError('webauthn-signature-invalid', 'the signature does not parse', { cause });
  }
  if (!valid) throw new WebAuthnError('webauthn-signature-invalid', 'the signature does not verify with the credential\'s public key');
}
