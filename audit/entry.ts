// Log entries: one JSON object per state change, serialized with the RFC 8785 JSON
// Canonicalization Scheme. The canonical bytes are the Merkle leaf; JCS escapes control
// characters, so an entry never contains a raw newline and an export can hold one per line.
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { AuditError } from './errors.ts';

/**
 * Largest canonical entry accepted; large evidence is referenced by SHA-256 instead. C2SP
 * tlog-tiles entry bundles prefix each entry with a big-endian uint16 length, hence 65,535.
 */
export const MAX_ENTRY_BYTES = 0xffff;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Any JSON value; numbers must be finite. */
export const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number().refine(Number.isFinite), z.boolean(), z.null(), z.array(jsonValueSchema), z.record(z.string(), jsonValueSchema)]),
);

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const identifier = z.string().min(1).max(256);

export const logEntrySchema = z
  .object({
    time: z.string().regex(ISO_UTC, 'time must be UTC ISO 8601 ending in Z'),
    actor: z.object({ id: identifier, role: identifier }).strict(),
    action: identifier,
    subject: z.object({ type: identifier, id: identifier }).strict(),
    data: z.record(z.string(), jsonValueSchema),
  })
  .strict();

export type LogEntry = z.infer<typeof logEntrySchema>;

/** An entry as a caller gives it; the log stamps `time` from its clock when it is absent. */
export type NewLogEntry = Omit<LogEntry, 'time'> & { time?: string };

const MAX_IDENTIFIER = 256;
const MAX_DEPTH = 64;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The first path in `v` that is not a JSON value, or null. Undefined, NaN, Dates and class instances are refused, never dropped or converted. */
function jsonProblem(v: unknown, path: string, depth: number): string | null {
  if (depth > MAX_DEPTH) return `${path}: nested too deeply`;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(v) ? null : `${path}: not a finite number`;
    case 'object': {
      if (v === null) return null;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const p = jsonProblem(v[i], `${path}.${i}`, depth + 1);
          if (p !== null) return p;
        }
        return null;
      }
      if (!isPlainObject(v)) return `${path}: not a plain object`;
      for (const key of Object.keys(v)) {
        const p = jsonProblem(v[key], `${path}.${key}`, depth + 1);
        if (p !== null) return p;
      }
      return null;
    }
    default:
      return `${path}: not a JSON value`;
  }
}

function identifierProblem(v: unknown, path: string): string | null {
  return typeof v === 'string' && v.length >= 1 && v.length <= MAX_IDENTIFIER ? null : `${path}: must be a string of 1 to ${MAX_IDENTIFIER} characters`;
}

function pairProblem(v: unknown, path: string, keys: readonly [string, string]): string | null {
  if (!isPlainObject(v)) return `${path}: must be an object`;
  const extra = Object.keys(v).find((k) => !keys.includes(k));
  if (extra !== undefined) return `${path}.${extra}: unknown member`;
  return identifierProblem(v[keys[0]], `${path}.${keys[0]}`) ?? identifierProblem(v[keys[1]], `${path}.${keys[1]}`);
}

const ENTRY_KEYS = ['time', 'actor', 'action', 'subject', 'data'];

/**
 * The write path's check of an entry, equivalent to logEntrySchema (a test holds them to the
 * same verdicts) and several times faster: every state change passes through it.
 */
export function entryProblem(entry: unknown): string | null {
  if (!isPlainObject(entry)) return 'the entry must be an object';
  const extra = Object.keys(entry).find((k) => !ENTRY_KEYS.includes(k));
  if (extra !== undefined) return `${extra}: unknown member`;
  if (typeof entry.time !== 'string' || !ISO_UTC.test(entry.time)) return 'time: must be UTC ISO 8601 ending in Z';
  if (!isPlainObject(entry.data)) return 'data: must be an object';
  return (
    pairProblem(entry.actor, 'actor', ['id', 'role']) ??
    identifierProblem(entry.action, 'action') ??
    pairProblem(entry.subject, 'subject', ['type', 'id']) ??
    jsonProblem(entry.data, 'data', 0)
  );
}

/** Validates an entry and returns its canonical bytes (the leaf). */
export function encodeEntry(entry: LogEntry): Buffer {
  const problem = entryProblem(entry);
  if (problem !== null) throw new AuditError('entry-invalid', `log entry is invalid: ${problem}`);
  let text: string | undefined;
  try {
    text = canonicalize(entry);
  } catch (cause) {
    // RFC 8785 refuses strings with lone surrogates, which JSON cannot carry portably.
    throw new AuditError('entry-invalid', 'log entry cannot be canonicalized', { cause });
  }
  const bytes = Buffer.from(text ?? '', 'utf8');
  if (bytes.length > MAX_ENTRY_BYTES) {
    throw new AuditError('entry-too-large', `log entry is ${bytes.length} bytes; the limit is ${MAX_ENTRY_BYTES}`, {
      evidence: { bytes: bytes.length, limit: MAX_ENTRY_BYTES },
    });
  }
  return bytes;
}

/**
 * An entry checked and canonicalized once, by encodeLogEntry. The log appends `bytes` as they
 * are: whoever decides a change encodes its entry, and nothing downstream builds, checks or
 * canonicalizes it again. Only encodeLogEntry makes one (the log refuses look-alikes).
 */
export interface EncodedEntry {
  readonly entry: LogEntry;
  /** The canonical bytes: the leaf. */
  readonly bytes: Buffer;
}

const encodedEntries = new WeakSet<EncodedEntry>();

/** Checks and canonicalizes `entry` (as encodeEntry) into an EncodedEntry. */
export function encodeLogEntry(entry: LogEntry): EncodedEntry {
  const encoded: EncodedEntry = Object.freeze({ entry, bytes: encodeEntry(entry) });
  encodedEntries.add(encoded);
  return encoded;
}

/** True only for values made by encodeLogEntry. */
export function isEncodedEntry(value: unknown): value is EncodedEntry {
  return typeof value === 'object' && value !== null && encodedEntries.has(value as EncodedEntry);
}

/** Parses leaf bytes back into an entry; they must be exactly the canonical form. */
export function parseEntry(bytes: Uint8Array): LogEntry {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (cause) {
    throw new AuditError('entry-invalid', 'log entry is not JSON', { cause });
  }
  const parsed = logEntrySchema.safeParse(value);
  if (!parsed.success) throw new AuditError('entry-invalid', 'log entry does not match the entry schema');
  if (!Buffer.from(canonicalize(parsed.data) ?? '', 'utf8').equals(Buffer.from(bytes))) {
    throw new AuditError('entry-invalid', 'log entry is not in RFC 8785 canonical form');
  }
  return parsed.data;
}
