// A row of the error table: the HTTP status of a code and its title (RFC 9457: a short summary of
// the problem type, the same for every occurrence; the message says what happened this time).

/**
 * The statuses the table uses. 500 means "not the caller's to fix": answered generically and
 * logged in full. 503 is a state the service is in (the log halted after an integrity error, until
 * an operator acts): expected, answered with its code and message like a refusal.
 */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 503;

/** Whether a caller is told the code and message (a refusal, or the service's state), or only "internal error". */
export function isToldToCaller(status: ErrorStatus): boolean {
  return status < 500 || status === 503;
}

export interface ErrorRow {
  readonly status: ErrorStatus;
  readonly title: string;
}
