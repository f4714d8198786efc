// Profile checks on the certificate's encoding, algorithms and validity (GBCS section 12,
// RFC 5280 4.1). Each check returns its findings; an empty list means it passed.
import { bytesEqual } from './encoding.ts';
import { finding } from './findings.ts';
import type { Finding } from './findings.ts';
import { OID_EC_PUBLIC_KEY, OID_ECDSA_WITH_SHA256, OID_P256, OID_P384 } from './oids.ts';
import { isValidUncompressedP256Point, p256PointForm } from './p256.ts';
import type { AlgorithmIdentifier, ParsedCertificate } from './parse.ts';

/** GBCS serials are 16 octets in every observed certificate (a leading sign octet aside). */
export const SMKI_SERIAL_LENGTH = 16;
/** DER of the namedCurve parameter `prime256v1`. */
const P256_PARAMETERS = Uint8Array.of(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07);
const P384_PARAMETERS = Uint8Array.of(0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22);

export function checkVersion(cert: ParsedCertificate): Finding[] {
  return cert.version === 3 ? [] : [finding('version-not-v3', `certificate is X.509 v${cert.version}, not v3`)];
}

const isEcdsaSha256 = (a: AlgorithmIdentifier): boolean => a.oid === OID_ECDSA_WITH_SHA256 && a.parameters === null;

export function checkSignatureAlgorithm(cert: ParsedCertificate): Finding[] {
  const out: Finding[] = [];
  if (!isEcdsaSha256(cert.signatureAlgorithm)) {
    out.push(finding('signature-algorithm-not-ecdsa-sha256', `signature algorithm is ${cert.signatureAlgorithm.oid}${cert.signatureAlgorithm.parameters === null ? '' : ' with parameters'}, not ecdsa-with-SHA256 (RFC 5758 3.2)`));
  }
  const same = cert.tbsSignatureAlgorithm.oid === cert.signatureAlgorithm.oid
    && (cert.tbsSignatureAlgorithm.parameters === null) === (cert.signatureAlgorithm.parameters === null)
    && bytesEqual(cert.tbsSignatureAlgorithm.parameters ?? new Uint8Array(), cert.signatureAlgorithm.parameters ?? new Uint8Array());
  if (!same) out.push(finding('signature-algorithm-mismatch', 'TBSCertificate.signature differs from signatureAlgorithm (RFC 5280 4.1.1.2)'));
  return out;
}

export function checkSerial(cert: ParsedCertificate): Finding[] {
  const s = cert.serial;
  if (s[0]! >= 0x80 || s.every((b) => b === 0)) return [finding('serial-not-positive', 'serial number is not a positive integer (RFC 5280 4.1.2.2)')];
  const magnitude = s.length > 1 && s[0] === 0 ? s.length - 1 : s.length;
  return magnitude === SMKI_SERIAL_LENGTH ? [] : [finding('serial-length-unexpected', `serial number is ${magnitude} octets, SMKI serials are ${SMKI_SERIAL_LENGTH}`)];
}

export function checkPublicKey(cert: ParsedCertificate): Finding[] {
  const { algorithm, publicKey, unusedBits } = cert.spki;
  if (algorithm.oid !== OID_EC_PUBLIC_KEY) return [finding('key-not-ec', `public key algorithm is ${algorithm.oid}, not id-ecPublicKey`)];
  const params = algorithm.parameters ?? new Uint8Array();
  if (!bytesEqual(params, P256_PARAMETERS)) {
    const curve = bytesEqual(params, P384_PARAMETERS) ? `P-384 (${OID_P384})` : 'not the named curve P-256';
    return [finding('key-curve-not-p256', `EC key curve is ${curve}; SMKI requires P-256 (${OID_P256})`)];
  }
  const form = unusedBits === 0 ? p256PointForm(publicKey) : 'invalid';
  if (form === 'compressed') return [finding('key-point-compressed', 'EC public key is in compressed form; SMKI requires uncompressed (04 || X || Y)')];
  if (!isValidUncompressedP256Point(publicKey)) return [finding('key-point-invalid', 'EC public key is not a valid P-256 point')];
  return [];
}

export type ValidityPosition = 'before' | 'within' | 'after';

/**
 * RFC 5280 4.1.2.5: valid from notBefore through notAfter inclusive. Certificate times have
 * whole seconds, so `at` is truncated to its second: 23:59:59.500 is still within 23:59:59.
 */
export function validityAt(cert: ParsedCertificate, at: Date): ValidityPosition {
  const t = Math.floor(at.getTime() / 1000) * 1000;
  if (t < cert.notBefore.getTime()) return 'before';
  return t > cert.notAfter.getTime() ? 'after' : 'within';
}

export function checkValidity(cert: ParsedCertificate, at: Date): Finding[] {
  const nb = cert.notBefore.toISOString();
  const na = cert.notAfter.toISOString();
  if (cert.notBefore.getTime() > cert.notAfter.getTime()) return [finding('validity-inverted', `notBefore ${nb} is after notAfter ${na}`)];
  const position = validityAt(cert, at);
  if (position === 'before') return [finding('not-yet-valid', `not valid until ${nb} (checked at ${at.toISOString()})`)];
  if (position === 'after') return [finding('expired', `expired at ${na} (checked at ${at.toISOString()})`)];
  return [];
}
