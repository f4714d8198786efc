// `keygate request submit --attach FILE`: evidence documents uploaded over the API and cited in
// the revision by the SHA-256 and size the server computed, which must be those of the bytes read
// here. Each file is scanned for private key material here first (the same document scan the
// server runs: text in any encoding, archives, PDFs), so a key never leaves the machine; the
// server scans it again before storing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MAX_ATTACHMENT_BYTES } from '../../approvals/index.ts';
import type { Attachment } from '../../approvals/index.ts';
import { atLocation, privateKeyError, scanDocument } from '../../pki/index.ts';
import type { ApiClient } from './api-client.ts';
import { ApiError } from './api-client.ts';
import { UsageError } from './report-error.ts';

interface LocalDocument {
  readonly name: string;
  readonly bytes: Buffer;
  readonly sha256: string;
}

/** Media types by extension for the common evidence formats; anything else is sent as bytes. */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.pdf': 'application/pdf',
  '.json': 'application/json',
  '.csv': 'text/csv',
  '.zip': 'application/zip',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pem': 'application/x-pem-file',
};

function mediaTypeOf(name: string): string {
  return MEDIA_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
}

async function readAttachment(file: string): Promise<LocalDocument> {
  const name = path.basename(file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new UsageError(`--attach: cannot read ${file}`);
  }
  if (bytes.length === 0) throw new UsageError(`--attach: ${file} is empty`);
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw new UsageError(`--attach: ${file} is ${bytes.length} bytes; the limit is ${MAX_ATTACHMENT_BYTES}`);
  const found = await scanDocument(bytes);
  if (found !== null) throw privateKeyError(atLocation(found, `the file ${JSON.stringify(name)}`));
  return { name, bytes, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}

/** Reads and scans every file, in order; throws on the first that cannot be attached. */
export async function readAttachments(files: readonly string[]): Promise<LocalDocument[]> {
  const documents: LocalDocument[] = [];
  for (const file of files) documents.push(await readAttachment(file));
  return documents;
}

/** Uploads each document and returns what the revision cites, checked against the local bytes. */
export async function uploadAttachments(api: ApiClient, documents: readonly LocalDocument[]): Promise<Attachment[]> {
  const cited: Attachment[] = [];
  for (const d of documents) {
    const stored = await api.postBytes<Attachment>(`/documents?name=${encodeURIComponent(d.name)}`, d.bytes, mediaTypeOf(d.name));
    if (stored.sha256 !== d.sha256 || stored.size !== d.bytes.length) {
      throw new ApiError(0, 'attachment-mismatch', `the server stored ${d.name} as ${stored.size} bytes with SHA-256 ${stored.sha256}; the file has ${d.bytes.length} bytes with SHA-256 ${d.sha256}`);
    }
    cited.push(stored);
  }
  return cited;
}

/** The revision with the uploaded documents after the attachments the file already cites. */
export function withAttachments(revision: unknown, uploaded: readonly Attachment[]): unknown {
  if (typeof revision !== 'object' || revision === null || Array.isArray(revision)) throw new UsageError('the request file needs a "revision" object to attach documents to');
  const r = revision as Record<string, unknown>;
  const cited = Array.isArray(r.attachments) ? (r.attachments as unknown[]) : [];
  return { ...r, attachments: [...cited, ...uploaded] };
}
