// Every request body is read as bytes, scanned for private key material, and only then parsed.
// Nothing downstream (authentication routes, handlers, the services, the log) ever receives a
// body, a query or a path that holds a key: the request is refused whole with a 422 problem that
// names what was found (from pki's fixed labels) and never the material itself.
//
// Order matters and must stay: read (size-limited) → scan the raw bytes, the query, the path and
// the headers that carry the caller's data → parse (JSON or a urlencoded form) → scan the parsed
// form again (percent-decoding can reveal what the raw text hid) → the routes. Upload bodies are
// the one exception: the document service scans them (once, in a worker thread) before storing.
// So are the files of a page's multipart form (an evidence file picker): its text fields are
// scanned here once parsed, its files (and their names and types) go to the document service
// through the upload operation, which scans each before anything cites it.
import querystring from 'node:querystring';
import express from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { MAX_ATTACHMENT_BYTES } from '../../approvals/index.ts';
import { assertNoPrivateKey } from '../../pki/index.ts';
import { HttpProblem } from '../errors/http-problem.ts';

/** The largest JSON or form body accepted. Certificates are at most a few KiB; revisions far less. */
export const JSON_BODY_LIMIT = 256 * 1024;

/**
 * The largest multipart form a page takes: the files together at most one document's limit (each
 * is checked against it again when stored), plus the form's text fields.
 */
export const MULTIPART_BODY_LIMIT = MAX_ATTACHMENT_BYTES + JSON_BODY_LIMIT;

/** A file sent with a page's multipart form, not yet scanned: only the upload operation stores it. */
export interface FormFile {
  /** The form field it came in. */
  readonly field: string;
  readonly name: string;
  readonly mediaType: string;
  readonly bytes: Buffer;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The files of a multipart form under the pages; undefined for any other body. */
    files?: readonly FormFile[];
  }
}

/** A route whose body is taken as raw bytes (an upload) rather than parsed. */
export interface RawBodyRoute {
  readonly method: string;
  /** The full path, without parameters. */
  readonly path: string;
  readonly limit: number;
}

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]*\+)?json$/;
const FORM_TYPE = 'application/x-www-form-urlencoded';
const MULTIPART_TYPE = 'multipart/form-data';

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

interface GuardOptions {
  /** The API's base path: bodies under it must be JSON. */
  readonly jsonOnlyUnder?: string;
  /** The pages' base path: signed-in people may send multipart forms with files under it. */
  readonly multipartUnder?: string;
}

/**
 * A multipart form with files, taken only from a signed-in person's page session: an anonymous
 * caller (or one with an API token) never gets more than the small limit.
 */
function isPageMultipart(req: Request, options: GuardOptions): boolean {
  return options.multipartUnder !== undefined && mediaTypeOf(req) === MULTIPART_TYPE && isUnder(options.multipartUnder, req) && req.principal?.via === 'session';
}

/** Reads any body as bytes, with the limit of its route; `req.body` stays undefined without one. */
function readBytes(rawRoutes: readonly RawBodyRoute[], options: GuardOptions): RequestHandler {
  const small = express.raw({ type: () => true, limit: JSON_BODY_LIMIT });
  const multipart = express.raw({ type: () => true, limit: MULTIPART_BODY_LIMIT });
  const large = new Map(rawRoutes.map((r) => [r, express.raw({ type: () => true, limit: r.limit })]));
  return (req, res, next) => {
    const raw = isRawRoute(rawRoutes, req);
    const reader = raw !== undefined ? large.get(raw)! : isPageMultipart(req, options) ? multipart : small;
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
function scanRequest(rawRoutes: readonly RawBodyRoute[], options: GuardOptions): RequestHandler {
  return (req, _res, next) => {
    // A page's multipart form: its fields are scanned once parsed, its files by the document service.
    if (Buffer.isBuffer(req.body) && isRawRoute(rawRoutes, req) === undefined && !isPageMultipart(req, options)) assertNoPrivateKey(req.body);
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

/** Adds a field as querystring.parse would: a repeated name becomes an array (which the forms refuse). */
function addField(fields: Record<string, string | string[]>, name: string, value: string): void {
  const had = fields[name];
  fields[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
}

/**
 * A page's multipart form: text fields into `req.body` (then scanned, as a urlencoded form is),
 * files into `req.files`, with their names and media types scanned here (they become a stored
 * document's name and type) and their bytes left to the document service. Parsed by the
 * platform's own reader (undici's FormData, as fetch uses), from bytes already size-limited.
 */
async function parseMultipart(req: Request, bytes: Buffer): Promise<void> {
  let data: FormData;
  try {
    data = await new Response(bytes, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
  } catch {
    throw new HttpProblem('form-invalid', 'the form is not valid multipart/form-data');
  }
  const fields: Record<string, string | string[]> = {};
  const files: FormFile[] = [];
  for (const [field, value] of data.entries()) {
    if (typeof value === 'string') {
      addField(fields, field, value);
      continue;
    }
    // A file input left empty still sends a part: no name, no bytes.
    if (value.name === '' && value.size === 0) continue;
    const file = { field, name: value.name, mediaType: value.type === '' ? 'application/octet-stream' : value.type, bytes: Buffer.from(await value.arrayBuffer()) };
    assertNoPrivateKey({ name: file.name, mediaType: file.mediaType }, { where: `file ${field}` });
    files.push(file);
  }
  assertNoPrivateKey(fields);
  req.body = fields;
  req.files = files;
}

/**
 * Parses JSON and form bodies; other media types are accepted only by raw routes. Under
 * `jsonOnlyUnder` (the API) a form is parsed and scanned like any other, then refused: a key in
 * it is still reported as a key (422) rather than as the wrong media type.
 */
function parseBody(rawRoutes: readonly RawBodyRoute[], options: GuardOptions): RequestHandler {
  const { jsonOnlyUnder } = options;
  return async (req, res, next) => {
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
    if (isPageMultipart(req, options)) {
      await parseMultipart(req, req.body);
    } else if (type !== null && JSON_TYPE.test(type)) {
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
 * The body pipeline for the whole app, to be mounted after authentication and before any route.
 * `rawRoutes` are the upload routes: their bytes are kept as a Buffer up to their own limit (and
 * scanned by the document service). Under `jsonOnlyUnder` (the API's base path) bodies must be
 * JSON; elsewhere HTML forms are accepted too, and under `multipartUnder` (the pages) a signed-in
 * person's multipart forms with files.
 */
export function privateKeyGuard(rawRoutes: readonly RawBodyRoute[], options: GuardOptions = {}): RequestHandler[] {
  return [readBytes(rawRoutes, options), scanRequest(rawRoutes, options), parseBody(rawRoutes, options)];
}
