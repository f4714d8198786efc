// Transfer requests, the DCC's side: list and show, create, amend, submit, withdraw, and record
// execution with the recipient's certificate. The rules decide whether each step is allowed now.
import { z } from 'zod';
import { REQUEST_STATES, currentRevision } from '../../../approvals/index.ts';
import type { RequestState, TransferRequest } from '../../../approvals/index.ts';
import { commandRoute } from './command.ts';
import { approvalActor, defineRoute } from './route.ts';
import type { Route } from './route.ts';
import { attachments, certificateText, isoInstant, requestId, revisionHash, text } from './schemas-common.ts';
import { requestSummarySchema, revisionContent, transferRequestSchema } from './schemas-request.ts';
import { certificateRecordSchema, eventSchema } from './schemas-world.ts';

const TAG = 'Requests';
const onRequest = z.strictObject({ requestId });

const STATE_LIST = new RegExp(`^(?:${REQUEST_STATES.join('|')})(?:,(?:${REQUEST_STATES.join('|')}))*$`);
const statusFilter = z
  .string()
  .regex(STATE_LIST, `a comma-separated list of: ${REQUEST_STATES.join(', ')}`)
  .meta({ description: `only requests in these states, comma-separated (${REQUEST_STATES.join(', ')})` })
  .transform((s) => s.split(',') as RequestState[]);

function summaryOf(r: TransferRequest) {
  const { number, hash, at, content } = currentRevision(r);
  const { keyId, sourceProviderId, targetProviderId, programme, executionWindow } = content;
  return { id: r.id, state: r.state, revision: { number, hash, at }, keyId, sourceProviderId, targetProviderId, programme, executionWindow };
}

const execution = { executedAt: isoInstant, evidence: attachments };

export const REQUEST_ROUTES: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/requests',
    operationId: 'listRequests',
    tag: TAG,
    summary: 'List transfer requests, optionally by state',
    query: z.strictObject({ status: statusFilter.optional() }),
    response: { status: 200, description: 'one summary per request, by id', mediaType: 'application/json', schema: z.array(requestSummarySchema) },
    handle: async ({ query, kg }) => (await kg.approvals.listRequests(query.status === undefined ? {} : { status: query.status })).map(summaryOf),
  }),
  defineRoute({
    method: 'get',
    path: '/requests/:requestId',
    operationId: 'getRequest',
    tag: TAG,
    summary: 'Show a transfer request: revisions, advice, votes, decision, execution',
    params: onRequest,
    response: { status: 200, description: 'the request', mediaType: 'application/json', schema: transferRequestSchema },
    handle: ({ params, kg }) => kg.approvals.getRequest(params.requestId),
  }),
  commandRoute({
    method: 'post',
    path: '/requests',
    operationId: 'createRequest',
    tag: TAG,
    summary: 'Create a transfer request (a draft) with its first revision',
    description: 'Attachments are documents uploaded first (POST /documents), cited by SHA-256.',
    body: z.strictObject({ requestId, revision: revisionContent }),
    event: { action: 'request.created', data: z.strictObject({ requestId, revisionHash, revision: revisionContent }) },
    command: (actor, { body }) => ({ action: 'request.created', actor, data: body }),
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/amendments',
    operationId: 'amendRequest',
    tag: TAG,
    summary: 'Amend a request with a new revision; votes on the old revision become void',
    params: onRequest,
    body: z.strictObject({ revision: revisionContent }),
    event: { action: 'request.amended', data: z.strictObject({ requestId, revisionHash, revision: revisionContent, replaces: revisionHash }) },
    command: (actor, { params, body }) => ({ action: 'request.amended', actor, data: { requestId: params.requestId, revision: body.revision } }),
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/submission',
    operationId: 'submitRequest',
    tag: TAG,
    summary: 'Submit the current revision to the PMA',
    params: onRequest,
    body: z.strictObject({ revisionHash }),
    event: { action: 'request.submitted', data: z.strictObject({ requestId, revisionHash }) },
    command: (actor, { params, body }) => ({ action: 'request.submitted', actor, data: { requestId: params.requestId, revisionHash: body.revisionHash } }),
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/withdrawal',
    operationId: 'withdrawRequest',
    tag: TAG,
    summary: 'Withdraw a request, giving the reason',
    params: onRequest,
    body: z.strictObject({ reason: text }),
    event: { action: 'request.withdrawn', data: z.strictObject({ requestId, reason: text }) },
    command: (actor, { params, body }) => ({ action: 'request.withdrawn', actor, data: { requestId: params.requestId, reason: body.reason } }),
  }),
  defineRoute({
    method: 'post',
    path: '/requests/:requestId/execution',
    operationId: 'recordExecution',
    tag: TAG,
    summary: 'Record that the transfer was executed, with the recipient certificate for the same key',
    description: "The recipient's certificate is validated against the trust anchors and must name the key of the request.",
    params: onRequest,
    body: { mediaType: 'application/json', schema: z.strictObject({ ...execution, recipientCertificate: certificateText }) },
    response: {
      status: 201,
      description: 'the request.executed event, as recorded in the audit log',
      mediaType: 'application/json',
      schema: eventSchema('request.executed', z.strictObject({ requestId, ...execution, recipientCertificate: certificateRecordSchema })),
    },
    handle: ({ params, body, principal, kg }) =>
      kg.approvals.recordExecution(approvalActor(principal), { requestId: params.requestId, executedAt: new Date(body.executedAt), evidence: body.evidence, recipientCertificate: body.recipientCertificate }),
  }),
];
