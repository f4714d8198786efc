// DCC Service Providers: the list, registration and status changes (the secretariat's records).
import { z } from 'zod';
import { commandRoute } from './command.ts';
import { defineRoute } from './route.ts';
import type { Route } from './route.ts';
import { name, providerId } from './schemas-common.ts';
import { providerKind, providerSchema, providerStatus } from './schemas-world.ts';

const TAG = 'Providers';
const registration = { providerId, name, kind: providerKind, status: providerStatus };

export const PROVIDER_ROUTES: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/providers',
    operationId: 'listProviders',
    tag: TAG,
    summary: 'List the DCC Service Providers',
    response: { status: 200, description: 'every registered provider, by id', mediaType: 'application/json', schema: z.array(providerSchema) },
    handle: async ({ kg }) => [...(await kg.approvals.world()).providers.values()],
  }),
  commandRoute({
    method: 'post',
    path: '/providers',
    operationId: 'registerProvider',
    tag: TAG,
    summary: 'Register a provider',
    description: 'A prospective provider may receive a key only when the request says the recipient is prospective.',
    body: z.strictObject(registration),
    event: { action: 'provider.registered', data: z.strictObject(registration) },
    command: (actor, { body }) => ({ action: 'provider.registered', actor, data: body }),
  }),
  commandRoute({
    method: 'post',
    path: '/providers/:providerId/status',
    operationId: 'changeProviderStatus',
    tag: TAG,
    summary: "Change a provider's status (current or prospective)",
    params: z.strictObject({ providerId }),
    body: z.strictObject({ status: providerStatus }),
    event: { action: 'provider.status_changed', data: z.strictObject({ providerId, status: providerStatus }) },
    command: (actor, { params, body }) => ({ action: 'provider.status_changed', actor, data: { providerId: params.providerId, status: body.status } }),
  }),
];
