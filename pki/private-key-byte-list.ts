// Byte lists in text: "48, 130, 1, 34", "[0x30, 0x82]", "\x30\x82\x01" (what programming
// languages, debuggers and spreadsheets print for a byte array). One left-to-right pass over the
// text; a list is a sequence of byte tokens joined by short separators, and only lists long
// enough to hold a key are returned.

/** A key in the smallest encoding we look for (Ed25519 PKCS#8) is 48 bytes; lists must hold this many. */
export const MIN_LIST_BYTES = 32;
/** Characters allowed between two tokens: spaces, commas and the like, a few of them. */
const MAX_SEPARATOR = 4;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const hexValue = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1);
const isWordChar = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2e || c === 0x5f;
const isSeparator = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2c || c === 0x3b || c === 0x7c || c === 0x3a || c === 0x5b || c === 0x5d || c === 0x28 || c === 0x29 || c === 0x7b || c === 0x7d;

/** Whether position `i` continues a word or a number ("x48", "3.14"); a full stop after a word does not. */
function isInWord(text: string, i: number): boolean {
  const before = text.charCodeAt(i - 1);
  if (before === 0x2e) return isDigit(text.charCodeAt(i - 2));
  return isWordChar(before);
}

interface Token {
  readonly value: number;
  readonly end: number;
  /** `\x30` tokens may follow each other with no separator. */
  readonly escaped: boolean;
}

/** A byte token at `i`: 0xHH, \xHH, or a decimal 0..255 not part of a longer word or number. */
function tokenAt(text: string, i: number): Token | null {
  const c = text.charCodeAt(i);
  if (c === 0x5c && (text.charCodeAt(i + 1) | 0x20) === 0x78) {
    const hi = hexValue(text.charCodeAt(i + 2));
    const lo = hexValue(text.charCodeAt(i + 3));
    return hi >= 0 && lo >= 0 ? { value: hi * 16 + lo, end: i + 4, escaped: true } : null;
  }
  if (i > 0 && isInWord(text, i)) return null;
  if (c === 0x30 && (text.charCodeAt(i + 1) | 0x20) === 0x78) {
    const hi = hexValue(text.charCodeAt(i + 2));
    if (hi < 0) return null;
    const lo = hexValue(text.charCodeAt(i + 3));
    const end = lo >= 0 ? i + 4 : i + 3;
    if (isWordChar(text.charCodeAt(end))) return null;
    return { value: lo >= 0 ? hi * 16 + lo : hi, end, escaped: false };
  }
  if (!isDigit(c)) return null;
  let end = i;
  let value = 0;
  while (end < text.length && isDigit(text.charCodeAt(end)) && end - i < 3) value = value * 10 + text.charCodeAt(end++) - 0x30;
  if (value > 255 || isWordChar(text.charCodeAt(end))) return null;
  return { value, end, escaped: false };
}

/** Where the next token may start after `end`, or -1 when the list ends there. */
function afterSeparator(text: string, end: number, escaped: boolean): number {
  let p = end;
  while (p < text.length && p - end < MAX_SEPARATOR && isSeparator(text.charCodeAt(p))) p++;
  if (p === end && !escaped) return -1;
  return p;
}

/** Every byte list of at least MIN_LIST_BYTES bytes in `text`. */
export function findByteLists(text: string): Uint8Array[] {
  const lists: Uint8Array[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (!isDigit(c) && c !== 0x5c) {
      i++;
      continue;
    }
    const bytes: number[] = [];
    let p = i;
    for (;;) {
      const t = tokenAt(text, p);
      if (t === null) break;
      bytes.push(t.value);
      p = t.end;
      const next = afterSeparator(text, p, t.escaped);
      if (next < 0) break;
      p = next;
    }
    if (bytes.length >= MIN_LIST_BYTES) lists.push(Uint8Array.from(bytes));
    i = Math.max(p, i + 1);
  }
  return lists;
}
