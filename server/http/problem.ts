// One place maps domain error codes to HTTP statuses, as RFC 9457 problem details.
// Unknown errors become a generic 500 with a correlation id and are logged in full.
import crypto from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ApprovalError } from '../../approvals/index.ts';
import type { ApprovalErrorCode } from '../../approvals/index.ts';
import { AuditError } from '../../audit/errors.ts';
import type { AuditErrorCode } from '../../audit/errors.ts';
import { AuthError } from '../auth/errors.ts';
import type { AuthErrorCode } from '../auth/errors.ts';
import { PkiError } from '../../pki/index.ts';
import type { PkiErrorCode } from '../../pki/index.ts';
import { ServiceError } from '../services/errors.ts';
import type { ServiceErrorCode } from '../services/errors.ts';

/** Members a problem may carry beyond the RFC 9457 ones: evidence, never secrets or echoed input. */
export type ProblemExtensions = Readonly<Record<string, unknown>>;

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extensions: ProblemExtensions = {},
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
  'request-malformed': 400,
  'signature-missing': 422,
  'signature-invalid': 422,
  'key-mismatch': 409,
  'origin-mismatch': 422,
  'size-mismatch': 422,
  'root-mismatch': 422,
  'not-consistent': 422,
  'export-malformed': 422,
  'quorum-not-met': 422,
  'log-inconsistent': 500,
  'log-halted': 503,
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
  'encoded-text': 422,
  'document-bomb': 422,
  'document-unscannable': 422,
  'policy-invalid': 500,
  'anchor-not-ca': 422,
  'anchor-invalid': 422,
  'anchor-exists': 409,
  'anchor-not-found': 404,
};

const AUTH_STATUS: Record<AuthErrorCode, number> = {
  unauthenticated: 401,
  'login-failed': 401,
  forbidden: 403,
  'csrf-invalid': 403,
  'rate-limited': 429,
  'account-not-found': 404,
  'token-not-found': 404,
  'username-taken': 409,
  'fingerprint-taken': 409,
  'account-invalid': 422,
  'account-disabled': 409,
};

const SERVICE_STATUS: Record<ServiceErrorCode, number> = { 'not-found': 404, conflict: 409, rejected: 422 };

// The rules' refusals. Unknown entities are 404; entities or records that already exist, and
// refusals because of the request's current state (a stale revision, a closed request), are 409;
// unusable input is 400; every other rule refusal, separation of duties included, is 422. 403 is
// left to authorization, so a 403 always means "this account may not call this operation".
const APPROVAL_STATUS: Record<ApprovalErrorCode, number> = {
  'command-invalid': 400,
  'event-malformed': 400,
  'revision-hash-mismatch': 400,
  'decision-mismatch': 422,
  'person-unknown': 404,
  'person-exists': 409,
  'provider-unknown': 404,
  'provider-exists': 409,
  'key-unknown': 404,
  'key-exists': 409,
  'appointment-unknown': 404,
  'appointment-exists': 409,
  'request-unknown': 404,
  'request-exists': 409,
  'policy-missing': 422,
  'policy-version-invalid': 409,
  'policy-invalid': 422,
  'membership-exists': 409,
  'membership-unknown': 404,
  'membership-invalid': 422,
  'affiliation-exists': 409,
  'affiliation-unknown': 404,
  'chair-not-appointed': 422,
  'chair-non-objection-missing': 422,
  'chair-appointment-not-started': 422,
  'chair-appointment-terminated': 422,
  'chair-vetting-not-started': 422,
  'chair-clearance-overdue': 422,
  'chair-already-appointed': 409,
  'appointment-terminated': 409,
  'appointment-already-recorded': 409,
  'appointment-date-invalid': 422,
  'actor-role-not-allowed': 422,
  'actor-not-dcc': 422,
  'role-conflict': 422,
  'key-not-transferable': 422,
  'key-not-held-by-source': 422,
  'key-certificate-invalid': 422,
  'provider-not-current': 422,
  'request-same-provider': 422,
  'recipient-prospective-mismatch': 422,
  'window-invalid': 422,
  'window-too-long': 422,
  'window-too-far': 422,
  'window-passed': 422,
  'attachment-too-large': 422,
  'attachment-duplicate': 422,
  'revision-unchanged': 422,
  'revision-stale': 409,
  'state-terminal': 409,
  'transition-refused': 409,
  'request-not-approved': 409,
  'request-already-decided': 409,
  'advice-missing': 422,
  'advice-already-recorded': 409,
  'advice-departure-reason-missing': 422,
  'voter-not-eligible': 422,
  'voter-recused': 422,
  'voter-requester-affiliated': 422,
  'conflict-already-declared': 409,
  'quorum-not-met': 422,
  'casting-vote-not-allowed': 422,
  'casting-vote-required': 422,
  'condition-invalid': 422,
  'execution-outside-window': 422,
  'execution-in-future': 422,
  'conditions-not-met': 422,
  'condition-unknown': 404,
  'condition-already-met': 409,
  'evidence-missing': 422,
  'recipient-key-mismatch': 422,
  'window-not-passed': 422,
};

// Errors of Express's body parsers, by their `type`.
const BODY_PARSER_PROBLEMS: Readonly<Record<string, { status: number; code: string; detail: string }>> = {
  'entity.parse.failed': { status: 400, code: 'body-malformed', detail: 'request body is not valid JSON' },
  'entity.too.large': { status: 413, code: 'body-too-large', detail: 'request body is too large' },
  'entity.verify.failed': { status: 400, code: 'body-malformed', detail: 'request body failed verification' },
  'request.aborted': { status: 400, code: 'body-incomplete', detail: 'the request body was not received in full' },
  'request.size.invalid': { status: 400, code: 'body-incomplete', detail: 'the request body does not match its Content-Length' },
  'encoding.unsupported': { status: 415, code: 'body-encoding-unsupported', detail: 'unsupported Content-Encoding' },
  'charset.unsupported': { status: 415, code: 'body-charset-unsupported', detail: 'unsupported charset' },
  'stream.encoding.set': { status: 500, code: 'internal', detail: 'stream encoding set' },
};

interface KnownProblem {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly extensions?: ProblemExtensions;
}

function statusOf(err: unknown): KnownProblem | null {
  if (err instanceof HttpProblem) return { status: err.status, code: err.code, detail: err.message, extensions: err.extensions };
  if (err instanceof AuditError) return { status: AUDIT_STATUS[err.code], code: err.code, detail: err.message };
  // A private-key refusal's message names what was found and where, from fixed labels only.
  if (err instanceof PkiError) return { status: PKI_STATUS[err.code], code: err.code, detail: err.message };
  if (err instanceof AuthError) return { status: AUTH_STATUS[err.code], code: err.code, detail: err.message };
  if (err instanceof ServiceError) return { status: SERVICE_STATUS[err.code], code: err.reason, detail: err.message };
  if (err instanceof ApprovalError) {
    return { status: APPROVAL_STATUS[err.code], code: err.code, detail: err.message, ...(err.evidence === undefined ? {} : { extensions: { evidence: err.evidence } }) };
  }
  const e = err as { type?: unknown };
  return typeof e.type === 'string' ? (BODY_PARSER_PROBLEMS[e.type] ?? null) : null;
}

export interface ProblemLogger {
  error(obj: object, msg: string): void;
}

export function problemMiddleware(logger: ProblemLogger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = statusOf(err);
    // 503 is an expected state (the log halted after an integrity error), not a fault of ours.
    if (known !== null && (known.status < 500 || known.status === 503)) {
      if (known.status === 401) res.set('WWW-Authenticate', 'Bearer realm="keygate"');
      res.status(known.status).type('application/problem+json').json({
        ...known.extensions,
        type: `urn:keygate:problem:${known.code}`,
        title: known.code,
        status: known.status,
        code: known.code,
        detail: known.detail,
        // The URL is the caller's input: when it held key material it is not echoed back.
        ...(known.code === 'private-key-material' ? {} : { instance: req.originalUrl }),
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
