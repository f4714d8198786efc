// Errors of the services layer: refusals that are not the rules' own (which carry their
// module's codes). The problem middleware maps codes to HTTP statuses.
export type ServiceErrorCode = 'not-found' | 'conflict' | 'rejected';

export class ServiceError extends Error {
  readonly code: ServiceErrorCode;
  readonly reason: string;

  constructor(code: ServiceErrorCode, reason: string, message: string) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.reason = reason;
  }
}
