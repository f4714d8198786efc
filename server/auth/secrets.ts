// Secrets of authentication: password hashes, API tokens, session ids and CSRF tokens. Only
// hashes are stored; a secret exists in plain text in memory and, once, in the answer that
// hands it out. Comparisons of secret-derived values are constant-time.
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { StorageError } from '../storage/errors.ts';

const scryptAsync = promisify<crypto.BinaryLike, crypto.BinaryLike, number, crypto.ScryptOptions, Buffer>(crypto.scrypt);

export type RandomBytes = (size: number) => Buffer;

/**
 * scrypt cost (RFC 7914): N = 2^15, r = 8, p = 3 is one of OWASP's equivalent settings to
 * N = 2^17, p = 1, using 32 MiB per hash instead of 128 MiB. The parameters are stored with each
 * hash, so raising them later leaves old hashes verifiable.
 */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 3, keyLength: 32, saltLength: 16 } as const;
/** Bounds on parameters read back from storage, so a damaged row cannot demand unbounded memory. */
const SCRYPT_MAX = { N: 2 ** 20, r: 32, p: 16 } as const;
const scryptMaxmem = (N: number, r: number) => 128 * N * r + 16 * 1024 * 1024;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

/** API tokens: `kgt_` and 32 random bytes in base64url (RFC 4648 section 5), no padding. */
export const TOKEN_PREFIX = 'kgt_';
const TOKEN_PATTERN = /^kgt_[A-Za-z0-9_-]{43}$/;
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const SECRET_BYTES = 32;

/** `scrypt$N$r$p$salt$hash`, salt and hash in standard base64. */
export async function hashPassword(password: string, random: RandomBytes): Promise<string> {
  const { N, r, p, keyLength, saltLength } = SCRYPT_PARAMS;
  const salt = random(saltLength);
  const hash = await scryptAsync(password.normalize('NFC'), salt, keyLength, { N, r, p, maxmem: scryptMaxmem(N, r) });
  return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

interface StoredHash {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

function parseStoredHash(stored: string): StoredHash {
  const parts = stored.split('$');
  const [scheme, n, r, p, salt, hash] = parts;
  const N = Number(n);
  const rr = Number(r);
  const pp = Number(p);
  const valid =
    parts.length === 6 &&
    scheme === 'scrypt' &&
    Number.isSafeInteger(N) && N > 1 && N <= SCRYPT_MAX.N && (N & (N - 1)) === 0 &&
    Number.isSafeInteger(rr) && rr >= 1 && rr <= SCRYPT_MAX.r &&
    Number.isSafeInteger(pp) && pp >= 1 && pp <= SCRYPT_MAX.p &&
    salt !== undefined && hash !== undefined && salt.length > 0 && hash.length > 0;
  // A stored hash is ours; one that does not parse means damaged storage, not a wrong password.
  if (!valid) throw new StorageError('stored-row-invalid', 'stored password hash is malformed');
  return { N, r: rr, p: pp, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

/** True when `password` matches `stored`. Throws on a malformed stored hash (fails closed). */
export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const { N, r, p, salt, hash } = parseStoredHash(stored);
  const candidate = await scryptAsync(password.normalize('NFC'), salt, hash.length, { N, r, p, maxmem: scryptMaxmem(N, r) });
  return crypto.timingSafeEqual(candidate, hash);
}

/**
 * A hash of a password nobody knows, verified against when a login names no account, so an
 * unknown username takes as long to refuse as a wrong password.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'), crypto.randomBytes);
  return decoyHash;
}

export function generatePassword(random: RandomBytes): string {
  return random(18).toString('base64url');
}

export function sha256Hex(value: string): string {
  return crypto.createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Constant-time equality of two strings of secret-derived text. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function generateToken(random: RandomBytes): string {
  return `${TOKEN_PREFIX}${random(SECRET_BYTES).toString('base64url')}`;
}

export function isTokenSyntax(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

export function generateSessionId(random: RandomBytes): string {
  return random(SECRET_BYTES).toString('base64url');
}

export function isSessionIdSyntax(value: string): boolean {
  return SESSION_ID_PATTERN.test(value);
}

/**
 * The session's CSRF token, derived from the session id rather than stored: only a holder of
 * the (HttpOnly) session id can compute it, and the server can hand it out again on /auth/me.
 * Domain-separated from the stored session hash, so the database does not reveal it either.
 */
export function csrfTokenOf(sessionId: string): string {
  return crypto.createHash('sha256').update(`keygate-csrf\n${sessionId}`, 'utf8').digest('base64url');
}

/** SHA-256 of a certificate's DER, lower-case hex: the client-certificate fingerprint. */
export function certificateFingerprint(der: Uint8Array): string {
  return crypto.createHash('sha256').update(der).digest('hex');
}
