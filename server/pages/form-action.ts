// Forms submit to the API's operations. A page turns its form into the parts of the operation the
// API offers for the same action (server/http/routes), and the registry's route runs it: the same
// authorization (PERMISSIONS), the same strict validation, the same handler. The adapters only
// convert fields into the operation's JSON shapes (text, numbers, booleans, lists); they validate
// nothing, and the operation's refusals of a part's shape come back as the form's.
import crypto from 'node:crypto';
import type { Request } from 'express';
import type { Keygate } from '../compose.ts';
import { HttpProblem } from '../errors/http-problem.ts';
import type { OperationId } from '../http/permissions.ts';
import { routeOf } from '../http/routes/index.ts';
import { text } from './form.ts';
import type { FormFields } from './form.ts';

/** The parts of one operation call, as a form gives them. */
export interface OperationParts {
  /** Path parameters taken from the form; the page address's own (same names as the API's) when absent. */
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly contentType?: string;
}

/** What a form adapter has to work with. */
export interface FormSubmission {
  readonly kg: Keygate;
  readonly req: Request;
  readonly form: FormFields;
  /** Building the statements to sign: pasted documents are hashed, not stored (the submission stores them). */
  readonly preview?: boolean;
}

interface Issue {
  readonly path: string;
  readonly message: string;
}

/** "$.terms.window.maxDurationDays: …" as the form's field path, and a missing field said plainly. */
function formIssue({ path, message }: Issue): string {
  const field = path.replace(/^\$\.?/, '') || 'form';
  return `${field}: ${/received undefined$/.test(message) ? 'required' : message}`;
}

/** A refusal of the operation's parts, said in terms of the page: its address or its form. */
function asPageRefusal(err: unknown, paramsFromForm: boolean): unknown {
  if (!(err instanceof HttpProblem)) return err;
  // Path parameters from the page's own address: a bad one is a page that does not exist.
  if (err.code === 'path-invalid' && !paramsFromForm) return new HttpProblem('not-found', 'there is no such record');
  if (err.code !== 'body-invalid' && err.code !== 'query-invalid' && err.code !== 'path-invalid') return err;
  const issues = (err.extensions.errors as readonly Issue[] | undefined) ?? [];
  return new HttpProblem('form-invalid', `the form is not valid — ${issues.length === 0 ? err.message : issues.map(formIssue).join('; ')}`);
}

/** Runs the operation for the page's signed-in caller and returns its result. */
export async function submitOperation(kg: Keygate, req: Request, operationId: OperationId, parts: OperationParts): Promise<unknown> {
  const call = { principal: req.principal, params: parts.params ?? { ...req.params }, query: parts.query ?? {}, body: parts.body, contentType: parts.contentType ?? null };
  try {
    return await routeOf(operationId).invoke(kg, call);
  } catch (err) {
    throw asPageRefusal(err, parts.params !== undefined);
  }
}

/** An optional field: absent when empty, so the operation's schema reports it as missing by name. */
export function opt(form: FormFields, field: string): string | undefined {
  const value = text(form, field);
  return value === '' ? undefined : value;
}

/** A number field as a number when it is one; otherwise as typed, for the schema to refuse. */
export function num(form: FormFields, field: string): number | string | undefined {
  const value = opt(form, field);
  return value !== undefined && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
}

/**
 * The text pasted into `${prefix}Text`, stored as a document through the uploadDocument operation
 * (scanned for private keys there, as every upload is); no document when the text is empty. A
 * preview gives the attachment the upload will give (the SHA-256 of the same bytes) without storing.
 */
export async function pastedDocuments({ kg, req, form, preview }: FormSubmission, prefix: string): Promise<unknown[]> {
  const content = text(form, `${prefix}Text`);
  if (content.length === 0) return [];
  const query = { name: text(form, `${prefix}Name`) };
  if (preview === true) {
    const bytes = Buffer.from(`${content}\n`);
    return [{ sha256: crypto.createHash('sha256').update(bytes).digest('hex'), size: bytes.length, name: query.name }];
  }
  return [await submitOperation(kg, req, 'uploadDocument', { params: {}, query, body: Buffer.from(`${content}\n`), contentType: 'text/plain' })];
}
