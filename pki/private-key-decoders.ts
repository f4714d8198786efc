// Decoders for the private-key scan. Each decodes the characters of one alphabet view region
// starting `offset` characters in (the alignment), skipping characters it does not use, and never
// throws: garbage in gives bytes out, which the structure checks then judge.

/** Characters per group: decoding at 0 .. GROUP-1 covers every alignment of a glued prefix. */
export const GROUP = { base64: 4, hex: 2, base32: 8, ascii85: 5, z85: 5 } as const;

function latin1(chars: Uint8Array, start: number, end: number): string {
  return Buffer.from(chars.buffer, chars.byteOffset + start, Math.max(0, end - start)).toString('latin1');
}

/** Node's decoder reads base64 and base64url alike and ignores what is neither. */
export function decodeBase64At(chars: Uint8Array, start: number, end: number, offset: number): Uint8Array {
  return Buffer.from(latin1(chars, start + offset, end), 'base64');
}

/** Standard base64 with '-' and '_' taken as separators, not as base64url digits. */
export function decodeBase64WithoutUrlAt(chars: Uint8Array, start: number, end: number, offset: number): Uint8Array {
  const kept = new Uint8Array(end - start);
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = chars[i]!;
    if (c !== 0x2d && c !== 0x5f) kept[n++] = c;
  }
  return decodeBase64At(kept, 0, n, offset);
}

export function hasUrlCharacters(chars: Uint8Array, start: number, end: number): boolean {
  const view = chars.subarray(start, end);
  return view.includes(0x2d) || view.includes(0x5f);
}

/** The view holds lower-case hex digits only; Node stops at an odd trailing digit. */
export function decodeHexAt(chars: Uint8Array, start: number, end: number, offset: number): Uint8Array {
  return Buffer.from(latin1(chars, start + offset, end), 'hex');
}

const BASE32_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 26; i++) BASE32_VALUE[0x41 + i] = BASE32_VALUE[0x61 + i] = i;
for (let i = 0; i < 6; i++) BASE32_VALUE[0x32 + i] = 26 + i;

/** RFC 4648 base32, either case. */
export function decodeBase32At(chars: Uint8Array, start: number, end: number, offset: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(((end - start) * 5) / 8));
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = start + offset; i < end; i++) {
    const v = BASE32_VALUE[chars[i]!]!;
    if (v < 0) continue;
    acc = ((acc << 5) | v) & 0x1fff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

const Z85_CHARS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#';
const Z85_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < Z85_CHARS.length; i++) Z85_VALUE[Z85_CHARS.charCodeAt(i)] = i;
const A85_VALUE = new Int8Array(128).fill(-1);
for (let c = 0x21; c <= 0x75; c++) A85_VALUE[c] = c - 0x21;

/** Appends the first `bytes` bytes of the group value to `out` at `n`; returns the new length. */
function putGroup(out: Uint8Array, n: number, acc: number, digits: number): number {
  let value = acc;
  for (let d = digits; d < 5; d++) value = value * 85 + 84; // a short final group is padded with the top digit
  const word = value >>> 0;
  for (let b = 0; b < digits - 1; b++) out[n + b] = (word >>> (24 - 8 * b)) & 0xff;
  return n + digits - 1;
}

/** Groups of five base-85 digits to four bytes. Hot: locals only, no closures. */
function decodeBase85(chars: Uint8Array, start: number, end: number, values: Int8Array, zeroGroup: boolean): Uint8Array {
  // Five digits give four bytes; a 'z' (one character) gives four: sized for exactly what it holds.
  let zs = 0;
  if (zeroGroup) for (let i = start; i < end; i++) zs += chars[i] === 0x7a ? 1 : 0;
  const out = new Uint8Array(Math.ceil(((end - start) * 4) / 5) + zs * 4 + 8);
  let n = 0;
  let acc = 0;
  let count = 0;
  for (let i = start; i < end; i++) {
    const c = chars[i]!;
    if (zeroGroup && c === 0x7a && count === 0) {
      n += 4; // 'z': four zero bytes (the array is zero-filled)
      continue;
    }
    const v = values[c]!;
    if (v < 0) continue;
    acc = acc * 85 + v;
    if (++count === 5) {
      n = putGroup(out, n, acc, 5);
      acc = 0;
      count = 0;
    }
  }
  if (count > 1) n = putGroup(out, n, acc, count);
  return out.subarray(0, n);
}

/** Adobe ascii85 ('!'..'u', 'z' for four zero bytes); the <~ ~> delimiters are just skipped characters. */
export function decodeAscii85At(chars: Uint8Array, start: number, end: number, offset: number): Uint8Array {
  return decodeBase85(chars, start + offset, end, A85_VALUE, true);
}

/** ZeroMQ Z85. */
export function decodeZ85At(chars: Uint8Array, start: number, end: number, offset: number): Uint8Array {
  return decodeBase85(chars, start + offset, end, Z85_VALUE, false);
}
