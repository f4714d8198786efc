// DCC Service Providers: the list, registration and status changes (the secretariat's records).
import { z } from 'zod';
import { serviceProviderSchema } from '../../../approvals/index.ts';
import { commandRoute } from './command.ts';
import { defineRoute } from './route.ts';
import type { Route } from './route.ts';

const TAG = 'Providers';

export const PROVIDER_ROUTES: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/providers',
    operationId: 'listProviders',
    tag: TAG,
    summary: 'List the DCC Service Providers',
    response: { status: 200, description: 'every registered provider, by id', mediaType: 'application/json', schema: z.array(serviceProviderSchema) },
    handle: async ({ kg }) => [...(await kg.approvals.world()).providers.values()],
  }),
  commandRoute({
    method: 'post',
    path: '/providers',
    operationId: 'registerProvider',
    action: 'provider.registered',
    tag: TAG,
    summary: 'Register a provider',
    description: 'A prospective provider may receive a key only when the request says the recipient is prospective.',
  }),
  commandRoute({
    method: 'post',
    path: '/providers/:providerId/status',
    operationId: 'changeProviderStatus',
    action: 'provider.status_changed',
    tag: TAG,
    summary: "Change a provider's status (current or prospective)",
  }),
];
