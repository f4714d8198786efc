// Refusals of the HTTP edge itself (the API and the pages): bodies, queries, paths and forms that
// cannot be read, and things that do not exist. The domain's refusals carry their own module's
// codes; these are the rest. Statuses and titles come from the error table (table.ts).

export type HttpProblemCode =
  // The body as bytes: Express's body parsers and the private-key guard.
  | 'body-malformed'
  | 'body-too-large'
  | 'body-incomplete'
  | 'body-encoding-unsupported'
  | 'body-charset-unsupported'
  | 'media-type-unsupported'
  | 'media-type-invalid'
  // A part of the request that does not fit the operation's schema.
  | 'body-invalid'
  | 'query-invalid'
  | 'path-invalid'
  | 'form-invalid'
  | 'range-invalid'
  // Nothing there.
  | 'not-found'
  | 'request-not-found'
  | 'checkpoint-not-found'
  // A body-parser failure that is ours, not the caller's.
  | 'internal';

/** Members a problem may carry beyond the RFC 9457 ones: evidence, never secrets or echoed input. */
export type ProblemExtensions = Readonly<Record<string, unknown>>;

export class HttpProblem extends Error {
  readonly code: HttpProblemCode;
  readonly extensions: ProblemExtensions;

  constructor(code: HttpProblemCode, message: string, extensions: ProblemExtensions = {}) {
    super(message);
    this.name = 'HttpProblem';
    this.code = code;
    this.extensions = extensions;
  }
}
