// Keys, known by their certificates: the register, registration by certificate upload, and
// inspection of a certificate without registering it. The key itself never reaches keygate.
import { z } from 'zod';
import { commandDataSchemaOf, eventSchemaOf, registeredKeySchema } from '../../../approvals/index.ts';
import { certificateRecordSchema } from '../../../pki/index.ts';
import { approvalActor, defineRoute } from './route.ts';
import type { Route } from './route.ts';
import { CERTIFICATE_TEXT_PROBLEMS, certificateText } from './schemas-common.ts';

const TAG = 'Keys';

export const KEY_ROUTES: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/keys',
    operationId: 'listKeys',
    tag: TAG,
    summary: 'List the registered keys and who holds each',
    response: { status: 200, description: 'every registered key, by SPKI SHA-256', mediaType: 'application/json', schema: z.array(registeredKeySchema) },
    handle: async ({ kg }) => [...(await kg.approvals.world()).keys.values()],
  }),
  defineRoute({
    method: 'post',
    path: '/keys',
    operationId: 'registerKey',
    tag: TAG,
    summary: "Register a key by its holder's certificate",
    description:
      'The certificate is validated against the trust anchors now; the rules refuse keys that are not transferable or whose certificate is not valid. The key id is the SHA-256 of its SubjectPublicKeyInfo.',
    // The command's data, with the certificate as text: the service inspects it into the record.
    body: { mediaType: 'application/json', schema: commandDataSchemaOf('key.registered').extend({ certificate: certificateText }) },
    action: 'key.registered',
    problems: CERTIFICATE_TEXT_PROBLEMS,
    response: { status: 201, description: 'the key.registered event, as recorded in the audit log', mediaType: 'application/json', schema: eventSchemaOf('key.registered') },
    handle: ({ body, principal, kg }) => kg.approvals.registerKey(approvalActor(principal), body.holderId, body.certificate),
  }),
  defineRoute({
    method: 'post',
    path: '/certificates/inspect',
    operationId: 'inspectCertificate',
    tag: TAG,
    summary: 'Inspect a certificate without registering anything',
    body: { mediaType: 'application/json', schema: z.strictObject({ certificate: certificateText }) },
    problems: CERTIFICATE_TEXT_PROBLEMS,
    response: { status: 200, description: 'the certificate metadata record, judged against the trust anchors now', mediaType: 'application/json', schema: certificateRecordSchema },
    handle: ({ body, kg }) => kg.approvals.inspect(body.certificate),
  }),
];
