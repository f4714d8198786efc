// Evidence documents, addressed by SHA-256: upload raw bytes (scanned for private keys once, by
// the service, in its worker thread; the guard scans the query, path and headers), download by
// hash. The first upload of some bytes is logged (`document.stored`, with its size): every
// citation must name a stored document with that size, and replay checks it from the log.
import type { Response } from 'express';
import { z } from 'zod';
import { MAX_ATTACHMENT_BYTES, attachmentSchema, documentHashSchema, nameSchema, referenceSchema } from '../../../approvals/index.ts';
import { logActorOf } from '../../auth/actor.ts';
import { HttpProblem } from '../../errors/http-problem.ts';
import { approvalActor, defineRoute } from './route.ts';
import type { Route } from './route.ts';

const TAG = 'Documents';
export const UPLOAD_PATH = '/documents';

const uploadBody = z.custom<Buffer>((v) => Buffer.isBuffer(v), 'send the document as the raw request body');
/** type/subtype with optional parameters (RFC 9110 8.3.1), kept as given. */
const MEDIA_TYPE = /^[A-Za-z0-9!#$&^_.+-]{1,64}\/[A-Za-z0-9!#$&^_.+-]{1,64}(?:\s*;\s*[A-Za-z0-9!#$&^_.+-]+=(?:[A-Za-z0-9!#$&^_.+-]+|"[^"\\\r\n]*"))*$/;

function parseMediaType(contentType: string | null): string {
  if (contentType === null || contentType.length > 200 || !MEDIA_TYPE.test(contentType)) {
    throw new HttpProblem('media-type-invalid', "send the document's media type as Content-Type (type/subtype)");
  }
  return contentType;
}

interface Download {
  readonly content: Buffer;
  readonly name: string;
  readonly mediaType: string;
}

/**
 * Documents are served as attachments, sandboxed and never sniffed: an uploaded HTML page must
 * not run in keygate's origin.
 */
function sendDownload(res: Response, doc: Download): void {
  res.attachment(doc.name);
  res.set({ 'Content-Type': doc.mediaType, 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; sandbox" });
  res.status(200).send(doc.content);
}

export const DOCUMENT_ROUTES: readonly Route[] = [
  defineRoute({
    method: 'post',
    path: UPLOAD_PATH,
    operationId: 'uploadDocument',
    tag: TAG,
    summary: 'Store an evidence document; cite it by the SHA-256 returned',
    description: `The body is the document's bytes (at most ${MAX_ATTACHMENT_BYTES} bytes), its Content-Type the media type, and ?name= its file name. Private key material anywhere in it refuses the whole upload.`,
    query: z.strictObject({ name: nameSchema }),
    body: { mediaType: 'application/octet-stream', schema: uploadBody, limit: MAX_ATTACHMENT_BYTES },
    problems: ['document-empty', 'document-too-large'],
    response: { status: 201, description: 'the attachment to cite', mediaType: 'application/json', schema: attachmentSchema },
    handle: ({ query, body, contentType, principal, kg }) =>
      kg.approvals.storeDocument(approvalActor(principal), { content: body, name: query.name, mediaType: parseMediaType(contentType) }),
  }),
  defineRoute({
    method: 'get',
    path: '/documents/:sha256',
    operationId: 'downloadDocument',
    tag: TAG,
    summary: 'Download a stored document by its SHA-256',
    params: z.strictObject({ sha256: documentHashSchema }),
    problems: ['document-not-found', 'document-purged'],
    response: { status: 200, description: 'the bytes, as an attachment with the media type given at upload', mediaType: 'application/octet-stream' },
    handle: async ({ params, kg }): Promise<Download> => {
      const { doc, content } = await kg.approvals.downloadDocument(params.sha256);
      return { content, name: doc.name, mediaType: doc.mediaType };
    },
    render: sendDownload,
  }),
  defineRoute({
    method: 'post',
    path: '/documents/:sha256/purge',
    operationId: 'purgeDocument',
    tag: TAG,
    summary: "Remove a stored document's content for good, giving the reason",
    description: 'The content is overwritten and the storage compacted; the row, its hash and the log entries citing it stay. Downloads then answer 410 Gone with the reason. The purge is in the audit log.',
    params: z.strictObject({ sha256: documentHashSchema }),
    body: { mediaType: 'application/json', schema: z.strictObject({ reason: referenceSchema }) },
    problems: ['document-not-found', 'document-purged'],
    response: { status: 204, description: 'purged; the purge is in the audit log' },
    handle: async ({ params, body, principal, kg }) => {
      await kg.approvals.purgeDocument(logActorOf(principal), params.sha256, body.reason);
    },
  }),
];
