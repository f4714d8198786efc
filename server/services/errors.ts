// Errors of the services layer: refusals that are not the rules' own (which carry their module's
// codes). Codes are the contract; the error table (server/errors/table.ts) gives their statuses.
export type ServiceErrorCode =
  // Documents (attachments and evidence).
  | 'document-empty'
  | 'document-too-large'
  | 'document-not-found'
  | 'document-purged'
  // Requests looked up by id.
  | 'request-not-found'
  // A passkey's registration ceremony: a response that does not verify, a stale or foreign ticket.
  | 'passkey-registration-invalid';

export class ServiceError extends Error {
  readonly code: ServiceErrorCode;

  constructor(code: ServiceErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ServiceError';
    this.code = code;
  }
}
