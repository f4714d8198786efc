// Forms submit to the API's operations. A page turns its form into the parts of the operation the
// API offers for the same action (server/http/routes), and the registry's route runs it: the same
// authorization (PERMISSIONS), the same strict validation, the same handler. The adapters only
// convert fields into the operation's JSON shapes (text, numbers, booleans, lists); they validate
// nothing, and the operation's refusals of a part's shape come back as the form's.
import crypto from 'node:crypto';
import type { Request } from 'express';
import { PkiError, atLocation, privateKeyError } from '../../pki/index.ts';
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

/** An evidence document's attachment as the upload will give it, without storing it (a statement preview). */
function previewOf(bytes: Buffer, name: string): unknown {
  return { sha256: crypto.createHash('sha256').update(bytes).digest('hex'), size: bytes.length, name };
}

/**
 * A form's evidence documents, in order: the text pasted into `${prefix}Text` (named by
 * `${prefix}Name`; none when the text is empty), then each file picked in `${prefix}Files` (a
 * multipart form's file input). Each is stored through the uploadDocument operation, so it gets
 * the API's limits and is scanned for private keys there, as every upload is; a file that holds
 * a key is refused and nothing of the form is recorded. A preview gives the attachments the
 * uploads will give (the SHA-256 and size of the same bytes) without storing anything.
 */
export async function evidenceDocuments({ kg, req, form, preview }: FormSubmission, prefix: string): Promise<unknown[]> {
  const content = text(form, `${prefix}Text`);
  const pasted = content.length === 0 ? [] : [{ name: text(form, `${prefix}Name`), mediaType: 'text/plain', bytes: Buffer.from(`${content}\n`) }];
  const picked = (req.files ?? []).filter((f) => f.field === `${prefix}Files`);
  const documents = [...pasted, ...picked];
  if (preview === true) {
    // The statement must not cite a file holding a key: scan before anything is shown for signing.
    for (const d of picked) await scanned(kg, d);
    return documents.map((d) => previewOf(d.bytes, d.name));
  }
  const stored: unknown[] = [];
  // One at a time: the scanner takes documents one by one anyway, and a refusal stops the rest.
  for (const d of documents) stored.push(await upload(kg, req, d));
  return stored;
}

/** Scans one picked file without storing it; a refusal for key material names the file. */
async function scanned(kg: Keygate, d: { readonly name: string; readonly bytes: Buffer }): Promise<void> {
  try {
    await kg.approvals.scanDocument(d.bytes);
  } catch (err) {
    if (err instanceof PkiError && err.detection !== undefined) throw privateKeyError(atLocation(err.detection, `the file ${JSON.stringify(d.name)}`));
    throw err;
  }
}

/** Stores one document; a refusal for key material names the file (its name was scanned already). */
async function upload(kg: Keygate, req: Request, d: { readonly name: string; readonly mediaType: string; readonly bytes: Buffer }): Promise<unknown> {
  try {
    return await submitOperation(kg, req, 'uploadDocument', { params: {}, query: { name: d.name }, body: d.bytes, contentType: d.mediaType });
  } catch (err) {
    if (err instanceof PkiError && err.detection !== undefined) throw privateKeyError(atLocation(err.detection, `the file ${JSON.stringify(d.name)}`));
    throw err;
  }
}
