// The audit log's read-only routes. Their handlers live in log-routes.ts and keep their paths and
// JSON exactly; this file documents them and puts authorization in front of them from the same
// PERMISSIONS table as every other route.
import { Router } from 'express';
import { z } from 'zod';
import { countSchema as count } from '../../../approvals/index.ts';
import { logEntrySchema } from '../../../audit/entry.ts';
import { allow } from '../../auth/middleware.ts';
import { PERMISSIONS } from '../permissions.ts';
import type { RouteDoc } from './route.ts';

const TAG = 'Audit log';
const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json';
const hash = z.string().meta({ description: 'SHA-256, standard padded base64' });

const entriesSchema = z.strictObject({
  start: count,
  end: count,
  treeSize: count,
  entries: z.array(z.strictObject({ index: count, leaf: z.string().meta({ description: 'the exact canonical JSON (RFC 8785) of the leaf' }), entry: logEntrySchema })),
});

export const LOG_ROUTE_DOCS: readonly RouteDoc[] = [
  {
    method: 'get',
    path: '/log/checkpoint',
    operationId: 'getLogCheckpoint',
    tag: TAG,
    summary: 'The latest signed checkpoint (C2SP tlog-checkpoint, signed note)',
    response: { status: 200, description: 'the signed note', mediaType: TEXT },
  },
  {
    method: 'get',
    path: '/log/key',
    operationId: 'getLogKey',
    tag: TAG,
    summary: "The log's verifier key",
    response: { status: 200, description: 'name+hash+base64(0x01 || Ed25519 public key)', mediaType: TEXT },
  },
  {
    method: 'get',
    path: '/log/entries',
    operationId: 'listLogEntries',
    tag: TAG,
    summary: 'A page of log entries (at most 1,000), with their exact leaf bytes',
    query: z.strictObject({ start: count.optional(), end: count.optional() }),
    problems: ['range-invalid'],
    response: { status: 200, description: 'entries start..end-1', mediaType: JSON_TYPE, schema: entriesSchema },
  },
  {
    method: 'get',
    path: '/log/proof/inclusion',
    operationId: 'getInclusionProof',
    tag: TAG,
    summary: 'Inclusion proof of one entry (RFC 9162 2.1.3)',
    query: z.strictObject({ index: count, size: count.optional() }),
    problems: ['range-invalid'],
    response: {
      status: 200,
      description: 'the proof, hashes in RFC 9162 order',
      mediaType: JSON_TYPE,
      schema: z.strictObject({ index: count, treeSize: count, leafHash: hash, root: hash, hashes: z.array(hash) }),
    },
  },
  {
    method: 'get',
    path: '/log/proof/consistency',
    operationId: 'getConsistencyProof',
    tag: TAG,
    summary: 'Consistency proof between two tree sizes (RFC 9162 2.1.4)',
    query: z.strictObject({ old: count, size: count.optional() }),
    problems: ['range-invalid'],
    response: {
      status: 200,
      description: 'the proof, hashes in RFC 9162 order',
      mediaType: JSON_TYPE,
      schema: z.strictObject({ oldSize: count, oldRoot: hash, treeSize: count, root: hash, hashes: z.array(hash) }),
    },
  },
];

/** Authorization for the log routes, mounted at /api/v1 in front of log-routes.ts. */
export function logRouteGuards(): Router {
  const router = Router();
  for (const doc of LOG_ROUTE_DOCS) router[doc.method](doc.path, allow(PERMISSIONS[doc.operationId]));
  return router;
}
