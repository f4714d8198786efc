// Errors as pages. Under /ui a refusal is a readable HTML page (or the form again, with the
// message), never a problem+json document. Status, title and code come from the error table
// (server/errors/table.ts), the same as the API's; messages come from the domain errors, which
// carry evidence and fixed labels, never secrets. A private-key refusal names what was found,
// never the material, and the material was neither stored nor logged (the guard refused the
// request before any handler ran). Errors the user cannot fix (unknown ones, and the table's
// 500s) go on to the app's problem middleware, the one place that logs them with a correlation id.
import type { ErrorRequestHandler } from 'express';
import { describeError } from '../errors/describe.ts';
import type { ErrorCode } from '../errors/describe.ts';
import { isToldToCaller } from '../errors/row.ts';
import type { ErrorModule } from '../errors/table.ts';
import { render } from './render.ts';

export interface PageError {
  readonly status: number;
  readonly code: ErrorCode;
  readonly title: string;
  readonly message: string;
  /** Which part of the service refused, where the title alone does not say. */
  readonly refusedBy?: string;
}

const REFUSED_BY: Partial<Record<ErrorModule, string>> = {
  approvals: 'Refused by the approval rules',
  pki: 'Refused by the certificate checks',
  audit: 'Refused by the audit log',
  services: 'Refused',
};

const PRIVATE_KEY_ADVICE = 'Nothing you sent was stored or logged. This service only ever takes public certificates and evidence documents: remove the private key and send the form again.';

/** A known refusal as something to show; null for an error that is not the user's to fix. */
export function pageErrorOf(err: unknown): PageError | null {
  const known = describeError(err);
  if (known === null || !isToldToCaller(known.status)) return null;
  const message = known.code === 'private-key-material' ? `${known.detail}. ${PRIVATE_KEY_ADVICE}` : known.detail;
  const refusedBy = REFUSED_BY[known.module];
  return { status: known.status, code: known.code, title: known.title, message, ...(refusedBy === undefined ? {} : { refusedBy }) };
}

export const pageErrors: ErrorRequestHandler = (err, req, res, next) => {
  const known = pageErrorOf(err);
  if (known === null) return next(err);
  if (known.code === 'unauthenticated' && req.method === 'GET') {
    // Back to this page after signing in (the login route checks the address is one of ours).
    const here = req.originalUrl;
    res.redirect(303, here === '/ui' || here === '/ui/' ? '/ui/login' : `/ui/login?next=${encodeURIComponent(here)}`);
    return;
  }
  render(req, res, 'error.njk', { error: known }, known.status);
};
