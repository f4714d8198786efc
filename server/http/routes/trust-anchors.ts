// SMKI trust anchors: the CA certificates chains are validated against. Adding and removing one
// is logged by the trust anchor service under the account's log actor.
import { z } from 'zod';
import { referenceSchema } from '../../../approvals/index.ts';
import { certificateFingerprintSchema, certificateRecordSchema } from '../../../pki/index.ts';
import { logActorOf } from '../../auth/actor.ts';
import type { TrustAnchor } from '../../storage/trust-anchor-store.ts';
import { defineRoute } from './route.ts';
import type { Route } from './route.ts';
import { CERTIFICATE_TEXT_PROBLEMS, certificateText } from './schemas-common.ts';
import { trustAnchorSchema } from './schemas-world.ts';

const TAG = 'Trust anchors';

/** The stored anchor as JSON: its DER as base64. */
function toView(anchor: TrustAnchor) {
  const { der, ...rest } = anchor;
  return { ...rest, certificate: der.toString('base64') };
}

export const TRUST_ANCHOR_ROUTES: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/trust-anchors',
    operationId: 'listTrustAnchors',
    tag: TAG,
    summary: 'List the trust anchors',
    query: z.strictObject({ includeRemoved: z.enum(['true', 'false']).optional().meta({ description: 'also list removed anchors' }) }),
    response: { status: 200, description: 'the trust anchors, oldest first', mediaType: 'application/json', schema: z.array(trustAnchorSchema) },
    handle: async ({ query, kg }) => (await kg.trustAnchors.list({ includeRemoved: query.includeRemoved === 'true' })).map(toView),
  }),
  defineRoute({
    method: 'post',
    path: '/trust-anchors',
    operationId: 'addTrustAnchor',
    tag: TAG,
    summary: 'Add an SMKI CA certificate as a trust anchor',
    description: 'The certificate must be a Root, Organisation or Device CA certificate passing the SMKI profile checks.',
    body: { mediaType: 'application/json', schema: z.strictObject({ certificate: certificateText }) },
    problems: [...CERTIFICATE_TEXT_PROBLEMS, 'anchor-not-ca', 'anchor-invalid', 'anchor-exists'],
    response: { status: 201, description: "the anchor's certificate metadata record", mediaType: 'application/json', schema: certificateRecordSchema },
    handle: ({ body, principal, kg }) => kg.trustAnchors.add(logActorOf(principal), body.certificate),
  }),
  defineRoute({
    method: 'post',
    path: '/trust-anchors/:fingerprint/removal',
    operationId: 'removeTrustAnchor',
    tag: TAG,
    summary: 'Remove a trust anchor, giving the reason',
    params: z.strictObject({ fingerprint: certificateFingerprintSchema }),
    body: { mediaType: 'application/json', schema: z.strictObject({ reason: referenceSchema }) },
    problems: ['anchor-not-found'],
    response: { status: 204, description: 'removed; the removal is in the audit log' },
    handle: ({ params, body, principal, kg }) => kg.trustAnchors.remove(logActorOf(principal), params.fingerprint, body.reason),
  }),
];
