// Finds private keys in text: PEM/SSH2/PGP armour whose label says PRIVATE KEY, PuTTY key files,
// and base64, base64url or hex runs that decode to a private-key structure, an OpenSSH key or a
// base64-wrapped PEM. One left-to-right pass; each character is examined a bounded number of
// times (no backtracking regular expressions), so it is safe on every request body.
import { base64Value, decodeBase64, decodeHex, isHexCode } from './encoding.ts';
import { scanDerForPrivateKey } from './private-key-der.ts';
import { JWK_PRIVATE_MEMBERS } from './private-key-jwk.ts';
import { detection } from './private-key-types.ts';
import type { PrivateKeyDetection, PrivateKeyKind } from './private-key-types.ts';

const PRIVATE_KEY = 'PRIVATE KEY';
/** How far before "PRIVATE KEY" a "BEGIN" may be: "-----BEGIN ENCRYPTED ", "---- BEGIN SSH2 ENCRYPTED ". */
const LABEL_LOOKBACK = 48;
/** Shortest run worth decoding: an Ed25519 PKCS#8 key is 48 bytes, 64 base64 characters. */
const MIN_RUN = 40;
const OPENSSH_MAGIC = 'openssh-key-v1\0';
export const MAX_NESTING = 3;

const isB64 = (code: number): boolean => base64Value(code) >= 0;
const isSpace = (code: number): boolean => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;

const LABEL_KINDS: readonly [string, PrivateKeyKind][] = [
  ['ENCRYPTED PRIVATE KEY', 'encrypted-pkcs8'],
  ['OPENSSH PRIVATE KEY', 'openssh'],
  ['RSA PRIVATE KEY', 'pkcs1-rsa'],
  ['EC PRIVATE KEY', 'sec1-ec'],
];

function labelDetection(text: string, at: number): PrivateKeyDetection | null {
  const from = Math.max(0, at - LABEL_LOOKBACK);
  const window = text.slice(from, at); // bounded look-back: lastIndexOf over the whole text would be quadratic
  const begin = window.lastIndexOf('BEGIN');
  if (begin < 0) return null;
  const label = window.slice(begin + 'BEGIN'.length).concat(PRIVATE_KEY).trim();
  if (!/^[A-Z0-9 -]+$/.test(label)) return null; // armour labels are upper-case words, not prose
  if (label === PRIVATE_KEY) return detection('pkcs8', 'pem');
  const known = LABEL_KINDS.find(([l]) => label === l);
  return known !== undefined ? detection(known[1], 'pem') : detection('pem-private-key', 'pem', label);
}

function positionsOf(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) out.push(at);
  return out;
}

/** Whether the `"name"` at `at` is followed by optional whitespace and ':', i.e. is a JSON member name. */
function isMemberName(text: string, at: number, name: string): boolean {
  let p = at + name.length + 2;
  while (isSpace(text.charCodeAt(p))) p++;
  return text.charCodeAt(p) === 0x3a;
}

/**
 * A JWK in text that is not JSON as a whole (a JWK pasted into a log line or next to a PEM): a
 * private member name within JWK_NEAR characters of a "kty" member. Position lists and a two-pointer
 * walk keep it linear however many times the names occur.
 */
const JWK_NEAR = 4096;

function findJwkInText(text: string): PrivateKeyDetection | null {
  const kty = positionsOf(text, '"kty"').filter((at) => isMemberName(text, at, 'kty'));
  if (kty.length === 0) return null;
  for (const member of JWK_PRIVATE_MEMBERS) {
    const quoted = `"${member}"`;
    let k = 0;
    for (const at of positionsOf(text, quoted)) {
      if (!isMemberName(text, at, member)) continue;
      while (k < kty.length - 1 && kty[k + 1]! <= at) k++;
      const near = Math.abs(kty[k]! - at) <= JWK_NEAR || (k + 1 < kty.length && kty[k + 1]! - at <= JWK_NEAR);
      if (near) return detection('jwk', 'text', member);
    }
  }
  return null;
}

function findArmour(text: string): PrivateKeyDetection | null {
  for (let at = text.indexOf(PRIVATE_KEY); at >= 0; at = text.indexOf(PRIVATE_KEY, at + 1)) {
    const found = labelDetection(text, at);
    if (found !== null) return found;
  }
  if (text.includes('PuTTY-User-Key-File-') && text.includes('Private-Lines:')) return detection('putty', 'text');
  if (text.includes(OPENSSH_MAGIC)) return detection('openssh', 'binary');
  return findJwkInText(text);
}

interface Run {
  readonly chars: string;
  readonly end: number;
}

/** One line of a run: base64 characters ("\/" read as "/", JSON's optional escape), then padding. */
function readSegment(text: string, from: number): { chars: string; end: number; padded: boolean } {
  let chars = '';
  let p = from;
  let sliceStart = p;
  while (p < text.length) {
    const c = text.charCodeAt(p);
    if (isB64(c)) p++;
    else if (c === 0x5c && text.charCodeAt(p + 1) === 0x2f) {
      chars += text.slice(sliceStart, p) + '/';
      p += 2;
      sliceStart = p;
    } else break;
  }
  chars += text.slice(sliceStart, p);
  let pad = 0;
  while (pad < 2 && text.charCodeAt(p) === 0x3d) {
    p++;
    pad++;
  }
  return { chars: chars + '='.repeat(pad), end: p, padded: pad > 0 };
}

/** Whitespace or a literal \n, \r, \t (JSON-escaped line breaks) between two lines of a run. */
function skipLineBreak(text: string, from: number): number {
  let q = from;
  for (;;) {
    const c = text.charCodeAt(q);
    if (isSpace(c)) q++;
    else if (c === 0x5c && 'nrt'.includes(text[q + 1] ?? '')) q += 2;
    else return q;
  }
}

/**
 * A base64 run: one segment, continued across line breaks while every line so far has the length
 * of the first (how PEM and MIME wrap), so words of surrounding prose are not glued on in front.
 */
function readRun(text: string, from: number): Run {
  let chars = '';
  let firstLength = -1;
  let p = from;
  for (;;) {
    const seg = readSegment(text, p);
    chars += seg.chars;
    p = seg.end;
    if (firstLength < 0) firstLength = seg.chars.length;
    if (seg.padded || seg.chars.length !== firstLength || firstLength % 4 !== 0 || firstLength < 16) return { chars, end: p };
    const next = skipLineBreak(text, p);
    if (next === p || next >= text.length || !isB64(text.charCodeAt(next))) return { chars, end: p };
    p = next;
  }
}

function decodeLenient(chars: string): Uint8Array | null {
  let end = chars.length;
  while (end > 0 && chars.charCodeAt(end - 1) === 0x3d) end--;
  const body = chars.slice(0, end);
  return decodeBase64(body.length % 4 === 1 ? body.slice(0, -1) : body);
}

const isAllHex = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (!isHexCode(s.charCodeAt(i))) return false;
  return true;
};

/**
 * Decodes a run and looks inside. Lines glued on in front by readRun are whole multiples of four
 * characters, so they shift the decoded bytes by whole bytes: the DER scan, which tries every
 * offset, and the searches for the OpenSSH magic and an inner PEM are unaffected by them.
 */
function checkRun(chars: string, depth: number, scanNested: (text: string, depth: number) => PrivateKeyDetection | null): PrivateKeyDetection | null {
  const bytes = decodeLenient(chars);
  if (bytes !== null) {
    const kind = scanDerForPrivateKey(bytes);
    if (kind !== null) return detection(kind, 'base64');
    const decoded = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (decoded.includes(OPENSSH_MAGIC, 0, 'latin1')) return detection('openssh', 'base64');
    if (depth < MAX_NESTING && decoded.includes('-----BEGIN', 0, 'latin1')) {
      const inner = scanNested(decoded.toString('latin1'), depth + 1);
      if (inner !== null) return { ...inner, encoding: 'base64', description: `${inner.description} inside base64` };
    }
  }
  if (isAllHex(chars)) {
    const raw = decodeHex(chars.length % 2 === 0 ? chars : chars.slice(0, -1));
    const kind = raw === null ? null : scanDerForPrivateKey(raw);
    if (kind !== null) return detection(kind, 'hex');
  }
  return null;
}

/** Scans text for private key material; `depth` counts nested encodings already unwrapped. */
export function scanTextForPrivateKey(text: string, depth = 0): PrivateKeyDetection | null {
  const armour = findArmour(text);
  if (armour !== null) return armour;
  let i = 0;
  while (i < text.length) {
    if (!isB64(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const run = readRun(text, i);
    if (run.chars.length >= MIN_RUN) {
      const found = checkRun(run.chars, depth, scanTextForPrivateKey);
      if (found !== null) return found;
    }
    i = Math.max(run.end, i + 1);
  }
  return null;
}
