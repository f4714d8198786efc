// Certificate signature verification with node:crypto (OpenSSL). OpenSSL's ECDSA verify re-encodes
// the signature and rejects non-DER forms, so a BER-malleated signature does not verify.
import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { OID_ECDSA_WITH_SHA256 } from './oids.ts';
import type { ParsedCertificate, SubjectPublicKeyInfo } from './parse.ts';

export type SignatureCheck = 'valid' | 'invalid' | 'unsupported-algorithm' | 'unusable-key';

/**
 * Memo of loaded issuer keys, keyed by the SHA-256 of the SPKI DER. Loading a key costs ~130 µs,
 * more than the verification itself, and issuers are few (the anchors and their CAs), even when
 * callers hand them in as bytes on every call. A pure memo: the KeyObject is a function of the
 * bytes. Bounded; the oldest entry goes first.
 */
const MAX_LOADED_KEYS = 256;
const loadedKeys = new Map<string, KeyObject | null>();

function loadKey(spki: SubjectPublicKeyInfo): KeyObject | null {
  let key = loadedKeys.get(spki.sha256);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: Buffer.from(spki.der), format: 'der', type: 'spki' });
    } catch {
      key = null; // not a key OpenSSL accepts (bad point, unknown curve): reported as unusable-key
    }
    if (loadedKeys.size >= MAX_LOADED_KEYS) loadedKeys.delete(loadedKeys.keys().next().value as string);
    loadedKeys.set(spki.sha256, key);
  }
  return key;
}

/**
 * Results of verifying CA certificates (intermediates, anchors), which are few and checked on every
 * request. Keyed by the certificate's fingerprint and the issuer key's SHA-256, which together fix
 * the outcome: a cached result is exactly what recomputing it would give. Leaf results are not
 * cached, so each new certificate is verified for real. Bounded; oldest entries go first.
 */
export interface VerificationCache {
  get(key: string): SignatureCheck | undefined;
  set(key: string, value: SignatureCheck): void;
}

export function createVerificationCache(maxEntries = 1024): VerificationCache {
  const entries = new Map<string, SignatureCheck>();
  return {
    get: (key) => entries.get(key),
    set: (key, value) => {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, value);
    },
  };
}

function check(cert: ParsedCertificate, issuerKey: SubjectPublicKeyInfo): SignatureCheck {
  if (cert.signatureAlgorithm.oid !== OID_ECDSA_WITH_SHA256) return 'unsupported-algorithm';
  const key = loadKey(issuerKey);
  if (key === null || key.asymmetricKeyType !== 'ec') return 'unusable-key';
  try {
    return verify('sha256', cert.tbs, key, cert.signature) ? 'valid' : 'invalid';
  } catch {
    return 'invalid'; // OpenSSL rejects a signature it cannot even decode: fail closed
  }
}

/** Checks `cert`'s signature against the issuer's public key and returns the outcome; never throws. */
export function checkCertificateSignature(
  cert: ParsedCertificate,
  issuerKey: SubjectPublicKeyInfo,
  options: { cache?: VerificationCache; cacheable?: boolean } = {},
): SignatureCheck {
  const { cache, cacheable = false } = options;
  if (cache === undefined || !cacheable) return check(cert, issuerKey);
  const cacheKey = `${cert.fingerprint}:${issuerKey.sha256}`;
  const hit = cache.get(cacheKey);
  if (hit !== undefined) return hit;
  const result = check(cert, issuerKey);
  cache.set(cacheKey, result);
  return result;
}
