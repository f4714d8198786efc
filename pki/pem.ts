// RFC 7468 textual encoding. A linear scan with indexOf, no regular expressions: the text is
// attacker-controlled. Text outside the blocks is allowed (RFC 7468 section 5.2); headers inside
// a block are not (certificates never have them).
import { decodeBase64 } from './encoding.ts';
import { PkiError } from './errors.ts';

export interface PemBlock {
  readonly label: string;
  readonly der: Uint8Array;
}

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';
const MAX_LABEL = 64;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function readLabel(text: string, from: number): { label: string; next: number } {
  const close = text.indexOf(DASHES, from);
  if (close < 0 || close - from > MAX_LABEL) throw new PkiError('pem-malformed', 'PEM boundary line is not terminated by "-----"');
  const label = text.slice(from, close);
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    if (c < 0x21 && c !== 0x20) throw new PkiError('pem-malformed', 'PEM label contains control characters');
    if (c > 0x7e) throw new PkiError('pem-malformed', 'PEM label is not ASCII');
  }
  return { label, next: close + DASHES.length };
}

function decodeBody(body: string, label: string): Uint8Array {
  let compact = '';
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    if (!isWhitespace(code)) compact += body[i];
  }
  if (compact.includes(':')) throw new PkiError('pem-malformed', `PEM block ${label} has headers; certificates have none`);
  const der = compact.length % 4 === 0 ? decodeBase64(compact) : null;
  if (der === null || der.length === 0) throw new PkiError('pem-malformed', `PEM block ${label} is not valid base64`);
  return der;
}

/** Every PEM block in the text, in order. Throws `pem-malformed` on a broken block. */
export function parsePemBlocks(text: string, maxBlocks: number): PemBlock[] {
  const blocks: PemBlock[] = [];
  let pos = 0;
  for (;;) {
    const begin = text.indexOf(BEGIN, pos);
    if (begin < 0) return blocks;
    if (blocks.length >= maxBlocks) throw new PkiError('too-many-certificates', `more than ${maxBlocks} PEM blocks`);
    const { label, next } = readLabel(text, begin + BEGIN.length);
    const endMarker = `${END}${label}${DASHES}`;
    const end = text.indexOf(endMarker, next);
    if (end < 0) throw new PkiError('pem-malformed', `PEM block ${label} has no matching END line`);
    const body = text.slice(next, end);
    if (body.includes(BEGIN)) throw new PkiError('pem-malformed', `PEM block ${label} contains another BEGIN line`);
    blocks.push({ label, der: decodeBody(body, label) });
    pos = end + endMarker.length;
  }
}
