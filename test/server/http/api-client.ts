// A test client driven by the route registry: operations are called by operationId, and every
// answer is checked against the OpenAPI registry's schemas (the documented success status and
// body, or an RFC 9457 problem). A response that does not match its documentation fails the test
// that received it, whatever that test is about.
import { expect } from 'chai';
import type { OperationDoc } from '../../../server/http/openapi.ts';
import { API_BASE } from '../../../server/http/openapi.ts';
import { DOCUMENTED_OPERATIONS } from '../../../server/http/routes/index.ts';
import { problemSchema } from '../../../server/http/routes/schemas-common.ts';

export interface Caller {
  readonly headers: Readonly<Record<string, string>>;
}

export const ANONYMOUS: Caller = { headers: {} };

export interface CallInput {
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  /** A JSON value, sent as application/json. */
  readonly body?: unknown;
  /** Bytes sent as they are, with this Content-Type. */
  readonly raw?: { readonly content: Buffer | string; readonly contentType: string };
}

export interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  /** The parsed JSON body, or undefined for other content. */
  readonly json: unknown;
  readonly headers: Headers;
}

export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
}

export function operation(operationId: string): OperationDoc {
  const op = DOCUMENTED_OPERATIONS.find((o) => o.operationId === operationId);
  if (op === undefined) throw new Error(`no documented operation ${operationId}`);
  return op;
}

export function urlPath(op: OperationDoc, params: Readonly<Record<string, string>> = {}): string {
  return API_BASE + op.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${op.operationId} needs path parameter ${name}`);
    // A wildcard parameter (a tile index such as 000.p/5) spans path segments: encode each.
    return value.split('/').map(encodeURIComponent).join('/');
  });
}

function requestInit(op: OperationDoc, caller: Caller, input: CallInput): RequestInit {
  const headers: Record<string, string> = { ...caller.headers };
  let body: string | Uint8Array | undefined;
  if (input.raw !== undefined) {
    headers['content-type'] = input.raw.contentType;
    body = typeof input.raw.content === 'string' ? input.raw.content : new Uint8Array(input.raw.content);
  } else if (input.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(input.body);
  }
  return { method: op.method.toUpperCase(), headers, ...(body === undefined ? {} : { body }) };
}

/** Checks an answer against the operation's documentation; throws on a mismatch. */
export function checkDocumented(op: OperationDoc, reply: Reply): void {
  if (reply.status >= 400) {
    expect(reply.contentType, `${op.operationId} ${reply.status}: problem media type`).to.match(/^application\/problem\+json/);
    problemSchema.parse(reply.json);
    return;
  }
  expect(reply.status, `${op.operationId}: documented success status (${reply.text.slice(0, 300)})`).to.equal(op.response.status);
  // Downloads are documented as bytes and served with the media type given at upload.
  const documented = op.response.mediaType?.split(';')[0];
  if (documented !== undefined && documented !== 'application/octet-stream') expect(reply.contentType.split(';')[0], `${op.operationId}: media type`).to.equal(documented);
  if (op.response.schema === undefined) return;
  const parsed = op.response.schema.safeParse(reply.json);
  if (!parsed.success) throw new Error(`${op.operationId}: the response does not match its documented schema: ${JSON.stringify(parsed.error.issues.slice(0, 5))}`);
}

export class Api {
  /**
   * @param succeeded collects the operations whose documented success answer was received and
   * checked; tests share one to check that every operation was covered.
   */
  constructor(
    readonly baseUrl: string,
    readonly succeeded: Set<string> = new Set(),
  ) {}

  async call(operationId: string, caller: Caller, input: CallInput = {}): Promise<Reply> {
    const op = operation(operationId);
    const query = input.query === undefined ? '' : `?${new URLSearchParams(input.query as Record<string, string>).toString()}`;
    const res = await fetch(`${this.baseUrl}${urlPath(op, input.params)}${query}`, requestInit(op, caller, input));
    const text = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    const json: unknown = /json/.test(contentType) && text.length > 0 ? JSON.parse(text) : undefined;
    const reply: Reply = { status: res.status, contentType, text, json, headers: res.headers };
    checkDocumented(op, reply);
    if (reply.status < 400) this.succeeded.add(operationId);
    return reply;
  }

  /** Calls and expects the documented success; returns the JSON body. */
  async ok<T = Record<string, unknown>>(operationId: string, caller: Caller, input: CallInput = {}): Promise<T> {
    const reply = await this.call(operationId, caller, input);
    if (reply.status >= 400) expect.fail(`${operationId} answered ${reply.status}: ${reply.text}`);
    return reply.json as T;
  }

  /** Calls and expects a problem; returns it. */
  async problem(operationId: string, caller: Caller, input: CallInput = {}): Promise<Problem> {
    const reply = await this.call(operationId, caller, input);
    if (reply.status < 400) expect.fail(`${operationId} succeeded (${reply.status}) but a refusal was expected`);
    return reply.json as Problem;
  }
}
