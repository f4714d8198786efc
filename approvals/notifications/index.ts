// Notifications: the kinds and their default audiences, preferences, triggers and rendering.
export { DEFAULT_NOTIFICATION_TABLE, NOTIFICATION_KINDS, NOTIFICATION_TABLE_VERSION, isNotificationKind } from './kinds.ts';
export type { NotificationKind } from './kinds.ts';
export { NotificationError } from './errors.ts';
export type { NotificationErrorCode } from './errors.ts';
export { checkPreferences, deliveryOf, preferencesSchema } from './preferences.ts';
export type { Preferences } from './preferences.ts';
export { notificationsFor } from './triggers.ts';
export type { NotificationIntent } from './triggers.ts';
export { noticeLink, renderDigest, renderNotice } from './render.ts';
export type { RenderedMessage } from './render.ts';
export { webhookWants } from './webhook.ts';
export type { WebhookPayload } from './webhook.ts';
