// Walks a JSON value (parsed request body, or JSON text) for private keys: a JWK with a private
// member, or any string (values and property names alike) holding key material. Iterative, with
// a visited set, so deep or cyclic values cannot exhaust the stack or loop.
import { PkiError } from './errors.ts';
import { JWK_PRIVATE_MEMBERS } from './private-key-jwk.ts';
import { atLocation, detection } from './private-key-types.ts';
import type { PrivateKeyDetection } from './private-key-types.ts';

/** Nodes visited before the value is refused as too complex to scan. */
export const MAX_JSON_NODES = 1_000_000;

/** Scans one string or byte buffer found inside the value. */
type LeafScanner = (leaf: string | Uint8Array, depth: number) => PrivateKeyDetection | null;

function jwkPrivateMember(obj: Record<string, unknown>): string | null {
  if (typeof obj['kty'] !== 'string') return null;
  return JWK_PRIVATE_MEMBERS.find((m) => Object.hasOwn(obj, m) && obj[m] !== undefined && obj[m] !== null) ?? null;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]{0,31}$/;

/** JSONPath-like location. Property names that could themselves be material are not echoed. */
function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[…]`;
}

interface Pending {
  readonly value: unknown;
  readonly path: string;
}

function visitObject(obj: object, path: string, depth: number, scan: LeafScanner, stack: Pending[]): PrivateKeyDetection | null {
  if (Array.isArray(obj)) {
    obj.forEach((v: unknown, n) => stack.push({ value: v, path: childPath(path, n) }));
    return null;
  }
  const record = obj as Record<string, unknown>;
  const member = jwkPrivateMember(record);
  if (member !== null) return atLocation(detection('jwk', 'json', member), path);
  for (const [key, v] of Object.entries(record)) {
    const inKey = scan(key, depth);
    if (inKey !== null) return atLocation(inKey, `${path} (a property name)`);
    stack.push({ value: v, path: childPath(path, key) });
  }
  return null;
}

/** `depth` counts nested encodings already unwrapped (JSON inside a string, base64 of PEM). */
export function walkJsonForPrivateKey(root: unknown, depth: number, scan: LeafScanner): PrivateKeyDetection | null {
  const stack: Pending[] = [{ value: root, path: '$' }];
  const visited = new Set<object>();
  let nodes = 0;
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (++nodes > MAX_JSON_NODES) throw new PkiError('input-too-complex', `JSON value has more than ${MAX_JSON_NODES} nodes`);
    if (typeof value === 'string' || value instanceof Uint8Array) {
      const found = scan(value, depth);
      if (found !== null) return found.location === null ? atLocation(found, path) : atLocation(found, `${path} → ${found.location}`);
    } else if (typeof value === 'object' && value !== null && !visited.has(value)) {
      visited.add(value);
      const found = visitObject(value, path, depth, scan, stack);
      if (found !== null) return found;
    }
  }
  return null;
}
