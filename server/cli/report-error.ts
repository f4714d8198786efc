// The CLI's one error reporter. Every module's error is known through the error table
// (server/errors/describe.ts) and printed as one line, `keygate: CODE: message`; so are the
// server's refusals relayed by the API client, wrong command-line use and files the system cannot
// open. Only an error nobody declared (a bug) gets a stack trace.

import { describeError } from '../errors/describe.ts';
import { ApiError } from './api-client.ts';

/** Wrong command-line use or input the user must fix: exit code 2. */
export class UsageError extends Error {
  readonly code = 'usage';
}

export interface ExitCodes {
  /** Wrong use of the command (UsageError). */
  readonly usage: number;
  /** An error with a code: a refusal, unusable input, a server's problem, a file that cannot be opened. */
  readonly known: number;
  /** An error nobody declared: a bug. */
  readonly unexpected: number;
}

const EXIT_CODES: ExitCodes = { usage: 2, known: 1, unexpected: 1 };

function isSystemError(err: unknown): err is NodeJS.ErrnoException {
  const e = err as NodeJS.ErrnoException | null;
  return e instanceof Error && typeof e.code === 'string' && typeof e.syscall === 'string';
}

/** One line for what the user can act on; the line and the exit code kind. */
function lineOf(err: unknown): { line: string; kind: keyof ExitCodes } {
  if (err instanceof UsageError) return { line: err.message, kind: 'usage' };
  const known = describeError(err);
  if (known !== null) return { line: `${known.code}: ${known.detail}`, kind: 'known' };
  if (err instanceof ApiError) return { line: `${err.code}: ${err.message}`, kind: 'known' };
  if (isSystemError(err)) return { line: err.message, kind: 'known' };
  return { line: `unexpected error\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, kind: 'unexpected' };
}

/** Writes the error to `stderr`; returns the exit code. */
export function reportError(err: unknown, stderr: NodeJS.WritableStream = process.stderr, exits: Partial<ExitCodes> = {}): number {
  const { line, kind } = lineOf(err);
  stderr.write(`keygate: ${line}\n`);
  return { ...EXIT_CODES, ...exits }[kind];
}
