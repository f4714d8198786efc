// Personal signing credentials: a person enrols their own (never an admin for somebody else:
// the rules refuse it, and the operation is not open to admins), revokes their own, and an admin
// may revoke anybody's. Everyone signed in may list a person's credentials and fingerprints.
import { z } from 'zod';
import { enrolledCredentialSchema, personIdSchema } from '../../../approvals/index.ts';
import { commandRoute } from './command.ts';
import { defineRoute } from './route.ts';
import type { Route } from './route.ts';

const TAG = 'Credentials';

export const CREDENTIAL_ROUTES: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/roster/people/:personId/credentials',
    operationId: 'listCredentials',
    tag: TAG,
    summary: "List a person's signing credentials with their fingerprints, revoked ones included",
    params: z.strictObject({ personId: personIdSchema }),
    response: { status: 200, description: 'the credentials, by id', mediaType: 'application/json', schema: z.array(enrolledCredentialSchema) },
    handle: ({ params, kg }) => kg.approvals.credentials(params.personId),
  }),
  commandRoute({
    method: 'post',
    path: '/roster/people/:personId/credentials',
    operationId: 'enrolCredential',
    action: 'credential.enrolled',
    tag: TAG,
    summary: 'Enrol one of your own signing credentials (an Ed25519 key or a passkey)',
    description:
      'signature: the enrolment statement signed by the new credential (proof of possession). approval: the same statement signed by a credential you already hold, required for every credential after the first.',
  }),
  commandRoute({
    method: 'post',
    path: '/roster/people/:personId/credentials/:credentialId/revocation',
    operationId: 'revokeCredential',
    action: 'credential.revoked',
    tag: TAG,
    summary: 'Revoke a signing credential (your own, or as an admin anybody’s)',
  }),
];
