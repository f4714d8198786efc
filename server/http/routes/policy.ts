// The PMA's decision policy: versioned data. A new version must be the next number; every
// decision names the version it applied.
import { z } from 'zod';
import { policySchema } from '../../../approvals/index.ts';
import { commandRoute } from './command.ts';
import { defineRoute } from './route.ts';
import type { Route } from './route.ts';

const TAG = 'Policy';

export const POLICY_ROUTES: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/policy',
    operationId: 'listPolicyVersions',
    tag: TAG,
    summary: 'List every policy version; the last is in force',
    response: { status: 200, description: 'policy versions, oldest first', mediaType: 'application/json', schema: z.array(policySchema) },
    handle: ({ kg }) => kg.approvals.policies(),
  }),
  commandRoute({
    method: 'post',
    path: '/policy',
    operationId: 'setPolicy',
    action: 'policy.set',
    tag: TAG,
    summary: 'Set a new policy version (quorum, threshold, casting vote, SSC advice, window limits)',
  }),
];
