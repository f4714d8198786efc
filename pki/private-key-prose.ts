// The prose rule for free-text fields (reasons, rationale, descriptions, notes, conditions,
// names): no unbroken run of more than MAX_ENCODED_RUN characters of an encoding's alphabet,
// whatever it decodes to. People do not write such runs; data does, and data belongs in a
// document, where it is scanned as a whole and can be purged. Hashes and fingerprints up to
// SHA-512 in hex, with or without separators or an algorithm prefix, stay allowed.
//
// "Unbroken" is judged after NFKC and with zero-width characters taken out (they hide nothing
// from a reader, so they break nothing here); whitespace breaks a run.
import { PkiError } from './errors.ts';
import { foldUnicode } from './private-key-normalize.ts';
import { withoutZeroWidth } from './private-key-views.ts';

/** Longest run allowed: a SHA-512 in hex is 128 characters. */
export const MAX_ENCODED_RUN = 128;

export type EncodedRunAlphabet = 'base64' | 'ascii85';

export interface EncodedRun {
  /** base64 covers base64url, base32 and hex; ascii85 covers Z85 and anything else without spaces. */
  readonly alphabet: EncodedRunAlphabet;
  readonly length: number;
}

const BASE64 = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_') BASE64[ch.charCodeAt(0)] = 1;

/** A hash or fingerprint in hex: optional "sha256:" prefix, hex digits in groups split by one kind of separator. */
const HEX_DIGEST = /^(?:[A-Za-z0-9-]{1,16}[:=])?[0-9A-Fa-f]+(?:[-_:. ][0-9A-Fa-f]+)*$/;

function isDigest(run: string): boolean {
  if (!HEX_DIGEST.test(run)) return false;
  const prefix = /^[A-Za-z0-9-]{1,16}[:=]/.exec(run);
  const digits = (prefix === null ? run : run.slice(prefix[0].length)).replace(/[^0-9A-Fa-f]/g, '');
  return digits.length <= MAX_ENCODED_RUN;
}

/** Punctuation a sentence puts around a word: not part of the run. */
const SURROUNDING = /^["'([{<]+|["')\]}>.,;:!?]+$/g;
const WHITESPACE = /\s+/u;

/** The longest run of base64-alphabet characters in `token` that is not a digest, or 0. */
function longestBase64Run(token: string): number {
  let run = 0;
  let longest = 0;
  for (let i = 0; i <= token.length; i++) {
    const c = i < token.length ? token.charCodeAt(i) : 0x20;
    if (c < 0x80 && BASE64[c] === 1) {
      run++;
      continue;
    }
    if (run > longest && (run <= MAX_ENCODED_RUN || !isDigest(token.slice(i - run, i)))) longest = run;
    run = 0;
  }
  return longest;
}

/**
 * A URL's parts between / ? & = # are judged one by one: a long address of short path segments
 * is prose; a long base64 segment in it is not.
 */
function judgeUrl(token: string): EncodedRun | null {
  for (const part of token.split(/[/?&=#]/)) {
    const run = longestBase64Run(part);
    if (run > MAX_ENCODED_RUN) return { alphabet: 'base64', length: run };
  }
  return null;
}

function judgeToken(raw: string): EncodedRun | null {
  if (raw.length <= MAX_ENCODED_RUN) return null;
  const token = raw.replace(SURROUNDING, '');
  if (isDigest(token)) return null;
  if (token.includes('://')) return judgeUrl(token);
  const run = longestBase64Run(token);
  if (run > MAX_ENCODED_RUN) return { alphabet: 'base64', length: run };
  // ascii85 and Z85 take the punctuation prose puts around a word ("(", ".", "!", "?"), so the
  // whole token is the run: stripping it would let 130 characters pass as 128.
  return { alphabet: 'ascii85', length: raw.length };
}

/** The first run too long for free text, or null. Linear. */
export function findEncodedRun(text: string): EncodedRun | null {
  for (const token of withoutZeroWidth(foldUnicode(text)).split(WHITESPACE)) {
    const run = judgeToken(token);
    if (run !== null) return run;
  }
  return null;
}

export function encodedRunError(run: EncodedRun, field: string): PkiError {
  const what = run.alphabet === 'base64' ? 'base64, hex or base32' : 'an encoding without spaces (ascii85, Z85)';
  return new PkiError(
    'encoded-text',
    `refused: ${field} holds an unbroken run of ${run.length} characters of ${what}; free text allows at most ${MAX_ENCODED_RUN} (a SHA-512 in hex). Attach such data as a document instead`,
  );
}

/** Throws PkiError `encoded-text`, naming the field, when `text` breaks the prose rule. */
export function assertProse(text: string, field: string): void {
  const run = findEncodedRun(text);
  if (run !== null) throw encodedRunError(run, field);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]{0,31}$/;

/**
 * The prose rule over every string of a JSON value, except under members named in `skip`
 * (structured values that are not free text, such as certificate records).
 */
export function assertProseValue(value: unknown, options: { readonly skip?: readonly string[]; readonly path?: string } = {}): void {
  const skip = new Set(options.skip ?? []);
  const stack: [unknown, string][] = [[value, options.path ?? '$']];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') assertProse(v, path);
    else if (typeof v === 'object' && v !== null && !seen.has(v)) {
      seen.add(v);
      if (Array.isArray(v)) v.forEach((item: unknown, i) => stack.push([item, `${path}[${i}]`]));
      else for (const [k, item] of Object.entries(v)) if (!skip.has(k)) stack.push([item, IDENTIFIER.test(k) ? `${path}.${k}` : `${path}[…]`]);
    }
  }
}
