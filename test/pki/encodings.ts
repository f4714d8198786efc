// Encoders for the private-key corpus, written independently of pki's decoders: base32 (RFC
// 4648), ascii85 (Adobe), Z85 (ZeroMQ RFC 32), byte lists, and the manglings text suffers on
// its way (wrapping, invisible characters, escapes, full-width forms).

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(acc >> bits) & 31];
    }
    acc &= 0xff;
  }
  if (bits > 0) out += BASE32[(acc << (5 - bits)) & 31];
  return out + '='.repeat((8 - (out.length % 8)) % 8);
}

function base85(bytes: Uint8Array, digit: (v: number) => string, zero: string | null): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const n = Math.min(4, bytes.length - i);
    let v = 0;
    for (let j = 0; j < 4; j++) v = v * 256 + (bytes[i + j] ?? 0);
    if (zero !== null && n === 4 && v === 0) {
      out += zero;
      continue;
    }
    const d: string[] = [];
    for (let k = 0; k < 5; k++) {
      d.unshift(digit(v % 85));
      v = Math.floor(v / 85);
    }
    out += d.slice(0, n + 1).join('');
  }
  return out;
}

export function ascii85(bytes: Uint8Array): string {
  return base85(bytes, (v) => String.fromCharCode(v + 33), 'z');
}

const Z85 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#';
/** Z85 proper needs a multiple of four bytes: the input is padded with zeros, as senders do. */
export function z85(bytes: Uint8Array): string {
  const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
  padded.set(bytes);
  return base85(padded, (v) => Z85[v]!, null);
}

export function hex(bytes: Uint8Array, options: { separator: string; upper: boolean }): string {
  const pairs = [...bytes].map((b) => b.toString(16).padStart(2, '0'));
  const text = pairs.join(options.separator);
  return options.upper ? text.toUpperCase() : text;
}

export function byteList(bytes: Uint8Array, style: 'decimal' | '0x' | '\\x' | 'json', separator: string): string {
  switch (style) {
    case 'decimal':
      return [...bytes].join(separator);
    case '0x':
      return [...bytes].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(separator);
    case '\\x':
      return [...bytes].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
    case 'json':
      return JSON.stringify([...bytes]);
  }
}

export function wrap(text: string, width: number, eol = '\n'): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join(eol);
}

/** Inserts `what` at each of `positions` (fractions of the length, in [0, 1)). */
export function insertAt(text: string, positions: readonly number[], what: string): string {
  const at = [...new Set(positions.map((p) => Math.floor(p * text.length)))].sort((a, b) => b - a);
  let out = text;
  for (const p of at) out = out.slice(0, p) + what + out.slice(p);
  return out;
}

export function htmlEntities(text: string): string {
  return text.replace(/[+/=\n]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function fullWidth(text: string): string {
  return text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x21 + 0xff01));
}
