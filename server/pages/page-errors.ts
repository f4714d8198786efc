// Errors as pages. Under /ui a refusal is a readable HTML page (or the form again, with the
// message), never a problem+json document. Messages come from the domain errors, which carry
// evidence and fixed labels, never secrets; a private-key refusal names what was found, never
// the material, and the material was neither stored nor logged (the guard refused the request
// before any handler ran). Unknown errors go on to the app's problem middleware, the one place
// that logs them with a correlation id.
import type { ErrorRequestHandler } from 'express';
import { ApprovalError } from '../../approvals/index.ts';
import { AuditError } from '../../audit/errors.ts';
import { PkiError } from '../../pki/index.ts';
import { AuthError } from '../auth/errors.ts';
import { HttpProblem } from '../http/problem.ts';
import { ServiceError } from '../services/errors.ts';
import { render } from './render.ts';

export interface PageError {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly message: string;
}

/** Trust-anchor refusals: the statuses the API gives them. */
const ANCHOR_STATUS: Partial<Record<string, number>> = { 'anchor-not-ca': 422, 'anchor-invalid': 422, 'anchor-exists': 409, 'anchor-not-found': 404 };

const CONFLICT_CODES = new Set(['revision-stale', 'state-terminal', 'transition-refused', 'request-not-approved', 'request-already-decided']);

function approvalStatus(code: string): number {
  if (code.endsWith('-unknown')) return 404;
  if (code.endsWith('-exists') || CONFLICT_CODES.has(code)) return 409;
  if (code === 'command-invalid' || code === 'event-malformed') return 400;
  return 422;
}

function authError(err: AuthError): PageError {
  switch (err.code) {
    case 'forbidden':
      return { status: 403, code: err.code, title: 'Not allowed for your role', message: err.message };
    case 'csrf-invalid':
      return { status: 403, code: err.code, title: 'Form expired', message: err.message };
    case 'unauthenticated':
    case 'login-failed':
      return { status: 401, code: err.code, title: 'Sign-in needed', message: err.message };
    case 'rate-limited':
      return { status: 429, code: err.code, title: 'Too many attempts', message: err.message };
    default:
      return { status: 422, code: err.code, title: 'Refused', message: err.message };
  }
}

/** A known refusal as something to show; null for an error that is not the user's to fix. */
export function describeError(err: unknown): PageError | null {
  if (err instanceof PkiError) {
    if (err.code === 'private-key-material') {
      return { status: 422, code: err.code, title: 'Private key material refused', message: `${err.message}. Nothing you sent was stored or logged. This service only ever takes public certificates and evidence documents: remove the private key and send the form again.` };
    }
    if (err.code in ANCHOR_STATUS) return { status: ANCHOR_STATUS[err.code]!, code: err.code, title: 'Refused', message: err.message };
    return err.code === 'policy-invalid' ? null : { status: 400, code: err.code, title: 'Unusable certificate input', message: err.message };
  }
  if (err instanceof ApprovalError) return { status: approvalStatus(err.code), code: err.code, title: 'Refused by the approval rules', message: err.message };
  if (err instanceof ServiceError) return { status: err.code === 'not-found' ? 404 : err.code === 'conflict' ? 409 : 422, code: err.reason, title: 'Refused', message: err.message };
  if (err instanceof AuthError) return authError(err);
  if (err instanceof HttpProblem) return err.status >= 500 ? null : { status: err.status, code: err.code, title: err.status === 404 ? 'Not found' : 'Cannot do that', message: err.message };
  if (err instanceof AuditError) {
    if (err.code === 'log-halted') return { status: 503, code: err.code, title: 'The log is read-only', message: err.message };
    return err.code === 'log-inconsistent' ? null : { status: 400, code: err.code, title: 'Log request refused', message: err.message };
  }
  const e = err as { type?: unknown };
  if (e.type === 'entity.too.large') return { status: 413, code: 'body-too-large', title: 'Too large', message: 'the form is too large' };
  return null;
}

export const pageErrors: ErrorRequestHandler = (err, req, res, next) => {
  const known = describeError(err);
  if (known === null) return next(err);
  if (known.code === 'unauthenticated' && req.method === 'GET') {
    res.redirect(303, '/ui/login');
    return;
  }
  render(req, res, 'error.njk', { error: known }, known.status);
};
