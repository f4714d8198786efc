// One place maps domain error codes to HTTP statuses, as RFC 9457 problem details.
// Unknown errors become a generic 500 with a correlation id and are logged in full.
import crypto from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AuditError } from '../../audit/errors.ts';
import type { AuditErrorCode } from '../../audit/errors.ts';
import { PkiError } from '../../pki/index.ts';
import type { PkiErrorCode } from '../../pki/index.ts';
import { ServiceError } from '../services/errors.ts';
import type { ServiceErrorCode } from '../services/errors.ts';

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const AUDIT_STATUS: Record<AuditErrorCode, number> = {
  'entry-invalid': 400,
  'entry-too-large': 413,
  'note-malformed': 400,
  'key-malformed': 400,
  'checkpoint-malformed': 400,
  'range-invalid': 400,
  'signature-missing': 422,
  'signature-invalid': 422,
  'key-mismatch': 409,
  'origin-mismatch': 422,
  'size-mismatch': 422,
  'root-mismatch': 422,
  'not-consistent': 422,
  'export-malformed': 422,
  'log-inconsistent': 500,
};

const PKI_STATUS: Record<PkiErrorCode, number> = {
  'input-empty': 400,
  'input-too-large': 413,
  'input-too-complex': 400,
  'not-a-certificate': 400,
  'pem-malformed': 400,
  'certificate-malformed': 400,
  'too-many-certificates': 400,
  'anchor-malformed': 400,
  'invalid-time': 400,
  'private-key-material': 422,
  'policy-invalid': 500,
};

const SERVICE_STATUS: Record<ServiceErrorCode, number> = { 'not-found': 404, conflict: 409, rejected: 422 };

function statusOf(err: unknown): { status: number; code: string; detail: string } | null {
  if (err instanceof HttpProblem) return { status: err.status, code: err.code, detail: err.message };
  if (err instanceof AuditError) return { status: AUDIT_STATUS[err.code], code: err.code, detail: err.message };
  if (err instanceof PkiError) return { status: PKI_STATUS[err.code], code: err.code, detail: err.message };
  if (err instanceof ServiceError) return { status: SERVICE_STATUS[err.code], code: err.reason, detail: err.message };
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed') return { status: 400, code: 'body-malformed', detail: 'request body is not valid JSON' };
  if (e.type === 'entity.too.large') return { status: 413, code: 'body-too-large', detail: 'request body is too large' };
  return null;
}

export interface ProblemLogger {
  error(obj: object, msg: string): void;
}

export function problemMiddleware(logger: ProblemLogger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = statusOf(err);
    if (known !== null && known.status < 500) {
      res.status(known.status).type('application/problem+json').json({
        type: `urn:keygate:problem:${known.code}`,
        title: known.code,
        status: known.status,
        code: known.code,
        detail: known.detail,
        instance: req.originalUrl,
      });
      return;
    }
    const correlationId = crypto.randomUUID();
    logger.error({ err, correlationId, url: req.originalUrl }, 'request failed');
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
  next(new HttpProblem(404, 'not-found', `no route for ${req.method} ${req.path}`));
};
