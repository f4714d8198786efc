// Runs of text inside bytes: decoded data (a nested layer is text inside garbage) and binary
// documents (strings inside a file format). A run is at least `min` characters of printable
// ASCII, whitespace and well-formed UTF-8 (text mangled with zero-width spaces or full-width
// forms before it was encoded).
//
// Two steps, because this reads every byte every decoding produces, most of it garbage: a table
// loop finds stretches free of bytes text never holds (C0 controls but whitespace, DEL, and the
// bytes UTF-8 never uses); garbage has such a byte every six bytes or so, and only stretches of
// `min` bytes or more are decoded as UTF-8 and split where they are not text.

const NEVER_IN_TEXT = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) NEVER_IN_TEXT[b] = b === 0x09 || b === 0x0a || b === 0x0d ? 0 : 1;
for (const b of [0x7f, 0xc0, 0xc1]) NEVER_IN_TEXT[b] = 1;
for (let b = 0xf5; b <= 0xff; b++) NEVER_IN_TEXT[b] = 1;

/** Characters that end a run once decoded: U+FFFD (bytes that were not UTF-8) and C1 controls. */
const NOT_TEXT = new RegExp('[\\ufffd\\u0080-\\u009f]');

const patterns = new Map<number, RegExp>();
function runPattern(min: number): RegExp {
  let p = patterns.get(min);
  if (p === undefined) {
    p = new RegExp(`[^\\ufffd\\u0080-\\u009f]{${min},}`, 'g');
    patterns.set(min, p);
  }
  return p;
}

function pushRuns(b: Uint8Array, start: number, end: number, min: number, out: string[]): void {
  const text = Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('utf8');
  if (!NOT_TEXT.test(text)) {
    out.push(text);
    return;
  }
  for (const m of text.matchAll(runPattern(min))) out.push(m[0]);
}

/** The text runs of at least `min` characters in `b`, in order. */
export function textRuns(b: Uint8Array, min: number): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= b.length; i++) {
    if (i < b.length && NEVER_IN_TEXT[b[i]!] === 0) continue;
    if (i - start >= min) pushRuns(b, start, i, min, out);
    start = i + 1;
  }
  return out;
}
