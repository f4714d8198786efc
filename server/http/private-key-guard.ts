// Every request body is read as bytes, scanned for private key material, and only then parsed.
// Nothing downstream (authentication routes, handlers, the services, the log) ever receives a
// body, a query or a path that holds a key: the request is refused whole with a 422 problem that
// names what was found (from pki's fixed labels) and never the material itself.
//
// Order matters and must stay: read (size-limited) → scan the raw bytes, the query, the path and
// the headers that carry the caller's data → parse (JSON or a urlencoded form) → scan the parsed
// form again (percent-decoding can reveal what the raw text hid) → the routes. Upload bodies are
// the one exception: the document service scans them (once, in a worker thread) before storing.
import querystring from 'node:querystring';
import express from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { assertNoPrivateKey } from '../../pki/index.ts';
import { HttpProblem } from '../errors/http-problem.ts';

/** The largest JSON or form body accepted. Certificates are at most a few KiB; revisions far less. */
export const JSON_BODY_LIMIT = 256 * 1024;

/** A route whose body is taken as raw bytes (an upload) rather than parsed. */
export interface RawBodyRoute {
  readonly method: string;
  /** The full path, without parameters. */
  readonly path: string;
  readonly limit: number;
}

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]*\+)?json$/;
const FORM_TYPE = 'application/x-www-form-urlencoded';

function mediaTypeOf(req: Request): string | null {
  const header = req.headers['content-type'];
  if (header === undefined) return null;
  return header.split(';')[0]!.trim().toLowerCase();
}

/** The charset parameter, when given; JSON and forms are read as UTF-8 only. */
function charsetOf(req: Request): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(req.headers['content-type'] ?? '');
  return match === null ? null : match[1]!.toLowerCase();
}

/** Matched as Express routes match (case-insensitive, trailing slash optional), so no upload route escapes its own limit. */
function isRawRoute(routes: readonly RawBodyRoute[], req: Request): RawBodyRoute | undefined {
  const path = req.path.replace(/\/+$/, '').toLowerCase();
  return routes.find((r) => r.method === req.method && r.path.toLowerCase() === path);
}

/** Reads any body as bytes, with the limit of its route; `req.body` stays undefined without one. */
function readBytes(rawRoutes: readonly RawBodyRoute[]): RequestHandler {
  const small = express.raw({ type: () => true, limit: JSON_BODY_LIMIT });
  const large = new Map(rawRoutes.map((r) => [r, express.raw({ type: () => true, limit: r.limit })]));
  return (req, res, next) => {
    const raw = isRawRoute(rawRoutes, req);
    const reader = raw === undefined ? small : large.get(raw)!;
    reader(req, res, next);
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // the raw segment is still scanned
  }
}

/** Headers whose values are the caller's data and may be stored (an upload's media type). */
const USER_DATA_HEADERS = ['content-type', 'content-disposition'] as const;

/**
 * The scan: throws PkiError private-key-material (422) when anything carries a key. Upload
 * bodies are left to the document service, which scans each once, off the event loop, with the
 * PDF reader (server/services/document-scanner.ts); their query, path and headers are scanned here.
 */
function scanRequest(rawRoutes: readonly RawBodyRoute[]): RequestHandler {
  return (req, _res, next) => {
    if (Buffer.isBuffer(req.body) && isRawRoute(rawRoutes, req) === undefined) assertNoPrivateKey(req.body);
    assertNoPrivateKey(req.query, { where: 'the query string' });
    assertNoPrivateKey(req.path.split('/').map(safeDecode), { where: 'the path' });
    for (const name of USER_DATA_HEADERS) {
      const value = req.headers[name];
      if (value !== undefined) assertNoPrivateKey(value, { where: `header ${name}` });
    }
    next();
  };
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new HttpProblem('body-malformed', 'the request body is not valid JSON');
  }
}

/** Whether the request is under a path prefix, matched as Express routes match (case-insensitive). */
function isUnder(prefix: string, req: Request): boolean {
  const path = req.path.toLowerCase();
  const base = prefix.toLowerCase();
  return path === base || path.startsWith(`${base}/`);
}

/**
 * Refused as 415 naming the one type the API takes (RFC 9110 section 15.5.16: the Accept header
 * says which would have been accepted). A form or a text body under the API would otherwise reach
 * the schemas as an object of strings and be refused for its "unrecognized keys".
 */
function unsupportedMediaType(res: Response, type: string | null): HttpProblem {
  res.setHeader('Accept', 'application/json');
  const sent = type === null ? 'no Content-Type' : `Content-Type ${type}`;
  return new HttpProblem('media-type-unsupported', `this API takes request bodies as application/json (send Content-Type: application/json); the request had ${sent}`);
}

/**
 * Parses JSON and form bodies; other media types are accepted only by raw routes. Under
 * `jsonOnlyUnder` (the API) a form is parsed and scanned like any other, then refused: a key in
 * it is still reported as a key (422) rather than as the wrong media type.
 */
function parseBody(rawRoutes: readonly RawBodyRoute[], jsonOnlyUnder: string | undefined): RequestHandler {
  return (req, res, next) => {
    // An empty body (Content-Length: 0, as clients send on a bodiless POST) is no body.
    if (Buffer.isBuffer(req.body) && req.body.length === 0) req.body = undefined;
    if (!Buffer.isBuffer(req.body) || isRawRoute(rawRoutes, req) !== undefined) {
      next();
      return;
    }
    const type = mediaTypeOf(req);
    const charset = charsetOf(req);
    if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
      throw new HttpProblem('body-charset-unsupported', 'request bodies must be UTF-8');
    }
    if (type !== null && JSON_TYPE.test(type)) {
      req.body = parseJson(req.body);
    } else if (type === FORM_TYPE) {
      // Repeated names become arrays, which the strict schemas refuse: nothing is silently dropped.
      req.body = { ...querystring.parse(req.body.toString('utf8')) };
      assertNoPrivateKey(req.body);
      if (jsonOnlyUnder !== undefined && isUnder(jsonOnlyUnder, req)) throw unsupportedMediaType(res, type);
    } else {
      throw unsupportedMediaType(res, type);
    }
    next();
  };
}

/**
 * The body pipeline for the whole app, to be mounted before any route. `rawRoutes` are the upload
 * routes: their bytes are kept as a Buffer up to their own limit (and scanned like any body).
 * Under `jsonOnlyUnder` (the API's base path) bodies must be JSON; elsewhere (the pages) HTML
 * forms are accepted too.
 */
export function privateKeyGuard(rawRoutes: readonly RawBodyRoute[], options: { readonly jsonOnlyUnder?: string } = {}): RequestHandler[] {
  return [readBytes(rawRoutes), scanRequest(rawRoutes), parseBody(rawRoutes, options.jsonOnlyUnder)];
}
