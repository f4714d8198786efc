// Views of text for the private-key scan, and where in them something looks encoded.
//
// Key material survives being broken up: a space, tab or zero-width space inserted, lines wrapped
// at any width, separators between hex pairs, prose glued on in front. So the scan does not look
// for "runs" that such breaks would end. It keeps every visible character (visibleBytes), keeps
// those of one encoding's alphabet glued together in order (alphabetView), and decodes the parts
// that look encoded at every alignment (a glued prefix of any length shifts the data by a
// fraction of a group; one of the alignments undoes it).
//
// "Looks encoded" is judged per block of the alphabet view: English prose is mostly lower-case
// letters, while an encoding of anything with real content (keys, DER, and the encodings of
// those, however nested) mixes in upper case, digits and symbols in every block. The test only
// decides what is worth decoding: a block judged wrongly costs time, never a missed key, as long
// as random data passes it (the margins below: a random block fails it with probability well
// under 1 %, and a region bridges two failing blocks in a row).

/** Code units that are invisible or blank: dropped, as the characters they are. */
const INVISIBLE = new Uint8Array(0x10000);
for (let c = 0; c <= 0x20; c++) INVISIBLE[c] = 1;
for (let c = 0x7f; c <= 0xa0; c++) INVISIBLE[c] = 1;
for (const [from, to] of [
  [0xad, 0xad], [0x34f, 0x34f], [0x61c, 0x61c], [0x115f, 0x1160], [0x1680, 0x1680], [0x17b4, 0x17b5], [0x180b, 0x180f],
  [0x2000, 0x200f], [0x2028, 0x202f], [0x205f, 0x206f], [0x3000, 0x3000], [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xfeff, 0xfeff],
  [0xffa0, 0xffa0], [0xfff0, 0xfffb],
] as const) {
  for (let c = from; c <= to; c++) INVISIBLE[c] = 1;
}
/** Everything else outside ASCII: a character no encoding uses, so it glues nothing together. */
export const OTHER = 0x7f;

/** Tag characters (U+E0000..E007F) and variation selectors (U+E0100..E01EF): invisible, outside the BMP. */
function isInvisiblePair(high: number, low: number): boolean {
  return high === 0xdb40 && ((low >= 0xdc00 && low <= 0xdc7f) || (low >= 0xdd00 && low <= 0xddef));
}

/** The text's visible characters in order, as ASCII codes; other characters become OTHER. */
export function visibleBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (INVISIBLE[c] === 0) out[n++] = c;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      if (!isInvisiblePair(c, text.charCodeAt(i + 1))) out[n++] = OTHER;
      i++;
    } else if (INVISIBLE[c] === 0) {
      out[n++] = OTHER;
    }
  }
  return out.subarray(0, n);
}

/** Format characters and variation selectors: invisible wherever they are inserted. */
const ZERO_WIDTH_RANGES: readonly (readonly [number, number])[] = [
  [0xad, 0xad], [0x34f, 0x34f], [0x61c, 0x61c], [0x180b, 0x180f], [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x206f],
  [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xe0000, 0xe007f], [0xe0100, 0xe01ef],
];
const hexEscape = (cp: number): string => `\\u{${cp.toString(16)}}`;
const ZERO_WIDTH = new RegExp(`[${ZERO_WIDTH_RANGES.map(([a, b]) => `${hexEscape(a)}-${hexEscape(b)}`).join('')}]`, 'gu');

/** The text without zero-width and other format characters (for parsers that need the spaces kept). */
export function withoutZeroWidth(text: string): string {
  return text.replace(ZERO_WIDTH, '');
}

/** Character classes within an alphabet; 0 is "not in the alphabet". */
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
/** Symbols other than base64's and the usual separators: ascii85 and Z85 use many of them. */
const SYMBOL = 4;
/** + / = - _ : , . */
const WEAK = 5;
const WEAK_SYMBOLS = '+/=-_:,.';

export type AlphabetName = 'base64' | 'hex' | 'base32' | 'printable';

export interface Alphabet {
  readonly name: AlphabetName;
  /** ASCII code → class (0 when not in the alphabet). */
  readonly classes: Uint8Array;
  /** ASCII code → the code kept in the view (case folding for case-insensitive encodings). */
  readonly fold: Uint8Array;
  /** Block size in view characters. */
  readonly block: number;
  /** Fewest characters worth decoding: a little under the smallest key in this encoding. */
  readonly minChars: number;
  /** Passing blocks a region needs (a lone passing block in prose is a number or an acronym). */
  readonly minPassing: number;
}

function alphabet(name: AlphabetName, chars: string, fold: (c: number) => number, sizes: { block: number; minChars: number; minPassing: number }): Alphabet {
  const classes = new Uint8Array(128);
  const folded = new Uint8Array(128);
  for (let c = 0; c < 128; c++) folded[c] = c;
  for (const ch of chars) {
    const c = ch.charCodeAt(0);
    classes[c] = c >= 0x61 && c <= 0x7a ? LOWER : c >= 0x41 && c <= 0x5a ? UPPER : c >= 0x30 && c <= 0x39 ? DIGIT : WEAK_SYMBOLS.includes(ch) ? WEAK : SYMBOL;
    folded[c] = fold(c);
  }
  return { name, classes, fold: folded, ...sizes };
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const same = (c: number): number => c;
const toLower = (c: number): number => (c >= 0x41 && c <= 0x5a ? c | 0x20 : c);
let printable = '';
for (let c = 0x21; c < 0x7f; c++) printable += String.fromCharCode(c);

/**
 * base64 and base64url together ('-' and '_' are kept; the scan also decodes each region
 * without them, for standard base64 with '-' or '_' as separators). Padding is dropped: a padded
 * piece in the middle just starts a new alignment.
 */
export const BASE64: Alphabet = alphabet('base64', `${LETTERS}${DIGITS}+/-_`, same, { block: 16, minChars: 40, minPassing: 2 });
/** Hex digits, folded to lower case: separators of any kind are simply not in the view. */
export const HEX: Alphabet = alphabet('hex', `${DIGITS}abcdefABCDEF`, toLower, { block: 16, minChars: 64, minPassing: 2 });
/** RFC 4648 base32; case is kept for the block test and folded by the decoder. */
export const BASE32: Alphabet = alphabet('base32', `${LETTERS}234567`, same, { block: 32, minChars: 64, minPassing: 1 });
/** Every printable character: ascii85 and Z85 are each decoded from it, dropping what they do not use. */
export const PRINTABLE: Alphabet = alphabet('printable', printable, same, { block: 20, minChars: 50, minPassing: 2 });

/** What one block of a view holds: its classes, and what the view skipped while filling it. */
interface BlockStats {
  readonly counts: Int32Array;
  /** Class changes between neighbours. */
  transitions: number;
  /** Lower-case letters that are the fourth or later of a run: words. */
  wordy: number;
  /** Letters and digits outside the alphabet, and "strong" symbols (not + / = - _ : , .), skipped. */
  skippedAlnum: number;
  skippedStrong: number;
}

/**
 * Whether a block looks encoded. Glued prose is long runs of lower-case letters (words) with a
 * capital, a number or a symbol now and then; encodings of anything with content change class
 * (lower, upper, digit, symbol) every other character and have no long lower-case runs. Base32 is
 * one case (upper, or lower when folded by someone) with digits 2-7 scattered through. What a
 * view skipped tells encodings apart: hex and base32 text has no other letters or digits between
 * its characters, base64 no symbols but separators, ascii85 and Z85 plenty of symbols.
 * Checked on keys under every pair of our encodings (test/pki/private-key-corpus.test.ts): a
 * block of real encoded data fails these a few percent of the time at most, and regions bridge
 * such blocks (BRIDGE, MARGIN).
 */
function looksEncoded(name: AlphabetName, b: BlockStats): boolean {
  switch (name) {
    case 'base64':
      return (b.transitions >= 5 || b.wordy <= 2) && b.skippedStrong <= 3;
    case 'hex':
      // Hex text has no other letters around its digits, whatever it encodes (hex of UTF-8 is
      // mostly letters: "efbc8d"); prose seen through the hex view skipped most of its letters.
      return b.skippedAlnum <= 8;
    case 'base32':
      // Decoded only where the span has one-case windows (viewsNeeded), and then all of it: base32
      // of text is letters in one case, mostly without digits, as lower-case prose is.
      return true;
    case 'printable':
      // Their output for repetitive input can read like lower-case words ("ehoazehn$uehx1w"),
      // but always holds symbols base64 does not use; prose blocks have one now and then.
      return b.transitions >= 8 || b.wordy <= 2 || b.counts[SYMBOL]! >= 2;
  }
}

export interface Region {
  readonly start: number;
  readonly end: number;
}

export interface AlphabetView {
  /** The visible characters of the alphabet, folded, in order. */
  readonly chars: Uint8Array;
  /** Where they look encoded, at least minChars long, in order and disjoint. */
  readonly regions: readonly Region[];
}

/** Failing blocks a region bridges, and blocks it extends by on either side (where a key may start or end). */
const BRIDGE = 4;
const MARGIN = 2;

/** Characters that are letters or digits, and symbols that are not base64's or a separator. */
const ALNUM = new Uint8Array(128);
const STRONG = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) {
  const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  ALNUM[c] = alnum ? 1 : 0;
  STRONG[c] = !alnum && !WEAK_SYMBOLS.includes(String.fromCharCode(c)) ? 1 : 0;
}
/** (previous class << 3 | class) → 1 when the class changed; `previous` 0 starts a block. */
const CHANGED = new Uint8Array(64);
for (let p = 1; p < 8; p++) for (let k = 1; k < 8; k++) CHANGED[(p << 3) | k] = p === k ? 0 : 1;
const IS_LOWER = new Uint8Array(8);
IS_LOWER[LOWER] = 1;

function blockPasses(a: Alphabet, stats: BlockStats, transitions: number, wordy: number, skippedAlnum: number, skippedStrong: number): number {
  stats.transitions = transitions;
  stats.wordy = wordy;
  stats.skippedAlnum = skippedAlnum;
  stats.skippedStrong = skippedStrong;
  const pass = looksEncoded(a.name, stats) ? 1 : 0;
  stats.counts.fill(0);
  return pass;
}

/**
 * One pass: the view, and per block whether it looks encoded. Hot, and fed random-looking data:
 * class bookkeeping is done with tables rather than branches, which such data mispredicts.
 * `visible` holds ASCII codes only (visibleBytes).
 */
export function alphabetView(visible: Uint8Array, a: Alphabet): AlphabetView {
  const chars = new Uint8Array(visible.length);
  const stats: BlockStats = { counts: new Int32Array(8), transitions: 0, wordy: 0, skippedAlnum: 0, skippedStrong: 0 };
  const passing = new Uint8Array(Math.ceil(visible.length / a.block) + 1);
  const { classes, fold, block } = a;
  const counts = stats.counts;
  let blocks = 0;
  let n = 0;
  let inBlock = 0;
  let previous = 0;
  let run = 0;
  let transitions = 0;
  let wordy = 0;
  let skippedAlnum = 0;
  let skippedStrong = 0;
  for (let i = 0; i < visible.length; i++) {
    const c = visible[i]!;
    const f = fold[c]!;
    const k = classes[f]!;
    if (k === 0) {
      skippedAlnum += ALNUM[c]!;
      skippedStrong += STRONG[c]!;
      continue;
    }
    chars[n++] = f;
    counts[k]!++;
    transitions += CHANGED[(previous << 3) | k]!;
    previous = k;
    run = (run + 1) * IS_LOWER[k]!;
    wordy += run > 3 ? 1 : 0;
    if (++inBlock === block) {
      passing[blocks++] = blockPasses(a, stats, transitions, wordy, skippedAlnum, skippedStrong);
      inBlock = previous = run = transitions = wordy = skippedAlnum = skippedStrong = 0;
    }
  }
  if (inBlock >= block / 2) passing[blocks++] = blockPasses(a, stats, transitions, wordy, skippedAlnum, skippedStrong);
  else if (inBlock > 0) passing[blocks++] = 1; // a short tail: part of whatever precedes it
  return { chars: chars.subarray(0, n), regions: regionsOf(passing.subarray(0, blocks), a, n) };
}

function regionsOf(passing: Uint8Array, a: Alphabet, length: number): Region[] {
  const out: Region[] = [];
  let b = 0;
  while (b < passing.length) {
    if (passing[b] === 0) {
      b++;
      continue;
    }
    let last = b;
    let count = 1;
    for (let next = b + 1; next < passing.length && next - last <= BRIDGE + 1; next++) {
      if (passing[next] === 1) {
        last = next;
        count++;
      }
    }
    if (count >= a.minPassing) {
      const start = Math.max(0, (b - MARGIN) * a.block);
      const end = Math.min(length, (last + 1 + MARGIN) * a.block);
      const prev = out.at(-1);
      if (prev !== undefined && start <= prev.end) out[out.length - 1] = { start: prev.start, end };
      else out.push({ start, end });
    }
    b = last + 1;
  }
  return out.filter((r) => r.end - r.start >= a.minChars);
}
