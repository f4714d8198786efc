// Private-key refusal. keygate identifies a key by its public certificate and must never receive
// the key itself: every input goes through assertNoPrivateKey before anything else reads it (the
// CLI's files and the request content it sends, every HTTP body, query and path in
// server/http/private-key-guard.ts, and request content again in the approvals service), and the
// whole input is refused when any key material is found. Each text is scanned in one linear pass;
// JSON found inside a string is parsed and walked again, at most MAX_NESTING levels deep, so the
// work is bounded by a small multiple of the input. See private-key-text.ts and
// private-key-der.ts for what is recognised.
import { bytesToLatin1 } from './encoding.ts';
import { PkiError } from './errors.ts';
import { scanDerForPrivateKey } from './private-key-der.ts';
import { walkJsonForPrivateKey } from './private-key-json.ts';
import { MAX_NESTING, scanTextForPrivateKey } from './private-key-text.ts';
import { detection } from './private-key-types.ts';
import type { PrivateKeyDetection } from './private-key-types.ts';

function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\ufeff') continue;
    return c === '{' || c === '[' || c === '"';
  }
  return false;
}

/** The parsed JSON value, or undefined when the text is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw new PkiError('input-too-complex', 'JSON input could not be scanned', { cause: err }); // fail closed
  }
}

/** The JSON value of `text`, or undefined when it is not JSON (or nesting is exhausted). */
function jsonValue(text: string, depth: number): unknown {
  if (depth >= MAX_NESTING || !looksLikeJson(text)) return undefined;
  return parseJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

/**
 * JSON text is walked as a value, so a detection says where it was (`$.keys[1]`) and escapes are
 * undone first; anything that does not parse as JSON is scanned as plain text.
 */
function scanString(text: string, depth: number): PrivateKeyDetection | null {
  const value = jsonValue(text, depth);
  return value === undefined ? scanTextForPrivateKey(text, depth) : walkJsonForPrivateKey(value, depth + 1, scanLeaf);
}

function scanBytes(bytes: Uint8Array, depth: number): PrivateKeyDetection | null {
  const der = scanDerForPrivateKey(bytes);
  if (der !== null) return detection(der, 'der');
  const value = jsonValue(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), depth);
  return value === undefined ? scanTextForPrivateKey(bytesToLatin1(bytes), depth) : walkJsonForPrivateKey(value, depth + 1, scanLeaf);
}

function scanLeaf(leaf: string | Uint8Array, depth: number): PrivateKeyDetection | null {
  return typeof leaf === 'string' ? scanString(leaf, depth) : scanBytes(leaf, depth);
}

/**
 * What private key material `input` holds, or null. `input` is bytes (a file, a raw body), text,
 * or a parsed JSON value. Throws only a coded PkiError (`input-too-complex`).
 */
export function findPrivateKeyMaterial(input: unknown): PrivateKeyDetection | null {
  if (typeof input === 'string' || input instanceof Uint8Array) return scanLeaf(input, 0);
  if (input instanceof ArrayBuffer) return scanBytes(new Uint8Array(input), 0);
  return walkJsonForPrivateKey(input, 0, scanLeaf);
}

/** Throws PkiError `private-key-material`, naming what was found, when `input` holds any. */
export function assertNoPrivateKey(input: unknown): void {
  const found = findPrivateKeyMaterial(input);
  if (found === null) return;
  throw new PkiError(
    'private-key-material',
    `refused: the input contains private key material: ${found.description}. keygate identifies keys by their certificates and never accepts private keys`,
    { detection: found },
  );
}
