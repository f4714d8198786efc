// Transfer requests, the DCC's side: list and show, create, amend, submit, withdraw, and record
// execution with the recipient's certificate. The rules decide whether each step is allowed now.
import { z } from 'zod';
import { REQUEST_STATES, commandDataSchemaOf, currentRevision, eventSchemaOf, requestIdSchema, revisionContentSchema, revisionSchema, transferRequestSchema } from '../../../approvals/index.ts';
import type { RequestState, TransferRequest } from '../../../approvals/index.ts';
import { commandRoute } from './command.ts';
import { approvalActor, defineRoute } from './route.ts';
import type { Route } from './route.ts';
import { CERTIFICATE_TEXT_PROBLEMS, certificateText } from './schemas-common.ts';

const TAG = 'Requests';
const onRequest = z.strictObject({ requestId: requestIdSchema });

const STATE_LIST = new RegExp(`^(?:${REQUEST_STATES.join('|')})(?:,(?:${REQUEST_STATES.join('|')}))*$`);
const statusFilter = z
  .string()
  .regex(STATE_LIST, `a comma-separated list of: ${REQUEST_STATES.join(', ')}`)
  .meta({ description: `only requests in these states, comma-separated (${REQUEST_STATES.join(', ')})` })
  .transform((s) => s.split(',') as RequestState[]);

const content = revisionContentSchema.shape;

/** One line of the request list: enough to find a request, not its whole history. */
const requestSummarySchema = z.strictObject({
  id: requestIdSchema,
  state: z.enum(REQUEST_STATES),
  revision: revisionSchema.pick({ number: true, hash: true, at: true }),
  keyId: content.keyId,
  sourceProviderId: content.sourceProviderId,
  targetProviderId: content.targetProviderId,
  programme: content.programme,
  executionWindow: content.executionWindow,
});

/** The execution's data with the recipient certificate as text: the service inspects it into the record. */
const executionBody = commandDataSchemaOf('request.executed').omit({ requestId: true }).extend({ recipientCertificate: certificateText });

function summaryOf(r: TransferRequest) {
  const { number, hash, at, content } = currentRevision(r);
  const { keyId, sourceProviderId, targetProviderId, programme, executionWindow } = content;
  return { id: r.id, state: r.state, revision: { number, hash, at }, keyId, sourceProviderId, targetProviderId, programme, executionWindow };
}

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
    problems: ['request-not-found'],
    response: { status: 200, description: 'the request', mediaType: 'application/json', schema: transferRequestSchema },
    handle: ({ params, kg }) => kg.approvals.getRequest(params.requestId),
  }),
  commandRoute({
    method: 'post',
    path: '/requests',
    operationId: 'createRequest',
    action: 'request.created',
    tag: TAG,
    summary: 'Create a transfer request (a draft) with its first revision',
    description: 'Attachments are documents uploaded first (POST /documents), cited by SHA-256.',
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/amendments',
    operationId: 'amendRequest',
    action: 'request.amended',
    tag: TAG,
    summary: 'Amend a request with a new revision; votes on the old revision become void',
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/submission',
    operationId: 'submitRequest',
    action: 'request.submitted',
    tag: TAG,
    summary: 'Submit the current revision to the PMA',
  }),
  commandRoute({
    method: 'post',
    path: '/requests/:requestId/withdrawal',
    operationId: 'withdrawRequest',
    action: 'request.withdrawn',
    tag: TAG,
    summary: 'Withdraw a request, giving the reason',
  }),
  defineRoute({
    method: 'post',
    path: '/requests/:requestId/execution',
    operationId: 'recordExecution',
    tag: TAG,
    summary: 'Record that the transfer was executed, with the recipient certificate for the same key',
    description: "The recipient's certificate is validated against the trust anchors and must name the key of the request.",
    params: onRequest,
    body: { mediaType: 'application/json', schema: executionBody },
    action: 'request.executed',
    problems: CERTIFICATE_TEXT_PROBLEMS,
    response: { status: 201, description: 'the request.executed event, as recorded in the audit log', mediaType: 'application/json', schema: eventSchemaOf('request.executed') },
    handle: ({ params, body, principal, kg }) =>
      kg.approvals.recordExecution(approvalActor(principal), {
        requestId: params.requestId,
        executedAt: new Date(body.executedAt),
        evidence: body.evidence,
        recipientCertificate: body.recipientCertificate,
        ...(body.signature === undefined ? {} : { signature: body.signature }),
      }),
  }),
];
