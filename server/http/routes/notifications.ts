// Notifications over the API: each person's address, preferences and local mailbox; the admin's
// outbox (pending, delivered, failed with the last error) with a retry; webhook endpoints.
import type { Response } from 'express';
import { z } from 'zod';
import { DEFAULT_NOTIFICATION_TABLE, NOTIFICATION_KINDS, NOTIFICATION_TABLE_VERSION, preferencesSchema } from '../../../approvals/notifications/index.ts';
import { logActorOf } from '../../auth/actor.ts';
import { recipientOf } from '../../services/notifications.ts';
import { defineRoute } from './route.ts';
import type { Route } from './route.ts';

const TAG = 'Notifications';
const JSON_TYPE = 'application/json';

const kindsResponse = z.array(z.strictObject({ kind: z.enum(NOTIFICATION_KINDS), summary: z.string(), awaits: z.string(), audiences: z.array(z.string()), security: z.boolean() }));
const preferencesResponse = z.strictObject({ tableVersion: z.number(), email: z.string().nullable(), preferences: preferencesSchema, kinds: kindsResponse });
const preferencesRequest = z.strictObject({ email: z.email().max(320).nullable(), preferences: preferencesSchema });
const mailboxResponse = z.strictObject({ messages: z.array(z.strictObject({ id: z.number(), subject: z.string(), text: z.string(), html: z.string(), receivedAt: z.string() })) });
const outboxStatus = z.enum(['pending', 'held', 'delivered', 'failed', 'digested']);
const outboxItem = z.strictObject({
  id: z.number(),
  idempotencyKey: z.string(),
  channel: z.enum(['email', 'webhook']),
  recipient: z.string(),
  kind: z.string(),
  requestId: z.string().nullable(),
  logIndex: z.number().nullable(),
  status: outboxStatus,
  attempts: z.number(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
const outboxResponse = z.strictObject({ counts: z.record(z.string(), z.number()), items: z.array(outboxItem) });
const webhookEndpoint = z.strictObject({ id: z.string(), url: z.string(), filter: z.array(z.string()), createdAt: z.string(), createdBy: z.string(), disabledAt: z.string().nullable() });
const webhookRequest = z.strictObject({ url: z.string().max(2000), filter: z.array(z.enum(NOTIFICATION_KINDS)).max(NOTIFICATION_KINDS.length) });
const createdWebhook = webhookEndpoint.extend({ secret: z.string() });
const idPath = z.strictObject({ id: z.coerce.number().int().positive() });
const endpointPath = z.strictObject({ id: z.string().regex(/^wh_[0-9a-f]{16}$/) });

const KINDS = NOTIFICATION_KINDS.map((kind) => ({ kind, ...DEFAULT_NOTIFICATION_TABLE[kind], audiences: [...DEFAULT_NOTIFICATION_TABLE[kind].audiences] }));

/** A new endpoint's secret is in this answer only: never cached. */
function sendCreated(res: Response, created: unknown): void {
  res.status(201).set('Cache-Control', 'no-store').json(created);
}

export const NOTIFICATION_ROUTES: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/notifications/preferences',
    operationId: 'getNotificationPreferences',
    tag: TAG,
    summary: 'Your email address, your delivery preferences, and the notification kinds with their default audiences',
    response: { status: 200, description: 'your settings and the table', mediaType: JSON_TYPE, schema: preferencesResponse },
    handle: async ({ principal, kg }) => ({ tableVersion: NOTIFICATION_TABLE_VERSION, ...(await kg.notifications.preferences(recipientOf(principal))), kinds: KINDS }),
  }),
  defineRoute({
    method: 'put',
    path: '/notifications/preferences',
    operationId: 'setNotificationPreferences',
    tag: TAG,
    summary: 'Set your email address and, per kind, immediately, daily_digest or off (security kinds are always immediate)',
    body: { mediaType: JSON_TYPE, schema: preferencesRequest },
    problems: ['preference-refused'],
    response: { status: 204, description: 'saved' },
    handle: async ({ body, principal, kg }) => {
      const recipient = recipientOf(principal);
      await kg.notifications.setPreferences(recipient, body.preferences);
      if (body.email !== null) await kg.notifications.setEmail(recipient, body.email);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/notifications/mailbox',
    operationId: 'getMailbox',
    tag: TAG,
    summary: 'Your local mailbox: the messages delivered to you while no SMTP server is configured, newest first',
    response: { status: 200, description: 'your messages', mediaType: JSON_TYPE, schema: mailboxResponse },
    handle: async ({ principal, kg }) => ({ messages: await kg.notifications.mailbox(recipientOf(principal)) }),
  }),
  defineRoute({
    method: 'get',
    path: '/notifications/outbox',
    operationId: 'listOutbox',
    tag: TAG,
    summary: 'The outbox: counts by status and the latest rows (pending, delivered, failed with the last error)',
    query: z.strictObject({ status: outboxStatus.optional() }),
    response: { status: 200, description: 'the outbox', mediaType: JSON_TYPE, schema: outboxResponse },
    handle: async ({ query, kg }) => {
      const { counts, items } = await kg.notifications.outbox(query.status === undefined ? {} : { status: query.status });
      return { counts, items: items.map(({ message: _message, recipientName: _name, ...row }) => row) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/notifications/outbox/:id/retry',
    operationId: 'retryOutbox',
    tag: TAG,
    summary: 'Retry a failed (dead-lettered) notification now, with its tries counted afresh',
    params: idPath,
    problems: ['notification-not-found'],
    response: { status: 204, description: 'due now' },
    handle: async ({ params, kg }) => {
      await kg.notifications.retry(params.id);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/webhooks',
    operationId: 'listWebhooks',
    tag: TAG,
    summary: 'Webhook endpoints (never their secrets)',
    response: { status: 200, description: 'every endpoint', mediaType: JSON_TYPE, schema: z.strictObject({ endpoints: z.array(webhookEndpoint) }) },
    handle: async ({ kg }) => ({ endpoints: await kg.notifications.webhooks() }),
  }),
  defineRoute({
    method: 'post',
    path: '/webhooks',
    operationId: 'registerWebhook',
    tag: TAG,
    summary: 'Register a webhook endpoint with an event filter (empty: every kind); the answer holds its signing secret, shown once',
    description: 'Payloads are JSON `{type, timestamp, data: {requestId, logIndex, link}}`, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature headers). The registration is in the audit log.',
    body: { mediaType: JSON_TYPE, schema: webhookRequest },
    problems: ['webhook-invalid'],
    response: { status: 201, description: 'the endpoint and its secret', mediaType: JSON_TYPE, schema: createdWebhook },
    handle: ({ body, principal, kg }) => kg.notifications.registerWebhook(logActorOf(principal), body),
    render: sendCreated,
  }),
  defineRoute({
    method: 'post',
    path: '/webhooks/:id/disable',
    operationId: 'disableWebhook',
    tag: TAG,
    summary: 'Stop delivering to a webhook endpoint (its pending notices fail); the removal is in the audit log',
    params: endpointPath,
    problems: ['notification-not-found'],
    response: { status: 204, description: 'disabled' },
    handle: async ({ params, principal, kg }) => {
      await kg.notifications.disableWebhook(logActorOf(principal), params.id);
    },
  }),
];
