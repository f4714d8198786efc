// With `--json`, a command that fails prints its error as JSON on standard output too, so a
// script reading stdout gets an answer it can parse instead of nothing. The exit code is the
// same as without --json (2 for a usage error, 1 otherwise).

export interface JsonError {
  readonly ok: false;
  readonly error: { readonly code: string; readonly message: string };
}

/** The stable code of an error: `usage` for wrong command-line use, else the error's own code. */
function codeOf(err: unknown): string {
  const e = (err ?? {}) as { code?: unknown; reason?: unknown };
  if (typeof e.code === 'string' && e.code.startsWith('commander.')) return 'usage';
  if (typeof e.reason === 'string') return e.reason;
  return typeof e.code === 'string' ? e.code : 'unexpected';
}

export function jsonErrorOf(err: unknown): JsonError {
  const message = err instanceof Error ? err.message.replace(/^error: /, '') : String(err);
  return { ok: false, error: { code: codeOf(err), message } };
}
