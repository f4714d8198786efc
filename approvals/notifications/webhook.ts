// What a webhook receives: the event kind, the request id and the log index, nothing more (the
// receiver reads the rest through the API, with its own credentials). Signed by the server per
// Standard Webhooks; the message id is the notice's idempotency key.
import { z } from 'zod';
import { NOTIFICATION_KINDS } from './kinds.ts';
import type { NotificationKind } from './kinds.ts';

export const webhookPayloadSchema = z.strictObject({
  type: z.enum(NOTIFICATION_KINDS),
  timestamp: z.string(),
  data: z.strictObject({ requestId: z.string().nullable(), logIndex: z.number().int().nonnegative().nullable(), link: z.string() }),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

export function webhookWants(filter: readonly NotificationKind[], kind: NotificationKind): boolean {
  return filter.length === 0 || filter.includes(kind);
}
