// The first, cheap pass of the private-key scan over text: where could anything be encoded?
// Most text a person writes is words. Encodings of key material, in any of the alphabets we
// decode and however broken up (spaces, separators, wrapping), change character class inside
// words all the time: base64 "MIGHAgEAMBMGByqGSM49", hex "2a:86:48:ce:3d", base32 "GCAYHAQC2",
// ascii85 "9jqo^BlbD-BleB1". So the pass counts, per window of text, class changes inside
// alphanumeric tokens (lower→upper; upper→lower after the second letter, so "Smart" and "SMKIs"
// cost nothing but "TCoS" does; letter↔digit), and tokens that read as bytes (for byte lists, which
// change class rarely: "48, 130, 1", "0x30, 0x82"). Only windows over a threshold, with a margin either side, get the full scan.
//
// Hex written with separators ("30:82:03:fc") changes class rarely inside its two-digit tokens,
// so two-character hex tokens are counted too. The thresholds sit far below what any encoding of
// a key produces (a window of base64 of random bytes has about 35 class changes, hex with
// separators 13 to 21 pairs, byte lists 10 to 16 byte tokens), so the filter decides cost, not
// what is found. One loop over the characters.

/** Characters per window, and the margin in windows scanned on either side of a flagged one. */
export const WINDOW = 64;
const MARGIN = 2;
/** Class changes inside tokens that flag a window for decoding. */
const CHANGES = 6;
/** Two-character hex tokens ("30:82:03", "0A 1B") that flag a window for decoding. */
const HEX_PAIRS = 8;
/** A token this long flags its window whatever its classes (upper-case base32 "GMYCYIBYGEWCAOBX…"). */
const LONG_TOKEN = 24;
/** Symbols other than base64's and separators that flag a window (ascii85 of text: ">^/%Y>^/#8"). */
const SYMBOLS = 16;
/** Escapes ("%2C", "&#43;", "\\n") that flag a window: what they hide is judged after undoing them. */
const ESCAPES = 4;
/** Byte tokens ("129", "0x3f", "\\x3f") that flag a window for byte-list parsing. */
const BYTE_TOKENS = 8;

const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
const NOT_BASE32 = new Uint8Array(128);
for (const ch of '0189') NOT_BASE32[ch.charCodeAt(0)] = 1;
/** Class → the bit a token's cases collect (1 lower, 2 upper): 3 means mixed case. */
const CASE_BIT = Uint8Array.from([0, 1, 2, 0]);
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

/** Whether a token (a run of letters and digits) of `length` reads as one byte of a list. */
function isByteToken(length: number, first: number, second: number, digitsOnly: boolean, hexTail: boolean): boolean {
  if (digitsOnly) return length <= 3;
  if (first === 0x30 && (second | 0x20) === 0x78) return length >= 3 && length <= 4 && hexTail; // 0x3f
  return (first | 0x20) === 0x78 && length === 3 && hexTail; // the "x3f" of \x3f
}

export function prefilter(text: string): Prefiltered {
  const windows = Math.ceil(text.length / WINDOW);
  const encoded = new Uint8Array(windows);
  const numbers = new Uint8Array(windows);
  let changes = 0;
  let pairs = 0;
  let byteTokens = 0;
  let long = 0;
  let symbols = 0;
  let escapes = 0;
  let previous = 0;
  let position = 0;
  let hexToken = 0;
  let first = 0;
  let second = 0;
  let digitsOnly = true;
  let hexTail = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = c < 0x80 ? CLASS[c]! : 0;
    if (k === 0) {
      symbols += c < 0x80 ? STRONG_SYMBOL[c]! : 0;
      escapes += c === 0x25 || c === 0x5c || (c === 0x26 && text.charCodeAt(i + 1) === 0x23) ? 1 : 0;
      if (position > 0) {
        pairs += position === 2 && hexToken === 2 ? 1 : 0;
        byteTokens += isByteToken(position, first, second, digitsOnly, hexTail) ? 1 : 0;
      }
      position = 0;
      hexToken = 0;
      digitsOnly = hexTail = true;
    } else {
      hexToken += HEX_DIGIT[c]!;
      if (position > 0 && k !== previous && !(previous === UPPER && k === LOWER && position < 2)) changes++;
      if (position === 0) first = c;
      else if (position === 1) second = c;
      else hexTail &&= HEX_DIGIT[c] === 1;
      if (position === 1 && (first | 0x20) === 0x78) hexTail = HEX_DIGIT[c] === 1;
      digitsOnly &&= k === DIGIT;
      previous = k;
      position++;
      long |= position >= LONG_TOKEN ? 1 : 0;
    }
    if ((i & (WINDOW - 1)) === WINDOW - 1 || i === text.length - 1) {
      if (i === text.length - 1 && position > 0) {
        pairs += position === 2 && hexToken === 2 ? 1 : 0;
        byteTokens += isByteToken(position, first, second, digitsOnly, hexTail) ? 1 : 0;
      }
      const w = i >> 6;
      encoded[w] = changes >= CHANGES || pairs >= HEX_PAIRS || long === 1 || symbols >= SYMBOLS || escapes >= ESCAPES ? 1 : 0;
      numbers[w] = byteTokens >= BYTE_TOKENS ? 1 : 0;
      changes = 0;
      pairs = 0;
      byteTokens = 0;
      long = 0;
      symbols = 0;
      escapes = 0;
    }
  }
  return { encoded: spansOf(encoded, text.length), numbers: spansOf(numbers, text.length) };
}

/**
 * Where a marker may be (armour label, PuTTY header, JWK private member): "private" or "putty"
 * with up to three non-word characters between letters (zero-width spaces, a line break), or a
 * quoted JWK private member name followed by a colon (its quotes escaped any number of times).
 */
const MARKER_HINT = /p\W{0,3}r\W{0,3}i\W{0,3}v\W{0,3}a\W{0,3}t\W{0,3}e|p\W{0,3}u\W{0,3}t\W{0,3}t\W{0,3}y|["'](?:d|p|q|dp|dq|qi|oth|k|priv)\\*["']\W{0,3}:/gi;
/** Text either side of a hint that holds the rest of its marker: a JWK's other members, a PuTTY file's lines. */
export const MARKER_REACH = 4096;

/** Spans around every marker hint, merged. */
export function markerSpans(text: string): Span[] {
  const out: Span[] = [];
  MARKER_HINT.lastIndex = 0;
  for (let m = MARKER_HINT.exec(text); m !== null; m = MARKER_HINT.exec(text)) {
    const start = Math.max(0, m.index - MARKER_REACH);
    const end = Math.min(text.length, m.index + m[0].length + MARKER_REACH);
    const prev = out.at(-1);
    if (prev !== undefined && start <= prev.end) out[out.length - 1] = { start: prev.start, end };
    else out.push({ start, end });
    if (m[0].length === 0) MARKER_HINT.lastIndex++;
  }
  return out;
}

/** Which alphabet views a span needs beyond base64 (always decoded: the common case). */
export interface Needed {
  readonly hex: boolean;
  readonly base32: boolean;
  readonly printable: boolean;
}

const HEX_DIGIT = new Uint8Array(128);
for (const ch of '0123456789abcdefABCDEF') HEX_DIGIT[ch.charCodeAt(0)] = 1;
const STRONG_SYMBOL = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) if (CLASS[c] === 0 && !'+/=-_:,.'.includes(String.fromCharCode(c))) STRONG_SYMBOL[c] = 1;
/** Symbols base64 does not use: ascii85 and Z85 do (Z85 of repetitive text uses mostly : and .). */
const NON_BASE64_SYMBOL = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) if (CLASS[c] === 0 && !'+/=-_'.includes(String.fromCharCode(c))) NON_BASE64_SYMBOL[c] = 1;

/** Characters of the sliding window viewsNeeded judges for hex: a little under the shortest key in hex. */
const NEED_WINDOW = 48;
/** A one-case letter-and-digit token this long calls for base32 (prose words are shorter). */
const BASE32_TOKEN = 20;
/** A run without spaces this long, with this many symbols base64 lacks, calls for ascii85 and Z85. */
const BASE85_RUN = 24;
const BASE85_SYMBOLS = 4;
/** A line at least this long, ended by a line break, is taken as wrapped: the run continues on the next line. */
const WRAPPED_LINE = 16;

/**
 * Which views a span needs beyond base64. Hex: some window of NEED_WINDOW characters (sliding,
 * so a short run is never split between two windows) whose letters and digits are mostly hex
 * digits. Base32: a token of BASE32_TOKEN letters and digits in one case (base32 is written
 * without separators; wrapped, its lines are tokens). Ascii85 and Z85: a run without spaces of
 * BASE85_RUN characters holding BASE85_SYMBOLS symbols base64 does not use, lines of
 * WRAPPED_LINE or more continuing the run across their line break. Any one qualifying is
 * enough: a span can hold a hex key next to a base64 certificate.
 */
export function viewsNeeded(text: string, start: number, end: number): Needed {
  let hex = false;
  let base32 = false;
  let printable = false;
  let alnum = 0; // letters and digits in the sliding window
  let hexDigits = 0; // hex digits in the sliding window
  const full = Math.min(NEED_WINDOW, end - start);
  let token = 0;
  let tokenCases = 0;
  let tokenHex = true; // a token of hex digits only is hex (a hash), not base32
  let tokenBase32 = true; // base32 has no 0, 1, 8 or 9
  let run = 0;
  let runSymbols = 0;
  let lineStart = 0; // run length where the current line of a wrapped run began
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const ascii = c < 0x80 ? c : 0x7f;
    const k = CLASS[ascii]!;
    if (k === 0) {
      if (token >= BASE32_TOKEN && tokenCases !== 3 && !tokenHex && tokenBase32) base32 = true;
      token = tokenCases = 0;
      tokenHex = tokenBase32 = true;
    } else {
      token++;
      tokenCases |= CASE_BIT[k]!;
      tokenHex &&= HEX_DIGIT[ascii] === 1;
      tokenBase32 &&= NOT_BASE32[ascii] === 0;
    }
    if (c <= 0x20) {
      // A line break after a long run is wrapping (data wrapped at 24 columns has a symbol or two
      // per line): the run goes on across it. A space, or a break after a short line, ends it.
      if (c === 0x0a && i > start && text.charCodeAt(i - 1) === 0x0d) continue; // CRLF: its CR was judged
      if ((c === 0x0a || c === 0x0d) && run - lineStart >= WRAPPED_LINE) {
        lineStart = run;
        continue;
      }
      if (run >= BASE85_RUN && runSymbols >= BASE85_SYMBOLS) printable = true;
      run = runSymbols = lineStart = 0;
    } else {
      run++;
      runSymbols += NON_BASE64_SYMBOL[ascii]!;
    }
    alnum += k === 0 ? 0 : 1;
    hexDigits += HEX_DIGIT[ascii]!;
    if (i - NEED_WINDOW >= start) {
      const old = text.charCodeAt(i - NEED_WINDOW);
      const oldAscii = old < 0x80 ? old : 0x7f;
      alnum -= CLASS[oldAscii] === 0 ? 0 : 1;
      hexDigits -= HEX_DIGIT[oldAscii]!;
    }
    if (!hex && i - start + 1 >= full && alnum >= 16 && hexDigits * 5 >= alnum * 3) hex = true;
  }
  if (token >= BASE32_TOKEN && tokenCases !== 3 && !tokenHex && tokenBase32) base32 = true;
  if (run >= BASE85_RUN && runSymbols >= BASE85_SYMBOLS) printable = true;
  return { hex, base32, printable };
}


