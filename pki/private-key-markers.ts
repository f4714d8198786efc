// Private keys recognised by their markers in text rather than by decoding: PEM, SSH2 and PGP
// armour whose label says PRIVATE KEY, PuTTY key files, and JWKs written out as text (JSON that
// did not parse as a whole, or JSON escaped several times over). The text has been normalized and
// reduced to its visible characters (no whitespace) and upper-cased, so "-----begin  private
// key-----", a label wrapped onto two lines or with zero-width spaces inside all read the same.
// Searches are indexOf over the text and bounded look-arounds: linear in the text.
import { JWK_PRIVATE_MEMBERS, JWK_PUBLIC_MEMBERS, MIN_MEMBER_VALUE } from './private-key-jwk.ts';
import { detection } from './private-key-types.ts';
import type { PrivateKeyDetection, PrivateKeyKind } from './private-key-types.ts';

const PRIVATE_KEY = 'PRIVATEKEY';
/** How far before PRIVATEKEY a BEGIN may be: "BEGIN" + the longest label word run we accept. */
const LABEL_LOOKBACK = 40;
const LABEL_WORDS = /^[A-Z0-9]{0,24}$/;

/** Labels shown by name; any other "BEGIN … PRIVATE KEY" is named generically (never echoed). */
const LABELS: Readonly<Record<string, readonly [PrivateKeyKind, string]>> = {
  '': ['pkcs8', ''],
  ENCRYPTED: ['encrypted-pkcs8', ''],
  OPENSSH: ['openssh', ''],
  RSA: ['pkcs1-rsa', ''],
  EC: ['sec1-ec', ''],
  DSA: ['pem-private-key', 'DSA PRIVATE KEY'],
  PGP: ['pem-private-key', 'PGP PRIVATE KEY'],
  SSH2ENCRYPTED: ['pem-private-key', 'SSH2 ENCRYPTED PRIVATE KEY'],
  SSH2: ['pem-private-key', 'SSH2 PRIVATE KEY'],
  ECDSA: ['pem-private-key', 'ECDSA PRIVATE KEY'],
  ED25519: ['pem-private-key', 'ED25519 PRIVATE KEY'],
  X25519: ['pem-private-key', 'X25519 PRIVATE KEY'],
  ED448: ['pem-private-key', 'ED448 PRIVATE KEY'],
  ENCRYPTEDRSA: ['pem-private-key', 'ENCRYPTED RSA PRIVATE KEY'],
};

/** Armour: dashes before BEGIN, or after the label (PGP's "… PRIVATE KEY BLOCK-----"). */
function isArmoured(upper: string, begin: number, labelEnd: number): boolean {
  const after = upper.startsWith('BLOCK', labelEnd) ? labelEnd + 5 : labelEnd;
  return (upper.charCodeAt(begin - 1) === 0x2d && upper.charCodeAt(begin - 2) === 0x2d) || (upper.charCodeAt(after) === 0x2d && upper.charCodeAt(after + 1) === 0x2d);
}

function findArmour(upper: string): PrivateKeyDetection | null {
  for (let at = upper.indexOf(PRIVATE_KEY); at >= 0; at = upper.indexOf(PRIVATE_KEY, at + 1)) {
    const from = Math.max(0, at - LABEL_LOOKBACK);
    const inWindow = upper.slice(from, at).lastIndexOf('BEGIN'); // bounded: a search back to the start would be quadratic
    if (inWindow < 0) continue;
    const begin = from + inWindow;
    const words = upper.slice(begin + 5, at);
    if (!LABEL_WORDS.test(words) || !isArmoured(upper, begin, at + PRIVATE_KEY.length)) continue;
    const [kind, label] = LABELS[words] ?? ['pem-private-key', ''];
    return detection(kind, 'pem', label);
  }
  return null;
}

function findPutty(upper: string): PrivateKeyDetection | null {
  return upper.includes('PUTTY-USER-KEY-FILE-') && upper.includes('PRIVATE-LINES:') ? detection('putty', 'text') : null;
}

/** Members are found within this many characters of each other when they belong to one JWK. */
const JWK_NEAR = 4096;
const isValueChar = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f || c === 0x2b || c === 0x2f || c === 0x3d;

/** Positions of `"NAME":` (or single-quoted), in order, with the length of a string value after it (0 if none; an array counts as long). */
function membersNamed(upper: string, name: string): { at: number[]; value: number[] } {
  const at: number[] = [];
  const value: number[] = [];
  for (const q of ['"', "'"]) {
    const needle = `${q}${name}${q}:`;
    for (let p = upper.indexOf(needle); p >= 0; p = upper.indexOf(needle, p + 1)) {
      at.push(p);
      value.push(valueLength(upper, p + needle.length));
    }
  }
  const order = at.map((_, i) => i).sort((a, b) => at[a]! - at[b]!);
  return { at: order.map((i) => at[i]!), value: order.map((i) => value[i]!) };
}

function valueLength(upper: string, from: number): number {
  const open = upper.charCodeAt(from);
  if (open === 0x5b) return Number.MAX_SAFE_INTEGER; // "oth": [...]
  if (open !== 0x22 && open !== 0x27) return 0;
  let p = from + 1;
  while (p < upper.length && isValueChar(upper.charCodeAt(p))) p++;
  return upper.charCodeAt(p) === open ? p - from - 1 : 0;
}

/** Whether sorted `positions` has one within JWK_NEAR of `at` (binary search: no quadratic blow-up). */
function near(positions: readonly number[], at: number): boolean {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid]! < at - JWK_NEAR) lo = mid + 1;
    else hi = mid;
  }
  return lo < positions.length && positions[lo]! <= at + JWK_NEAR;
}

const PRIVATE_NAMES = JWK_PRIVATE_MEMBERS.map((m) => m.toUpperCase());
const SUPPORT_NAMES = JWK_PUBLIC_MEMBERS.map((m) => m.toUpperCase());

/**
 * A private member with a value, near a "kty" member; or, without "kty", a private member with a
 * key-sized value near public members of a key or near another private member with such a value.
 */
function findJwkText(upper: string): PrivateKeyDetection | null {
  if (!upper.includes('":') && !upper.includes("':")) return null;
  const kty = membersNamed(upper, 'KTY').at;
  const support = SUPPORT_NAMES.flatMap((name) => membersNamed(upper, name).at).sort((a, b) => a - b);
  const privates = PRIVATE_NAMES.map((name) => ({ name, ...membersNamed(upper, name) }));
  const keySized = privates.map((p) => p.at.filter((_, i) => p.value[i]! >= MIN_MEMBER_VALUE));
  for (const [n, p] of privates.entries()) {
    for (const [i, at] of p.at.entries()) {
      const value = p.value[i]!;
      if (value === 0) continue;
      const otherPrivate = value >= MIN_MEMBER_VALUE && keySized.some((positions, m) => m !== n && near(positions, at));
      if (near(kty, at) || (value >= MIN_MEMBER_VALUE && near(support, at)) || otherPrivate) return detection('jwk', 'text', p.name.toLowerCase());
    }
  }
  return null;
}

/** Markers in upper-cased visible text. */
export function findMarkers(upper: string): PrivateKeyDetection | null {
  return findArmour(upper) ?? findPutty(upper) ?? findJwkText(upper);
}
