// The pages' static files (the stylesheet, the page scripts, the API docs' starter script, the OpenAPI viewer's files) and the vendored WebAuthn script. A path the static server refuses (a missing file, a
// traversal such as /ui/static/..%2F..%2Fpackage.json, a malformed escape) is the caller's
// mistake, not the server's: it becomes a plain 404 page, the same for every case so that the
// answer says nothing about what exists outside the folder, and it is not logged as an error.
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { Router } from 'express';
import type { RequestHandler } from 'express';
import { HttpProblem } from '../errors/http-problem.ts';

function isClientError(err: unknown): boolean {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

export function staticFiles(dir: string): RequestHandler {
  const serve = express.static(dir, { index: false, fallthrough: false, maxAge: '1h', dotfiles: 'deny' });
  return (req, res, next) => {
    serve(req, res, (err?: unknown) => {
      if (err === undefined || err === null) return next();
      next(isClientError(err) ? new HttpProblem('not-found', `there is no such file under ${req.baseUrl}`) : err);
    });
  };
}

/** Only the named files of a package's folder (a package ships more than the pages need). */
export function vendorFiles(dir: string, names: readonly string[]): RequestHandler {
  const serve = staticFiles(dir);
  const allowed = new Set(names.map((n) => `/${n}`));
  return (req, res, next) => (allowed.has(req.path) ? serve(req, res, next) : next(new HttpProblem('not-found', `there is no such file under ${req.baseUrl}`)));
}

/**
 * The browser side of WebAuthn, @simplewebauthn/browser's UMD bundle (it defines the global
 * SimpleWebAuthnBrowser), served from the installed package under the pages' own origin: the
 * strict CSP (script-src 'self') allows it, and no third-party host is trusted.
 */
export const WEBAUTHN_BROWSER_SCRIPT = '/vendor/simplewebauthn-browser.js';

function webauthnBundlePath(): string {
  // The package's exports name only its entry points; its root is two folders above the CommonJS one.
  const entry = createRequire(import.meta.url).resolve('@simplewebauthn/browser');
  return path.join(path.dirname(entry), '..', 'dist', 'bundle', 'index.umd.min.js');
}

export function vendorScripts(): Router {
  const router = Router();
  const bundle = webauthnBundlePath();
  router.get(WEBAUTHN_BROWSER_SCRIPT, (_req, res, next) => {
    res.type('text/javascript').sendFile(bundle, { maxAge: '1h' }, (err?: unknown) => {
      if (err !== undefined && err !== null) next(err);
    });
  });
  return router;
}
