// Scanning a JSON value (a parsed request body or form, JSON text inside a string) for private
// keys. Its string fields are scanned one after the other as one text, in document order, so a
// key split across two fields ("rationale", then "mechanism.description") is found; the field or
// fields are then named. Objects are checked for JWK shape, arrays of small integers are read as
// byte lists, and strings holding JSON are parsed and scanned as values one layer deeper.
// Iterative, with a visited set, so deep or cyclic values cannot exhaust the stack or loop.
import { PkiError } from './errors.ts';
import { deeper, rootContext } from './private-key-budget.ts';
import type { ScanContext } from './private-key-budget.ts';
import { MIN_LIST_BYTES } from './private-key-byte-list.ts';
import { jwkPrivateMember } from './private-key-jwk.ts';
import { scanBytes, scanDecoded, scanText } from './private-key-scan.ts';
import { atLocation, detection, through } from './private-key-types.ts';
import type { PrivateKeyDetection } from './private-key-types.ts';

/** Nodes visited before the value is refused as too complex to scan. */
export const MAX_JSON_NODES = 1_000_000;
/** Adjacent fields tried together when naming where a split key was found. */
const MAX_SPAN = 8;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]{0,31}$/;

/** JSONPath-like location. Property names that could themselves be material are not echoed. */
function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[…]`;
}

interface Leaf<T> {
  readonly path: string;
  readonly value: T;
}

/** What a walk collects before anything is decoded. */
interface Collected {
  readonly strings: Leaf<string>[];
  readonly names: string[];
  readonly bytes: Leaf<Uint8Array>[];
  readonly byteLists: Leaf<Uint8Array>[];
  jwk: PrivateKeyDetection | null;
  size: number;
}

function isByteList(a: readonly unknown[]): boolean {
  return a.length >= MIN_LIST_BYTES && a.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255);
}

function visitObject(obj: object, path: string, out: Collected, stack: Leaf<unknown>[]): void {
  if (Array.isArray(obj)) {
    if (isByteList(obj)) out.byteLists.push({ path, value: Uint8Array.from(obj as number[]) });
    for (let n = obj.length - 1; n >= 0; n--) stack.push({ path: childPath(path, n), value: obj[n] as unknown });
    return;
  }
  const record = obj as Record<string, unknown>;
  const member = jwkPrivateMember(record);
  if (member !== null) out.jwk ??= atLocation(detection('jwk', 'json', member), path);
  const keys = Object.keys(record);
  for (const key of keys) {
    out.names.push(key);
    out.size += key.length;
  }
  for (let n = keys.length - 1; n >= 0; n--) stack.push({ path: childPath(path, keys[n]!), value: record[keys[n]!] });
}

/** Pre-order walk: leaves in document order. */
function collect(root: unknown): Collected {
  const out: Collected = { strings: [], names: [], bytes: [], byteLists: [], jwk: null, size: 0 };
  const stack: Leaf<unknown>[] = [{ path: '$', value: root }];
  const visited = new Set<object>();
  let nodes = 0;
  while (stack.length > 0 && out.jwk === null) {
    const { value, path } = stack.pop()!;
    if (++nodes > MAX_JSON_NODES) throw new PkiError('input-too-complex', `JSON value has more than ${MAX_JSON_NODES} nodes`);
    if (typeof value === 'string') {
      out.strings.push({ path, value });
      out.size += value.length;
    } else if (value instanceof Uint8Array) {
      out.bytes.push({ path, value });
      out.size += value.length;
    } else if (typeof value === 'object' && value !== null && !visited.has(value)) {
      visited.add(value);
      visitObject(value, path, out, stack);
    }
  }
  return out;
}

function looksLikeJson(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('{') || t.startsWith('[') || t.startsWith('"');
}

/** The JSON value of `text`, or undefined when it is not JSON. */
export function parseJsonText(text: string): unknown {
  if (!looksLikeJson(text)) return undefined;
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw new PkiError('input-too-complex', 'JSON input could not be scanned', { cause: err }); // fail closed
  }
}

/** Names the field, or the shortest run of adjacent fields, holding what the whole text held. */
function locate(strings: readonly Leaf<string>[], found: PrivateKeyDetection): PrivateKeyDetection {
  const ctx = rootContext(strings.reduce((n, s) => n + s.value.length, 0) * MAX_SPAN);
  try {
    for (let span = 1; span <= Math.min(MAX_SPAN, strings.length); span++) {
      for (let i = 0; i + span <= strings.length; i++) {
        const part = strings.slice(i, i + span);
        const inPart = scanText(part.map((s) => s.value).join(''), ctx);
        if (inPart !== null) return atLocation(inPart, span === 1 ? part[0]!.path : `${part[0]!.path} … ${part.at(-1)!.path} (split across ${span} fields)`);
      }
    }
  } catch (err) {
    if (!(err instanceof PkiError) || err.code !== 'input-too-complex') throw err;
  }
  return atLocation(found, 'the string fields taken together');
}

function scanStrings(strings: readonly Leaf<string>[], ctx: ScanContext): PrivateKeyDetection | null {
  if (strings.length === 0) return null;
  const found = scanText(strings.map((s) => s.value).join(''), ctx);
  return found === null ? null : strings.length === 1 ? atLocation(found, strings[0]!.path) : locate(strings, found);
}

/** Strings that hold JSON, scanned as values: a JWK inside a string is an object, not text. */
function scanNestedJson(strings: readonly Leaf<string>[], ctx: ScanContext): PrivateKeyDetection | null {
  for (const s of strings) {
    const inner = parseJsonText(s.value);
    if (inner === undefined || typeof inner !== 'object' || inner === null) continue;
    const found = scanCollected(collect(inner), deeper(ctx));
    if (found !== null) return atLocation(found, s.path);
  }
  return null;
}

function scanCollected(c: Collected, ctx: ScanContext): PrivateKeyDetection | null {
  if (c.jwk !== null) return c.jwk;
  for (const b of c.bytes) {
    const found = scanBytes(b.value, ctx);
    if (found !== null) return atLocation(found, b.path);
  }
  for (const b of c.byteLists) {
    const found = scanDecoded(b.value, deeper(ctx));
    if (found !== null) return atLocation(through(found, 'byte-list'), b.path);
  }
  const names = c.names.length === 0 ? null : scanText(c.names.join(''), ctx);
  if (names !== null) return atLocation(names, '(the property names)');
  return scanNestedJson(c.strings, ctx) ?? scanStrings(c.strings, ctx);
}

/** Scans a parsed JSON value; `ctx` when it is a layer inside something already being scanned. */
export function scanJsonValue(value: unknown, ctx?: ScanContext): PrivateKeyDetection | null {
  const c = collect(value);
  return scanCollected(c, ctx ?? rootContext(c.size));
}
