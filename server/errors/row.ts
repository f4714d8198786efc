// A row of the error table: the HTTP status of a code and its title (RFC 9457: a short summary of
// the problem type, the same for every occurrence; the message says what happened this time).

/** The statuses the table uses. 5xx means "not the caller's to fix": answered generically, logged. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500;

export interface ErrorRow {
  readonly status: ErrorStatus;
  readonly title: string;
}
