// The API's errors as RFC 9457 problem details: status, title and code from the error table
// (server/errors/table.ts), the one place that maps codes to statuses. Unknown errors, and known
// ones the caller cannot fix (500), become a generic 500 with a correlation id and are logged in full.
import crypto from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { findPrivateKeyMaterial } from '../../pki/index.ts';
import { describeError } from '../errors/describe.ts';
import { HttpProblem } from '../errors/http-problem.ts';
import { isToldToCaller } from '../errors/row.ts';

export interface ProblemLogger {
  error(obj: object, msg: string): void;
}

export function problemMiddleware(logger: ProblemLogger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = describeError(err);
    if (known !== null && isToldToCaller(known.status)) {
      if (known.status === 401) res.set('WWW-Authenticate', 'Bearer realm="keygate"');
      res.status(known.status).type('application/problem+json').json({
        ...known.extensions,
        type: `urn:keygate:problem:${known.code}`,
        title: known.title,
        status: known.status,
        code: known.code,
        detail: known.detail,
        // The URL is the caller's input: when it held key material it is not echoed back.
        ...(known.code === 'private-key-material' ? {} : { instance: req.originalUrl }),
      });
      return;
    }
    const correlationId = crypto.randomUUID();
    // The path only, and only once scanned: this can run before the private-key guard has.
    const path = req.originalUrl.split('?')[0]!;
    logger.error({ err, correlationId, path: findPrivateKeyMaterial(path) === null ? path : '(withheld: holds key material)' }, 'request failed');
    res.status(500).type('application/problem+json').json({
      type: 'urn:keygate:problem:internal',
      title: 'internal error',
      status: 500,
      code: known?.code ?? 'internal',
      detail: `internal error; correlation id ${correlationId}`,
      correlationId,
    });
  };
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpProblem('not-found', `no route for ${req.method} ${req.path}`));
};
