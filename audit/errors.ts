// Errors of the audit log. Codes are the contract; messages are for people.
// Integrity errors carry evidence (sizes, hashes), never secrets.

export type AuditErrorCode =
  // Request-level problems: the caller asked for something invalid.
  | 'entry-invalid'
  | 'entry-too-large'
  | 'note-malformed'
  | 'key-malformed'
  | 'checkpoint-malformed'
  | 'range-invalid'
  | 'request-malformed'
  // Verification failures: the material does not verify.
  | 'signature-missing'
  | 'signature-invalid'
  | 'key-mismatch'
  | 'origin-mismatch'
  | 'size-mismatch'
  | 'root-mismatch'
  | 'not-consistent'
  | 'export-malformed'
  | 'quorum-not-met'
  // The stored log may be inconsistent: stop writing.
  | 'log-inconsistent'
  // The log stopped after an integrity error and refuses appends until an operator resumes it.
  | 'log-halted';

export class AuditError extends Error {
  readonly code: AuditErrorCode;
  readonly evidence: Readonly<Record<string, string | number>> | undefined;

  constructor(
    code: AuditErrorCode,
    message: string,
    options: { cause?: unknown; evidence?: Record<string, string | number> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuditError';
    this.code = code;
    this.evidence = options.evidence;
  }
}
