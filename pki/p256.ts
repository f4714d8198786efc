// NIST P-256 point validation (SEC 1 v2 section 2.3.4 for the uncompressed form, and 3.2.2.1's
// on-curve check). Plain BigInt arithmetic: loading the key into OpenSSL to validate it costs
// ~130 µs per certificate, this costs a few.

/** FIPS 186-4 D.1.2.3 curve P-256: y^2 = x^3 - 3x + b over GF(p). */
export const P256_P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
export const P256_B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;

function toBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

export type P256PointForm = 'uncompressed' | 'compressed' | 'invalid';

export function p256PointForm(point: Uint8Array): P256PointForm {
  if (point.length === 33 && (point[0] === 0x02 || point[0] === 0x03)) return 'compressed';
  if (point.length === 65 && point[0] === 0x04) return 'uncompressed';
  return 'invalid';
}

/** True when `point` is an uncompressed P-256 point with both coordinates in range and on the curve. */
export function isValidUncompressedP256Point(point: Uint8Array): boolean {
  if (p256PointForm(point) !== 'uncompressed') return false;
  const x = toBigInt(point.subarray(1, 33));
  const y = toBigInt(point.subarray(33, 65));
  if (x >= P256_P || y >= P256_P) return false;
  const rhs = (((x * x) % P256_P) * x - 3n * x + P256_B) % P256_P;
  return (y * y - rhs) % P256_P === 0n;
}
