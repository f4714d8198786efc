// Private-key refusal. keygate identifies a key by its public certificate and must never receive
// the key itself: every input (request bodies, queries, paths and headers, uploads, CLI
// arguments and files) goes through assertNoPrivateKey first, and the whole input is refused when
// any key material is found. See private-key-scan.ts for how, and README for what is recognised
// and what cannot be.
import { PkiError } from './errors.ts';
import { rootContext } from './private-key-budget.ts';
import type { ScanContext } from './private-key-budget.ts';
import { parseJsonText, scanJsonValue } from './private-key-json.ts';
import { scanBytes, scanText } from './private-key-scan.ts';
import { atLocation } from './private-key-types.ts';
import { decodeUnicodeText } from './private-key-unicode.ts';
import type { PrivateKeyDetection } from './private-key-types.ts';

export interface ScanOptions {
  /** Where the input came from ("the query string", "header x-note"), prefixed to the location. */
  readonly where?: string;
}

/** Text that is JSON is scanned as a value (its fields named, its escapes undone); other text as text. */
function scanString(text: string): PrivateKeyDetection | null {
  const value = parseJsonText(text);
  return value === undefined || typeof value !== 'object' || value === null ? scanText(text, rootContext(text.length)) : scanJsonValue(value);
}

/** Bytes that are JSON text are scanned as a value too, so a detection names its field. */
export function scanRawBytes(bytes: Uint8Array, ctx: ScanContext = rootContext(bytes.length)): PrivateKeyDetection | null {
  const text = bytes.length > 0 && (bytes[0] === 0x7b || bytes[0] === 0x5b || bytes[0] === 0xef) ? decodeUnicodeText(bytes) : null;
  const value = text === null ? undefined : parseJsonText(text);
  if (value !== undefined && typeof value === 'object' && value !== null) return scanJsonValue(value, ctx);
  return scanBytes(bytes, ctx);
}

function scanInput(input: unknown): PrivateKeyDetection | null {
  if (typeof input === 'string') return scanString(input);
  if (input instanceof Uint8Array) return scanRawBytes(input);
  if (input instanceof ArrayBuffer) return scanRawBytes(new Uint8Array(input));
  return scanJsonValue(input);
}

/**
 * What private key material `input` holds, or null. `input` is bytes (a file, a raw body), text,
 * or a parsed JSON value. Throws only coded PkiErrors: `input-too-complex` when the scan would
 * exceed its bounds, and for archives `document-bomb` or `document-unscannable`.
 */
export function findPrivateKeyMaterial(input: unknown, options: ScanOptions = {}): PrivateKeyDetection | null {
  const found = scanInput(input);
  return found === null || options.where === undefined ? found : atLocation(found, options.where);
}

export function privateKeyError(found: PrivateKeyDetection): PkiError {
  return new PkiError(
    'private-key-material',
    `refused: the input contains private key material: ${found.description}. keygate identifies keys by their certificates and never accepts private keys`,
    { detection: found },
  );
}

/** Throws PkiError `private-key-material`, naming what was found and where, when `input` holds any. */
export function assertNoPrivateKey(input: unknown, options: ScanOptions = {}): void {
  const found = findPrivateKeyMaterial(input, options);
  if (found !== null) throw privateKeyError(found);
}
