// ECDSA public-key recovery on P-256 (SEC 1 v2 section 4.1.6), for the interop test only.
// The SMKI root "ZA" certificate is not public, but the Organisation CA it signed is: from that
// signature we can recover the keys ZA could have, pick the one whose RFC 5280 method-2 key
// identifier equals the OCA's authorityKeyIdentifier, and so check the OCA signatures for real.
import { createHash } from 'node:crypto';
import { P256_B, P256_P } from '../../pki/p256.ts';

const P = P256_P;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const G = {
  x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};

type Point = { x: bigint; y: bigint } | null; // null is the point at infinity

const mod = (a: bigint, m: bigint): bigint => ((a % m) + m) % m;

function pow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
  }
  return result;
}

const inv = (a: bigint, m: bigint): bigint => pow(a, m - 2n, m); // m is prime

function add(p1: Point, p2: Point): Point {
  if (p1 === null) return p2;
  if (p2 === null) return p1;
  if (p1.x === p2.x && mod(p1.y + p2.y, P) === 0n) return null;
  const slope = p1.x === p2.x
    ? mod((3n * p1.x * p1.x - 3n) * inv(2n * p1.y, P), P)
    : mod((p2.y - p1.y) * inv(mod(p2.x - p1.x, P), P), P);
  const x = mod(slope * slope - p1.x - p2.x, P);
  return { x, y: mod(slope * (p1.x - x) - p1.y, P) };
}

function multiply(k: bigint, point: Point): Point {
  let result: Point = null;
  let addend = point;
  for (let e = mod(k, N); e > 0n; e >>= 1n) {
    if (e & 1n) result = add(result, addend);
    addend = add(addend, addend);
  }
  return result;
}

const toBig = (b: Uint8Array): bigint => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);
const toBytes = (v: bigint): Buffer => Buffer.from(v.toString(16).padStart(64, '0'), 'hex');

/** r and s of a DER ECDSA-Sig-Value (short-form lengths, as P-256 signatures always have). */
function splitSignature(sig: Uint8Array): { r: bigint; s: bigint } {
  const rLen = sig[3]!;
  const r = sig.subarray(4, 4 + rLen);
  const s = sig.subarray(4 + rLen + 2, 4 + rLen + 2 + sig[4 + rLen + 1]!);
  return { r: toBig(r), s: toBig(s) };
}

const SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

/** The (usually two) SPKIs under which `signature` over `message` verifies. */
export function recoverP256Keys(message: Uint8Array, signature: Uint8Array): Uint8Array[] {
  const { r, s } = splitSignature(signature);
  const e = mod(toBig(createHash('sha256').update(message).digest()), N);
  const rhs = mod(r * r * r - 3n * r + P256_B, P);
  const y0 = pow(rhs, (P + 1n) / 4n, P); // P = 3 mod 4
  const rInv = inv(r, N);
  return [y0, P - y0].map((y) => {
    const q = multiply(rInv, add(multiply(s, { x: r, y }), multiply(mod(-e, N), G)));
    if (q === null) throw new Error('recovered the point at infinity');
    return new Uint8Array(Buffer.concat([SPKI_PREFIX, Buffer.from([0x04]), toBytes(q.x), toBytes(q.y)]));
  });
}
