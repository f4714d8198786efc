// The log's fatal stop. When the log reports an integrity error ('log-inconsistent') it halts:
// every append is refused ('log-halted') until an operator has checked the log and resumed it.
// Halts and resumptions are meta rows, insert-only like the rest of the log's tables, so the
// history of stops stays, and every process sharing the database sees the halt in force.
//   halt/000001          { at, code, message, evidence }   the first halt
//   halt/000001/resumed  { at, by, reason }                  its resumption
import { AuditError } from './errors.ts';

export const HALT_META_PREFIX = 'halt/';
const RESUMED_SUFFIX = '/resumed';
const SEQUENCE_DIGITS = 6;

export interface LogHalt {
  /** 1 for the log's first halt; 0 for a halt this process could not record in the database. */
  readonly sequence: number;
  readonly at: string;
  /** The integrity error that stopped the log. */
  readonly code: string;
  readonly message: string;
  readonly evidence: Readonly<Record<string, string | number>> | null;
}

export interface LogResumption {
  readonly at: string;
  readonly by: string;
  readonly reason: string;
}

export function haltOf(cause: AuditError, at: Date): LogHalt {
  return { sequence: 0, at: at.toISOString(), code: cause.code, message: cause.message, evidence: cause.evidence ?? null };
}

/** The refusal every writer gets while the log is halted. */
export function haltedError(halt: LogHalt): AuditError {
  return new AuditError(
    'log-halted',
    `the log is read-only since ${halt.at} after an integrity error (${halt.code}: ${halt.message}); an operator must check the log and resume it`,
    { evidence: { haltedAt: halt.at, cause: halt.code } },
  );
}

function sequenceKey(sequence: number): string {
  return `${HALT_META_PREFIX}${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

/** The meta row recording `halt` as the log's halt number `sequence`. */
export function haltRow(halt: LogHalt, sequence: number): { key: string; value: string } {
  const { at, code, message, evidence } = halt;
  return { key: sequenceKey(sequence), value: JSON.stringify({ at, code, message, evidence }) };
}

export function resumptionRow(halt: LogHalt, resumption: LogResumption): { key: string; value: string } {
  return { key: `${sequenceKey(halt.sequence)}${RESUMED_SUFFIX}`, value: JSON.stringify(resumption) };
}

/**
 * The halt in force, from every meta row under HALT_META_PREFIX: the last halt unless it was
 * resumed. `next` is the sequence number the next halt takes.
 */
export function haltInForce(rows: readonly { key: string; value: string }[]): { halt: LogHalt | null; next: number } {
  const halts = new Map<number, LogHalt>();
  const resumed = new Set<number>();
  for (const { key, value } of rows) {
    const rest = key.slice(HALT_META_PREFIX.length);
    const sequence = Number.parseInt(rest.slice(0, SEQUENCE_DIGITS), 10);
    if (!Number.isSafeInteger(sequence) || sequence < 1) throw new AuditError('log-inconsistent', `unreadable halt record ${key}`);
    if (rest.endsWith(RESUMED_SUFFIX)) resumed.add(sequence);
    else halts.set(sequence, { sequence, ...parseHaltValue(key, value) });
  }
  const last = Math.max(0, ...halts.keys());
  return { halt: last === 0 || resumed.has(last) ? null : halts.get(last)!, next: last + 1 };
}

function parseHaltValue(key: string, value: string): Omit<LogHalt, 'sequence'> {
  try {
    const v = JSON.parse(value) as Omit<LogHalt, 'sequence'>;
    if (typeof v.at === 'string' && typeof v.code === 'string' && typeof v.message === 'string') return { at: v.at, code: v.code, message: v.message, evidence: v.evidence ?? null };
  } catch {
    // Reported below: a halt record that cannot be read still halts the log.
  }
  return { at: 'unknown', code: 'log-inconsistent', message: `halt record ${key} is unreadable`, evidence: null };
}
