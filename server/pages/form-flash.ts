// A refused form, carried across one redirect (POST/redirect/GET): the POST that failed answers
// 303 to the form's own page, which shows the refusal next to the form with what was typed, so
// the browser is never left on the POST address (reloading would post again).
//
// What must stay true: a flash belongs to one browser session and is read once; it holds no
// private key material (a field in which the guard found any is dropped, never kept); it lives
// in this process's memory for minutes at most, and a bounded number of them (a flash lost to a
// restart or another instance only costs the user the message: the page shows the form empty).
import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import { sessionIdOf } from '../auth/middleware.ts';
import type { FormFields } from './form.ts';
import type { PageError } from './page-errors.ts';

export interface FormFlash {
  readonly error: PageError;
  readonly values: FormFields;
  /** Fields left out because they held private key material. */
  readonly dropped?: readonly string[];
}

const TTL_MS = 10 * 60_000;
const MAX_FLASHES = 10_000;
const flashes = new Map<string, { readonly flash: FormFlash; readonly page: string; readonly expires: number }>();

/** Keyed by a hash of the session id, so the map never holds a usable session credential. */
function keyOf(req: Request): string | null {
  const session = sessionIdOf(req);
  return req.principal?.via !== 'session' || session === undefined ? null : crypto.createHash('sha256').update(session).digest('base64url');
}

function prune(now: number): void {
  for (const [key, f] of flashes) if (f.expires <= now) flashes.delete(key);
  // Oldest first: Map keeps insertion order.
  while (flashes.size >= MAX_FLASHES) flashes.delete(flashes.keys().next().value as string);
}

/**
 * Keeps the flash for the session and redirects to `page`; false (nothing sent) when the caller
 * has no browser session to keep it for, and must render the refusal itself.
 */
export function redirectWithFlash(req: Request, res: Response, page: string, flash: FormFlash): boolean {
  const key = keyOf(req);
  if (key === null) return false;
  const now = Date.now();
  prune(now);
  flashes.set(key, { flash, page, expires: now + TTL_MS });
  res.redirect(303, `${page}#form-error`);
  return true;
}

/** The session's flash for this page, once; null when there is none (or it expired, or is another page's). */
export function takeFlash(req: Request): FormFlash | null {
  const key = keyOf(req);
  const kept = key === null ? undefined : flashes.get(key);
  if (key === null || kept === undefined || kept.page !== req.baseUrl + req.path) return null;
  flashes.delete(key);
  return kept.expires <= Date.now() ? null : kept.flash;
}

/**
 * The page a form posted to `path` is on, for the forms whose refusals come back as a flash: the
 * new-request form, the amendment form and the request page's forms; null for any other.
 */
export function formPageOf(path: string): string | null {
  if (/^\/ui\/requests\/?$/i.test(path)) return '/ui/requests/new';
  const m = /^\/ui\/requests\/([^/]+)\/([a-z-]+)\/?$/i.exec(path);
  if (m === null) return null;
  return m[2]?.toLowerCase() === 'amendments' ? `/ui/requests/${m[1]}/amend` : `/ui/requests/${m[1]}`;
}
