// The first, cheap pass of the private-key scan over text: where could anything be encoded?
// Most text a person writes is words. Encodings of key material, in any of the alphabets we
// decode and however broken up (spaces, separators, wrapping), change character class inside
// words all the time: base64 "MIGHAgEAMBMGByqGSM49", hex "2a:86:48:ce:3d", base32 "GCAYHAQC2",
// ascii85 "9jqo^BlbD-BleB1". So the pass counts, per window of text, class changes inside
// alphanumeric tokens (lower→upper; upper→lower after the second letter, so "Smart" and "SMKIs"
// cost nothing but "TCoS" does; letter↔digit), and digits (for decimal byte lists, which have no
// letters). Only windows over a threshold, with a margin either side, get the full scan.
//
// The thresholds sit far below what any encoding of a key produces (a window of base64 of
// random bytes has about 35 such changes, hex with separators about 10, decimal byte lists about
// 30 digits), so the filter decides cost, not what is found. One loop over the characters.

/** Characters per window, and the margin in windows scanned on either side of a flagged one. */
export const WINDOW = 64;
const MARGIN = 1;
/** Class changes inside tokens that flag a window for decoding. */
const CHANGES = 6;
/** Digits that flag a window for byte-list parsing. */
const DIGITS = 20;

const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
const CLASS = new Uint8Array(128);
for (let c = 0x61; c <= 0x7a; c++) CLASS[c] = LOWER;
for (let c = 0x41; c <= 0x5a; c++) CLASS[c] = UPPER;
for (let c = 0x30; c <= 0x39; c++) CLASS[c] = DIGIT;

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Prefiltered {
  /** Where something may be encoded in an alphabet (base64, hex, base32, ascii85, Z85). */
  readonly encoded: readonly Span[];
  /** Where a byte list may be written out in numbers. */
  readonly numbers: readonly Span[];
}

function spansOf(flags: Uint8Array, length: number): Span[] {
  const out: Span[] = [];
  for (let w = 0; w < flags.length; w++) {
    if (flags[w] === 0) continue;
    const start = Math.max(0, (w - MARGIN) * WINDOW);
    const end = Math.min(length, (w + 1 + MARGIN) * WINDOW);
    const prev = out.at(-1);
    if (prev !== undefined && start <= prev.end) out[out.length - 1] = { start: prev.start, end };
    else out.push({ start, end });
  }
  return out;
}

export function prefilter(text: string): Prefiltered {
  const windows = Math.ceil(text.length / WINDOW);
  const encoded = new Uint8Array(windows);
  const numbers = new Uint8Array(windows);
  let changes = 0;
  let digits = 0;
  let previous = 0;
  let position = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = c < 0x80 ? CLASS[c]! : 0;
    if (k === 0) {
      position = 0;
    } else {
      if (position > 0 && k !== previous && !(previous === UPPER && k === LOWER && position < 2)) changes++;
      if (k === DIGIT) digits++;
      previous = k;
      position++;
    }
    if ((i & (WINDOW - 1)) === WINDOW - 1 || i === text.length - 1) {
      const w = i >> 6;
      encoded[w] = changes >= CHANGES ? 1 : 0;
      numbers[w] = digits >= DIGITS ? 1 : 0;
      changes = 0;
      digits = 0;
    }
  }
  return { encoded: spansOf(encoded, text.length), numbers: spansOf(numbers, text.length) };
}

/**
 * Whether the text may hold a marker (armour label, PuTTY header, JWK member): "private" or
 * "putty" with up to three non-word characters between letters (zero-width spaces, a line
 * break), or a quoted name followed by a colon.
 */
const MARKER_HINT = /p\W{0,3}r\W{0,3}i\W{0,3}v\W{0,3}a\W{0,3}t\W{0,3}e|p\W{0,3}u\W{0,3}t\W{0,3}t\W{0,3}y|["']\W{0,3}:/i;

export function mayHoldMarkers(text: string): boolean {
  return MARKER_HINT.test(text);
}

/** Which alphabet views a span needs beyond base64 (always decoded: the common case). */
export interface Needed {
  readonly hex: boolean;
  readonly base32: boolean;
  readonly printable: boolean;
}

const HEX_DIGIT = new Uint8Array(128);
for (const ch of '0123456789abcdefABCDEF') HEX_DIGIT[ch.charCodeAt(0)] = 1;
const BASE32_DIGIT = new Uint8Array(128);
for (const ch of '234567') BASE32_DIGIT[ch.charCodeAt(0)] = 1;
const STRONG_SYMBOL = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) if (CLASS[c] === 0 && !'+/=-_:,.'.includes(String.fromCharCode(c))) STRONG_SYMBOL[c] = 1;

/**
 * Per window of the span: hex when most letters and digits are hex digits; base32 when the
 * letters are (nearly) all one case and digits 2-7 occur; ascii85/Z85 when symbols other than
 * base64's and separators occur. Any one window qualifying is enough: a span can hold a hex key
 * next to a base64 certificate.
 */
export function viewsNeeded(text: string, start: number, end: number): Needed {
  let hex = false;
  let base32 = false;
  let printable = false;
  for (let w = start; w < end && !(hex && base32 && printable); w += WINDOW) {
    let alnum = 0;
    let hexDigits = 0;
    let lower = 0;
    let upper = 0;
    let b32 = 0;
    let strong = 0;
    for (let i = w; i < Math.min(end, w + WINDOW); i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) continue;
      const k = CLASS[c]!;
      alnum += k === 0 ? 0 : 1;
      lower += k === LOWER ? 1 : 0;
      upper += k === UPPER ? 1 : 0;
      hexDigits += HEX_DIGIT[c]!;
      b32 += BASE32_DIGIT[c]!;
      strong += STRONG_SYMBOL[c]!;
    }
    hex ||= alnum >= 16 && hexDigits >= alnum * 0.6;
    base32 ||= alnum >= 24 && b32 >= 1 && Math.min(lower, upper) <= (lower + upper) * 0.1;
    printable ||= strong >= 4;
  }
  return { hex, base32, printable };
}
