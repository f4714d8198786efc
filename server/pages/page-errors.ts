// Errors as pages. Under /ui a refusal is a readable HTML page (or the form again, with the
// message), never a problem+json document. Status, title and code come from the error table
// (server/errors/table.ts), the same as the API's; messages come from the domain errors, which
// carry evidence and fixed labels, never secrets. A private-key refusal names what was found,
// never the material, and the material was neither stored nor logged (the guard refused the
// request before any handler ran). Errors the user cannot fix (unknown ones, and the table's
// 500s) go on to the app's problem middleware, the one place that logs them with a correlation id.
import querystring from 'node:querystring';
import type { ErrorRequestHandler, Request, Response } from 'express';
import { assertNoPrivateKey } from '../../pki/index.ts';
import { csrfTokenOfRequest } from '../auth/middleware.ts';
import { safeEqual } from '../auth/secrets.ts';
import { CSRF_FIELD, csrfChecked } from './csrf.ts';
import { formPageOf, redirectWithFlash } from './form-flash.ts';
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

/** The fields of a refused urlencoded form as sent, whether the guard refused it before or after parsing. */
function sentFields(req: Request): Record<string, unknown> {
  if (Buffer.isBuffer(req.body)) return req.is('application/x-www-form-urlencoded') === false ? {} : { ...querystring.parse(req.body.toString('utf8')) };
  return typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
}

function holdsKey(value: string): boolean {
  try {
    assertNoPrivateKey(value);
    return false;
  } catch {
    // Any failure of the scan counts as holding a key: the field is dropped, never kept.
    return true;
  }
}

/**
 * A form refused for private key material, sent back to its page with everything else that was
 * typed (POST/redirect/GET): every field in which the scan finds key material is dropped, so the
 * flash never holds any. Only for a browser session whose form carried its CSRF token (the guard
 * refused the form before the CSRF check ran), and only for the forms that read a flash.
 */
function keepRefusedForm(req: Request, res: Response, error: PageError): boolean {
  const page = req.method === 'POST' ? formPageOf(req.baseUrl + req.path) : null;
  const expected = csrfTokenOfRequest(req);
  const fields = sentFields(req);
  const token = fields[CSRF_FIELD];
  // The guard refuses before formCsrf runs (the token is still in the form); a handler's refusal
  // (a picked file holding a key) comes after formCsrf checked and removed it.
  const checked = csrfChecked(res) || (expected !== null && typeof token === 'string' && safeEqual(token, expected));
  if (page === null || !checked) return false;
  const values: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (name === CSRF_FIELD || typeof value !== 'string' || holdsKey(name)) continue;
    if (holdsKey(value)) dropped.push(name);
    else values[name] = value;
  }
  // Picked files are never kept (nor could a page pick them again): the person chooses them anew.
  for (const file of req.files ?? []) if (!dropped.includes(file.field)) dropped.push(file.field);
  return redirectWithFlash(req, res, page, { error, values, dropped });
}

export const pageErrors: ErrorRequestHandler = (err, req, res, next) => {
  const known = pageErrorOf(err);
  if (known === null) return next(err);
  if (known.code === 'private-key-material' && keepRefusedForm(req, res, known)) return;
  if (known.code === 'unauthenticated' && req.method === 'GET') {
    // Back to this page after signing in (the login route checks the address is one of ours).
    const here = req.originalUrl;
    res.redirect(303, here === '/ui' || here === '/ui/' ? '/ui/login' : `/ui/login?next=${encodeURIComponent(here)}`);
    return;
  }
  render(req, res, 'error.njk', { error: known }, known.status);
};
