// Log entries: one JSON object per state change, serialized with the RFC 8785 JSON
// Canonicalization Scheme. The canonical bytes are the Merkle leaf; JCS escapes control
// characters, so an entry never contains a raw newline and an export can hold one per line.
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { AuditError } from './errors.ts';

/** Largest canonical entry accepted; large evidence is referenced by SHA-256 instead. */
export const MAX_ENTRY_BYTES = 64 * 1024;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number().refine(Number.isFinite), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const identifier = z.string().min(1).max(256);

export const logEntrySchema = z
  .object({
    time: z.string().regex(ISO_UTC, 'time must be UTC ISO 8601 ending in Z'),
    actor: z.object({ id: identifier, role: identifier }).strict(),
    action: identifier,
    subject: z.object({ type: identifier, id: identifier }).strict(),
    data: z.record(z.string(), jsonValue),
  })
  .strict();

export type LogEntry = z.infer<typeof logEntrySchema>;

/** An entry as a caller gives it; the log stamps `time` from its clock when it is absent. */
export type NewLogEntry = Omit<LogEntry, 'time'> & { time?: string };

/** Validates an entry and returns its canonical bytes (the leaf). */
export function encodeEntry(entry: LogEntry): Buffer {
  const parsed = logEntrySchema.safeParse(entry);
  if (!parsed.success) {
    throw new AuditError('entry-invalid', `log entry is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const bytes = Buffer.from(canonicalize(parsed.data) ?? '', 'utf8');
  if (bytes.length > MAX_ENTRY_BYTES) {
    throw new AuditError('entry-too-large', `log entry is ${bytes.length} bytes; the limit is ${MAX_ENTRY_BYTES}`, {
      evidence: { bytes: bytes.length, limit: MAX_ENTRY_BYTES },
    });
  }
  return bytes;
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
