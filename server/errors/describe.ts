// Any error as what the error table says about it: its module, code, status and title, and the
// message for people. The API (problem details), the pages (error pages and refused forms) and
// the CLI (one line on stderr) all describe errors here; an error this does not know is a bug,
// answered generically and logged in full by each surface.
import { ApprovalError } from '../../approvals/index.ts';
import { NotificationError } from '../../approvals/notifications/index.ts';
import { AuditError } from '../../audit/errors.ts';
import { MerkleError } from '../../audit/merkle-error.ts';
import { WitnessError } from '../../audit/witness.ts';
import { PkiError } from '../../pki/index.ts';
import { AuthError } from '../auth/errors.ts';
import { ConfigError } from '../config.ts';
import { LogKeyError } from '../log-key.ts';
import { ServiceError } from '../services/errors.ts';
import { StorageError } from '../storage/errors.ts';
import { WitnessKeyError } from '../witness/witness-key.ts';
import { HttpProblem } from './http-problem.ts';
import type { HttpProblemCode, ProblemExtensions } from './http-problem.ts';
import type { ErrorRow, ErrorStatus } from './row.ts';
import { ERROR_TABLE } from './table.ts';
import type { ErrorCodeOf, ErrorModule } from './table.ts';

/** Every code of every module. */
export type ErrorCode = { [M in ErrorModule]: ErrorCodeOf<M> }[ErrorModule];

export interface KnownError {
  readonly module: ErrorModule;
  readonly code: ErrorCode;
  readonly status: ErrorStatus;
  readonly title: string;
  /** The message for people: evidence and fixed labels, never secrets. */
  readonly detail: string;
  /** Members beyond the RFC 9457 ones (an approval refusal's evidence, a body's issues). */
  readonly extensions: ProblemExtensions;
}

/** The table's row for a module's code. */
export function errorRow<M extends ErrorModule>(module: M, code: ErrorCodeOf<M>): ErrorRow {
  return (ERROR_TABLE[module] as Readonly<Record<string, ErrorRow>>)[code] as ErrorRow;
}

function known<M extends ErrorModule>(module: M, code: ErrorCodeOf<M>, detail: string, extensions: ProblemExtensions = {}): KnownError {
  const { status, title } = errorRow(module, code);
  // ErrorCodeOf<M> is one module's part of ErrorCode; TypeScript cannot see that for a generic M.
  return { module, code: code as ErrorCode, status, title, detail, extensions };
}

// Errors of Express's body parsers, by their `type`. Their messages are replaced by fixed ones.
const BODY_PARSER_ERRORS: Readonly<Record<string, { readonly code: HttpProblemCode; readonly detail: string }>> = {
  'entity.parse.failed': { code: 'body-malformed', detail: 'request body is not valid JSON' },
  'entity.too.large': { code: 'body-too-large', detail: 'request body is too large' },
  'entity.verify.failed': { code: 'body-malformed', detail: 'request body failed verification' },
  'request.aborted': { code: 'body-incomplete', detail: 'the request body was not received in full' },
  'request.size.invalid': { code: 'body-incomplete', detail: 'the request body does not match its Content-Length' },
  'encoding.unsupported': { code: 'body-encoding-unsupported', detail: 'unsupported Content-Encoding' },
  'charset.unsupported': { code: 'body-charset-unsupported', detail: 'unsupported charset' },
  'stream.encoding.set': { code: 'internal', detail: 'stream encoding set' },
};

function bodyParserError(err: unknown): KnownError | null {
  const type = (err as { type?: unknown } | null)?.type;
  const found = typeof type === 'string' && Object.hasOwn(BODY_PARSER_ERRORS, type) ? BODY_PARSER_ERRORS[type] : undefined;
  return found === undefined ? null : known('http', found.code, found.detail);
}

/** What the error table says about `err`; null for an error no module declares (a bug). */
export function describeError(err: unknown): KnownError | null {
  if (err instanceof NotificationError) return known('notifications', err.code, err.message);
  if (err instanceof ApprovalError) return known('approvals', err.code, err.message, err.evidence === undefined ? {} : { evidence: err.evidence });
  // A private-key refusal's message names what was found and where, from fixed labels only.
  if (err instanceof PkiError) return known('pki', err.code, err.message);
  if (err instanceof AuditError) return known('audit', err.code, err.message);
  if (err instanceof MerkleError) return known('merkle', err.code, err.message);
  if (err instanceof AuthError) return known('auth', err.code, err.message);
  if (err instanceof ServiceError) return known('services', err.code, err.message);
  if (err instanceof StorageError) return known('storage', err.code, err.message);
  if (err instanceof HttpProblem) return known('http', err.code, err.message, err.extensions);
  if (err instanceof WitnessError) return known('witness', err.code, err.message);
  if (err instanceof ConfigError || err instanceof LogKeyError || err instanceof WitnessKeyError) return known('startup', err.code, err.message);
  return bodyParserError(err);
}

/** The status the table gives `code`, whichever module declares it; undefined when none does. */
export function statusOfCode(code: string): ErrorStatus | undefined {
  for (const rows of Object.values(ERROR_TABLE) as Readonly<Record<string, ErrorRow>>[]) {
    if (Object.hasOwn(rows, code)) return rows[code]!.status;
  }
  return undefined;
}
